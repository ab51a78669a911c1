//! SARIF 2.1.0, as GitHub code scanning reads it: the rules with their
//! help and source, and each result at its line and column in the
//! exemption file, with the exemption named as a logical location.

use super::{LintReport, RULES};
use serde_json::{json, Value};

/// The report as a SARIF 2.1.0 log; `file` is the exemption file's path
/// as the repository names it.
pub fn sarif(report: &LintReport, file: &str, version: &str) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": format!("{} Source: {}", r.help, r.source), "markdown": format!("{} [Source]({})", r.help, r.source)},
                "helpUri": r.source,
                "defaultConfiguration": {"level": r.level.as_str()},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let index = RULES.iter().position(|r| r.id == f.rule).unwrap_or(0);
            let mut result = json!({
                "ruleId": f.rule,
                "ruleIndex": index,
                "level": f.level.as_str(),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file},
                        "region": {"startLine": f.line.max(1), "startColumn": f.column.max(1)}
                    }
                }]
            });
            if let Some(name) = &f.exemption {
                result["locations"][0]["logicalLocations"] = json!([{
                    "name": name,
                    "fullyQualifiedName": format!("exemptions[{}]", f.index.saturating_sub(1)),
                    "kind": "object"
                }]);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "exempt",
                "informationUri": "https://github.com/exempt-dev/exempt",
                "semanticVersion": version,
                "rules": rules
            }},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    })
}
