"""sarif: `exempt lint --format sarif` validates against the OASIS SARIF
2.1.0 schema (tests/data/sarif), carries what GitHub code scanning reads
(rules with ids, names, help and helpUri; results with ruleId, level, a
physical location with line and column, and the exemption as a logical
location), and keeps every hostile value as data."""

import json
import subprocess

import jsonschema

from common import EXEMPT, HOSTILE, ROOT, show

SCHEMA = ROOT / "tests/data/sarif/sarif-schema-2.1.0.json"
CASES = [
    (["-e", "tests/data/lint/environment.exemptions.jsonc", "demo/containers.json",
      "demo/controls.json", "demo/assessments.json"], "environment"),
    (["-e", "tests/data/lint/definitions.exemptions.jsonc",
      "--definitions", "tests/data/formats/policy-set-mcsb-small.json",
      "--definitions", "tests/data/formats/assessment-metadata-policy-map.json",
      "--definitions", "tests/data/lint/assignments.definitions.json"], "definitions"),
    (["-e", str(HOSTILE)], "hostile"),
]


def lint(args):
    r = subprocess.run([EXEMPT, "lint", "--format", "sarif", "--at", "2026-12-01T00:00:00Z", *args],
                       cwd=ROOT, capture_output=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"exempt lint exited {r.returncode}: {r.stderr.decode(errors='replace')}")
    return json.loads(r.stdout.decode("utf-8"))


def check(report):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    for args, label in CASES:
        log = lint(args)
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(log)]
        report.check(f"sarif ({label}): validates against the SARIF 2.1.0 schema", errors)
        run = log["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        problems = [f"rule {r.get('id')} lacks {k}" for r in rules
                    for k in ("id", "name", "helpUri", "help", "shortDescription") if k not in r]
        ids = [r["id"] for r in rules]
        for res in run["results"]:
            loc = res["locations"][0]
            region = loc["physicalLocation"]["region"]
            if res["ruleId"] not in ids or ids[res["ruleIndex"]] != res["ruleId"]:
                problems.append(f"result names rule {res['ruleId']} at index {res['ruleIndex']}")
            if region["startLine"] < 1 or region["startColumn"] < 1:
                problems.append(f"{res['ruleId']}: region {region}")
            if res["level"] not in ("error", "warning", "note"):
                problems.append(f"{res['ruleId']}: level {res['level']}")
        if label != "hostile" and not run["results"]:
            problems.append("no results: the case has problems to find")
        report.check(f"sarif ({label}): rules and results carry what code scanning reads", problems)
    # Hostile names reach SARIF as data: every name comes back exactly.
    names = {e["name"] for e in json.loads(HOSTILE.read_text(encoding="utf-8"))["exemptions"]}
    got = {ll["name"] for res in lint(["-e", str(HOSTILE)])["runs"][0]["results"]
           for ll in res["locations"][0].get("logicalLocations", [])}
    report.check("sarif (hostile): exemption names come back exactly",
                 [f"{show(n)} is not a name of the file" for n in got - names])
