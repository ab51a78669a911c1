"""What every export checker shares: the hostile exemption file, running
`exempt export`, the pass/fail report, and reading back the metadata that
travels under "exempt" (README: "What a format has no field for ... travels
in the format's metadata under "exempt"")."""

import json
import os
import subprocess
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
EXEMPT = os.environ.get("EXEMPT") or str(ROOT / "target/debug/exempt")
HOSTILE = ROOT / "tests/data/hostile/exemptions.json"
# The same definitions, assignment and inputs as crates/cli/tests/formats.rs,
# so the azure-policy formats resolve the same policies.
ASSIGNMENT = ("/providers/Microsoft.Management/managementGroups/contoso/providers/"
              "Microsoft.Authorization/policyAssignments/mcsb-contoso")
DEFINITIONS = ["tests/data/formats/policy-set-mcsb-small.json",
               "tests/data/formats/roundtrip/policy-env/assessments.json"]
INPUTS = ["demo/containers.json", "demo/controls.json",
          "tests/data/formats/roundtrip/policy-env/assessments.json"]
AT = "2026-06-01T00:00:00Z"
CARRIER = "exempt"
EXEMPTION_TYPE = "/providers/Microsoft.Authorization/policyExemptions/"


def exemptions():
    return json.loads(HOSTILE.read_text(encoding="utf-8"))["exemptions"]


def by_name():
    return {e["name"]: e for e in exemptions()}


class ExportFailed(Exception):
    pass


def export(fmt, exemption_file=HOSTILE, extra=()):
    """`exempt export --to FMT`, as text; the policy formats get the
    definitions and the assignment they need."""
    args = [EXEMPT, "export", "--to", fmt, "-e", str(exemption_file), "--at", AT, *extra]
    if fmt.startswith("azure-policy"):
        args += ["--assignment", ASSIGNMENT]
        for d in DEFINITIONS:
            args += ["--definitions", d]
    r = subprocess.run(args + INPUTS, cwd=ROOT, capture_output=True)
    if r.returncode != 0:
        raise ExportFailed(f"exempt export --to {fmt} exited {r.returncode}: "
                           + r.stderr.decode(errors="replace").strip())
    return r.stdout.decode("utf-8")


def show(value):
    """A value with every invisible or non-ASCII character escaped, so a
    failure message says exactly what came out."""
    return ascii(value)


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, problems):
        """One check: `problems` is a list of what is wrong (empty: ok)."""
        if problems:
            self.failed += 1
            print(f"FAILED {name}: " + "; ".join(problems), flush=True)
        else:
            self.passed += 1
            print(f"ok {name}", flush=True)


def carried(metadata):
    """(the exemption's own metadata, the "exempt" carrier) from an exported
    metadata object: the writer puts the exemption's metadata at the top
    level, or whole under exempt.metadata when it is not an object or
    holds an "exempt" key of its own."""
    if not isinstance(metadata, dict):
        return metadata, {}
    rest = dict(metadata)
    carrier = rest.pop(CARRIER, {})
    if not isinstance(carrier, dict):
        return rest, {"<carrier is not an object>": carrier}
    if "metadata" in carrier:
        return carrier["metadata"], carrier
    return (rest or None), carrier


def differences(e, got):
    """What differs between exemption `e` (from the input file) and `got`,
    the fields one export carried: name, description, expiresOn, category,
    metadata (already through `carried`), createdBy, id. Only the fields in
    `got` are compared."""
    want = {"name": e["name"], "description": e.get("description"),
            "expiresOn": e.get("expiresOn"), "category": e["category"],
            "metadata": e.get("metadata"), "createdBy": e.get("createdBy"), "id": e.get("id")}
    out = []
    for field, value in got.items():
        expected = want[field]
        if field == "category" and isinstance(value, str):
            value = value.lower()  # Azure Policy writes Waiver/Mitigated
        if value != expected:
            out.append(f"{field}: expected {show(expected)}, got {show(value)}")
    return out


def formula_start(cell):
    """True when a spreadsheet would take the cell as a formula (OWASP CSV
    injection): after leading whitespace and control characters, it starts
    with = + - @ or their full-width forms."""
    stripped = cell
    while stripped and (stripped[0].isspace() or unicodedata.category(stripped[0]) == "Cc"):
        stripped = stripped[1:]
    return stripped[:1] in ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
