"""defender-arm and azure-policy-arm: ARM evaluates every string, key or
value, that starts with "[" and ends with "]" as an expression; a literal
one must be written "[[...]" (ARM then drops the first "["). The only
expression an export may hold is the nested deployments' location,
"[deployment().location]". After that un-escaping, each exemption resource
must carry the input's values and sit at one of its scopes."""

import json

from common import by_name, carried, differences, export, show

DEPLOYMENTS = "Microsoft.Resources/deployments"
LOCATION = "[deployment().location]"


def expression(s):
    return s.startswith("[") and s.endswith("]") and not s.startswith("[[")


def arm_value(s):
    """The string ARM would use for literal `s`."""
    return s[1:] if s.startswith("[[") and s.endswith("]") else s


def unescape(value):
    if isinstance(value, str):
        return arm_value(value)
    if isinstance(value, dict):
        return {arm_value(k): unescape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unescape(v) for v in value]
    return value


def expressions(value, path, allowed):
    """(path, string) of every expression but the allowed locations."""
    if isinstance(value, str):
        if expression(value) and not (path in allowed and value == LOCATION):
            yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if expression(k):
                yield f"{path}.{{key}}", k
            yield from expressions(v, f"{path}.{k}", allowed)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from expressions(v, f"{path}[{i}]", allowed)


def scope_of(deployment, inner):
    """The Azure id the nested deployment and its resource's `scope` reach."""
    d = unescape(deployment)
    if "scope" in d:
        base = "/providers/" + d["scope"]
    else:
        base = "/subscriptions/" + d.get("subscriptionId", "?")
        if "resourceGroup" in d:
            base += "/resourceGroups/" + d["resourceGroup"]
    if "scope" in inner:
        base += "/providers/" + arm_value(inner["scope"])
    return base


def check(report):
    for fmt, kind in (("defender-arm", "Microsoft.Security/standardAssignments"),
                      ("azure-policy-arm", "Microsoft.Authorization/policyExemptions")):
        check_format(report, fmt, kind)


def check_format(report, fmt, kind):
    wanted = by_name()
    try:
        template = json.loads(export(fmt))
    except Exception as err:  # noqa: BLE001 - reported as a failure
        report.check(f"{fmt}: export parses as JSON", [str(err)])
        return
    top = template.get("resources", [])
    allowed = {f"$.resources[{i}].location" for i, d in enumerate(top) if d.get("type") == DEPLOYMENTS}
    found = [f"{p} = {show(s)}" for p, s in expressions(template, "$", allowed)]
    report.check(f"{fmt}: no unescaped [expression] in any key or value", found)

    seen = {}
    for d in top:
        for r in d.get("properties", {}).get("template", {}).get("resources", []):
            if r.get("type") != kind:
                report.check(f"{fmt}: resource types", [f"unexpected {show(r.get('type'))}"])
                continue
            p = unescape(r.get("properties", {}))
            name = p.get("displayName")
            e = wanted.get(name)
            if e is None:
                report.check(f"{fmt}: resource {show(r.get('name'))}", [f"displayName {show(name)} is no exemption's name"])
                continue
            scope = scope_of(d, r)
            seen.setdefault(name, []).append(scope)
            if kind.startswith("Microsoft.Security"):
                metadata, carrier = carried(unescape(r.get("metadata")))
                category = p.get("exemptionData", {}).get("exemptionCategory")
            else:
                metadata, carrier = carried(p.get("metadata"))
                category = p.get("exemptionCategory")
            problems = differences(e, {
                "name": name, "description": p.get("description"), "expiresOn": p.get("expiresOn"),
                "category": category, "metadata": metadata,
                "createdBy": carrier.get("createdBy"), "id": carrier.get("id")})
            if scope not in e["scopes"]:
                problems.append(f"deployed at {show(scope)}, not at one of {show(e['scopes'])}")
            key = p.get("exemptionData", {}).get("assignedAssessment", {}).get("assessmentKey")
            report.check(f"{fmt}: {show(name)} at {show(scope)}" + (f" for {key}" if key else ""), problems)

    problems = []
    for name, e in wanted.items():
        at = seen.get(name, [])
        per_scope = len(e.get("recommendations", [])) if kind.startswith("Microsoft.Security") else 1
        for s in e["scopes"]:
            n = at.count(s)
            if n == 0 or ("recommendations" in e and n != per_scope):
                problems.append(f"{show(name)} at {show(s)}: {n} resources")
    report.check(f"{fmt}: one resource per exemption scope (and recommendation)", problems)
