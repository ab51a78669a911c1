"""defender-terraform and azure-policy-terraform, read by Terraform itself
when it is installed and by python-hcl2 always.

Terraform: `terraform fmt -check` must accept the file; then each
`resource "T" "N" {...}` is turned into `output "N" { value = {...} }` (the
body of a resource is valid as an object constructor) and applied with no
provider, so `terraform output -json` gives every string exactly as
Terraform evaluates it: an unescaped ${...} or %{...} would be
interpolated or fail, and jsonencode() runs for real.

python-hcl2 keeps template escapes raw ($${ and %%{) and returns an
unescaped ${...} as is, so its strings are un-escaped here and any live
interpolation or directive is a failure."""

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import hcl2
from hcl2.utils import SerializationOptions

from common import by_name, carried, differences, export, show

HEADER = re.compile(r'^resource "([^"]+)" "([^"]+)" \{$')
COMMENT = "# exempt metadata: "
SCOPE_FIELDS = ("management_group_id", "subscription_id", "resource_group_id", "resource_id", "parent_id")
HCL = SerializationOptions(strip_string_quotes=True, with_comments=False)


def check(report):
    tf = shutil.which("terraform")
    if not tf:
        print("note: terraform is not installed; Terraform exports are read with python-hcl2 only", flush=True)
    for fmt in ("defender-terraform", "azure-policy-terraform"):
        try:
            text = export(fmt)
        except Exception as err:  # noqa: BLE001 - reported as a failure
            report.check(f"{fmt}: export", [str(err)])
            continue
        comments = metadata_comments(report, fmt, text) if fmt.startswith("defender") else {}
        if tf:
            with tempfile.TemporaryDirectory(prefix="exports-tf-") as t:
                resources = terraform_values(report, fmt, text, tf, Path(t))
            if resources is not None:
                compare(report, f"{fmt} (terraform)", resources, comments)
        resources = hcl2_values(report, fmt, text)
        if resources is not None:
            compare(report, f"{fmt} (python-hcl2)", resources, comments)


def terraform_env(tmp):
    rc = tmp / "terraformrc"
    rc.write_text("")
    return dict(os.environ, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1", TF_INPUT="0",
                TF_CLI_CONFIG_FILE=str(rc), TF_DATA_DIR=str(tmp / "data"))


def terraform_values(report, fmt, text, tf, tmp):
    env = terraform_env(tmp)
    r = subprocess.run([tf, "fmt", "-no-color", "-check", "-diff", "-"], input=text.encode(), env=env, capture_output=True)
    report.check(f"{fmt}: terraform fmt -check accepts it",
                 [] if r.returncode == 0 else [f"exit {r.returncode}: {(r.stdout + r.stderr).decode(errors='replace')[-1500:]}"])
    out, inside = [], False
    for line in text.split("\n"):
        m = HEADER.match(line)
        if m and not inside:
            out += [f'output "{m.group(2)}" {{', "  value = {"]
            inside = True
        elif inside and line == "}":
            out += ["  }", "}"]
            inside = False
        else:
            out.append(line)
    work = tmp / "config"
    work.mkdir()
    (work / "main.tf").write_text("\n".join(out), encoding="utf-8")
    for args in (["init", "-no-color", "-input=false", "-backend=false"],
                 ["apply", "-no-color", "-auto-approve", "-input=false", "-lock=false"]):
        r = subprocess.run([tf, *args], cwd=work, env=env, capture_output=True)
        if r.returncode != 0:
            report.check(f"{fmt}: terraform evaluates every resource body",
                         [f"terraform {args[0]} exit {r.returncode}: {r.stderr.decode(errors='replace')[-1500:]}"])
            return None
    r = subprocess.run([tf, "output", "-no-color", "-json"], cwd=work, env=env, capture_output=True)
    values = json.loads(r.stdout or b"{}")
    report.check(f"{fmt}: terraform evaluates every resource body", [] if values else ["no outputs"])
    return {label: v["value"] for label, v in values.items()}


def template_value(s, where, problems):
    """The string Terraform makes of template text `s`; a live ${ or %{
    is recorded as a problem."""
    out, i = [], 0
    while i < len(s):
        if s.startswith(("$${", "%%{"), i):
            out.append(s[i + 1:i + 3])
            i += 3
        elif s.startswith(("${", "%{"), i):
            problems.append(f"{where}: live template sequence {show(s[i:i + 12])} in {show(s)}")
            out.append(s[i])
            i += 1
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def plain(value, where, problems):
    if isinstance(value, str):
        return template_value(value, where, problems)
    if isinstance(value, dict):
        return {plain(k, where, problems): plain(v, where, problems) for k, v in value.items()
                if k != "__is_block__"}
    if isinstance(value, list):
        return [plain(v, where, problems) for v in value]
    return value


