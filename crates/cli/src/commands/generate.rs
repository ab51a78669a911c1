//! `exempt generate`: a generated environment written as Resource Graph
//! exports, so that the whole command can be measured on realistic files.

use exempt_core::exemption::ExemptionFile;
use exempt_core::synth::{Sink, Spec, Synth};
use exempt_core::{AssessmentRow, Metadata};
use serde_json::{json, Value};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

struct Files {
    containers: Vec<Value>,
    controls: Vec<Value>,
    assessments: BufWriter<File>,
    first: bool,
    error: Option<std::io::Error>,
}

impl Sink for Files {
    fn management_group(&mut self, name: &str, display_name: &str, parent: Option<&str>) {
        self.containers.push(json!({
            "id": format!("/providers/Microsoft.Management/managementGroups/{name}"),
            "type": "microsoft.management/managementgroups",
            "name": name,
            "properties": {"displayName": display_name, "details": {"parent": parent.map(|p| json!({"name": p}))}}
        }));
    }

    fn subscription(&mut self, id: &str, display_name: &str, chain: &[(&str, Option<&str>)]) {
        let chain: Vec<Value> = chain.iter().map(|(n, _)| json!({"name": n})).collect();
        self.containers.push(json!({
            "id": format!("/subscriptions/{id}"),
            "type": "microsoft.resources/subscriptions",
            "name": display_name,
            "subscriptionId": id,
            "properties": {"managementGroupAncestorsChain": chain}
        }));
    }

    fn control(&mut self, name: &str, display_name: &str, max_score: f64, keys: &[&str]) {
        let defs: Vec<Value> = keys
            .iter()
            .map(|k| json!({"id": format!("/providers/Microsoft.Security/assessmentMetadata/{k}")}))
            .collect();
        self.controls.push(json!({
            "id": format!("/providers/Microsoft.Security/secureScoreControlDefinitions/{name}"),
            "name": name,
            "type": "Microsoft.Security/secureScoreControlDefinitions",
            "properties": {"displayName": display_name, "maxScore": max_score, "source": {"sourceType": "BuiltIn"}, "assessmentDefinitions": defs}
        }));
    }

    fn assessment(&mut self, row: AssessmentRow<'_>, m: &Metadata<'_>) {
        if self.error.is_some() {
            return;
        }
        let source = match row.cloud {
            exempt_core::Cloud::Azure => "Azure",
            exempt_core::Cloud::Aws => "Aws",
            exempt_core::Cloud::Gcp => "Gcp",
        };
        let value = json!({
            "id": row.id,
            "name": row.key,
            "type": "microsoft.security/assessments",
            "tenantId": "00000000-0000-0000-0000-000000000000",
            "kind": "",
            "location": "",
            "properties": {
                "resourceDetails": {"Source": source, "Id": row.resource_id},
                "displayName": m.display_name,
                "status": {"code": row.status.as_str()},
                "metadata": {"displayName": m.display_name, "severity": m.severity, "categories": m.categories, "preview": m.preview, "assessmentType": "BuiltIn"}
            }
        });
        let sep: &[u8] = if self.first { b"\n" } else { b",\n" };
        self.first = false;
        let result = self.assessments.write_all(sep).and_then(|()| {
            serde_json::to_writer(&mut self.assessments, &value).map_err(Into::into)
        });
        if let Err(e) = result {
            self.error = Some(e);
        }
    }
}

pub fn write(assessments: usize, exemptions: Option<usize>, out: &Path) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("error: {}: {e}", out.display());
    std::fs::create_dir_all(out).map_err(fail)?;
    let mut spec = Spec::with_assessments(assessments);
    if let Some(n) = exemptions {
        spec.exemptions = n;
    }
    let synth = Synth::new(spec);
    let mut files = Files {
        containers: Vec::new(),
        controls: Vec::new(),
        assessments: BufWriter::new(File::create(out.join("assessments.json")).map_err(fail)?),
        first: true,
        error: None,
    };
    files.assessments.write_all(b"{\"data\": [").map_err(fail)?;
    synth.rows(&mut files);
    if let Some(e) = files.error.take() {
        return Err(fail(e));
    }
    files.assessments.write_all(b"\n]}\n").map_err(fail)?;
    files.assessments.flush().map_err(fail)?;
    let write_json = |name: &str, value: &Value| -> Result<(), String> {
        let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
        std::fs::write(out.join(name), text + "\n").map_err(fail)
    };
    write_json("containers.json", &Value::Array(files.containers))?;
    write_json("controls.json", &json!({"value": files.controls}))?;
    let exemptions = ExemptionFile {
        exemptions: synth.exemptions(),
        policy: None,
        extra: Default::default(),
    };
    write_json("exemptions.json", &exemptions.to_value())?;
    eprintln!(
        "wrote {} (evaluate with --at {})",
        out.display(),
        exempt_core::synth::reference_time().to_rfc3339()
    );
    Ok(())
}