def hcl2_values(report, fmt, text):
    try:
        doc = hcl2.loads(text, serialization_options=HCL)
    except Exception as err:  # noqa: BLE001 - reported as a failure
        report.check(f"{fmt}: python-hcl2 parses it", [f"{type(err).__name__}: {err}"])
        return None
    problems, resources = [], {}
    for block in doc.get("resource", []):
        for kind, labelled in block.items():
            for label, body in labelled.items():
                m = body.get("metadata")
                values = plain({k: v for k, v in body.items() if k != "metadata"}, label, problems)
                # jsonencode({...}) comes back as its source text: read the object.
                if isinstance(m, str) and m.startswith("${jsonencode(") and m.endswith(")}"):
                    obj = hcl2.loads("v = " + m[len("${jsonencode("):-2] + "\n", serialization_options=HCL)["v"]
                    values["metadata"] = json.dumps(plain(obj, f"{label}.metadata", problems))
                elif m is not None:
                    problems.append(f"{label}.metadata is not jsonencode({{...}}): {show(m)}")
                resources[label.strip('"')] = values
    report.check(f"{fmt}: python-hcl2 parses it, no live ${{...}} or %{{...}}", problems)
    return resources


def metadata_comments(report, fmt, text):
    """defender-terraform: the `# exempt metadata: JSON` line before each
    resource, by resource label; each must be one line of JSON."""
    out, problems, pending = {}, [], None
    for line in text.split("\n"):
        if line.startswith(COMMENT):
            try:
                pending = json.loads(line[len(COMMENT):])
            except ValueError as err:
                problems.append(f"not one line of JSON: {show(line[:200])}: {err}")
        elif (m := HEADER.match(line)):
            out[m.group(2)] = pending
            pending = None
    report.check(f"{fmt}: each `{COMMENT.strip()}` comment is one line of JSON", problems)
    return out


def compare(report, label, resources, comments):
    wanted = by_name()
    seen = {}
    for name, body in resources.items():
        props = body.get("body", {}).get("properties") if "body" in body else None
        if props is not None:  # azapi standard assignment
            view = {"name": props.get("displayName"), "description": props.get("description"),
                    "expiresOn": props.get("expiresOn"),
                    "category": props.get("exemptionData", {}).get("exemptionCategory")}
            metadata = comments.get(name)
        else:  # azurerm policy exemption: metadata is jsonencode()d
            view = {"name": body.get("display_name"), "description": body.get("description"),
                    "expiresOn": body.get("expires_on"), "category": body.get("exemption_category")}
            try:
                metadata = json.loads(body["metadata"]) if body.get("metadata") is not None else None
            except ValueError as err:
                metadata = f"<not JSON: {err}>"
        user, carrier = carried(metadata)
        view.update(metadata=user, createdBy=carrier.get("createdBy"), id=carrier.get("id"))
        scope = next((body[f] for f in SCOPE_FIELDS if f in body), None)
        e = wanted.get(view["name"])
        if e is None:
            report.check(f"{label}: resource {name}", [f"display name {show(view['name'])} is no exemption's name"])
            continue
        problems = differences(e, view)
        if scope not in e["scopes"]:
            problems.append(f"scope {show(scope)} is not one of {show(e['scopes'])}")
        key = (props or {}).get("exemptionData", {}).get("assignedAssessment", {}).get("assessmentKey")
        seen.setdefault(e["name"], []).append((scope, key))
        report.check(f"{label}: {show(e['name'])} at {show(scope)}" + (f" for {key}" if key else ""), problems)
    missing = [f"{show(n)} at {show(s)}" for n, e in wanted.items() for s in e["scopes"]
               if s not in [at for at, _ in seen.get(n, [])]]
    # A standard assignment exempts one recommendation: one per listed one.
    missing += [f"{show(n)} at {show(s)} for {r}" for n, e in wanted.items() for s in e["scopes"]
                for r in e.get("recommendations", []) if comments and (s, r) not in seen.get(n, [])]
    report.check(f"{label}: a resource for every exemption scope ({len(resources)} resources)", missing)
