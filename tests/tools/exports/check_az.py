"""azure-policy-az: the exported bash script, run by bash with the real
Azure CLI (az_shim.py) first on PATH. Every request it would send is
logged; the URL's path and the body's properties must be the input's
values, and nothing may have run or been read from a file on the way."""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from common import EXEMPTION_TYPE, by_name, carried, differences, export, show

FORMAT = "azure-policy-az"
HERE = Path(__file__).resolve().parent
# Read if an argument's @file were expanded: the hostile values name it.
LEAK = "leak.txt"
LEAK_TEXT = "LEAKED-FILE-CONTENT-5b1f"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def environment(tmp):
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    az = bin_dir / "az"
    az.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{HERE / "az_shim.py"}" "$@"\n')
    az.chmod(0o755)
    env = dict(os.environ)
    env.update({
        "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        "HOME": str(tmp / "home"),
        "AZURE_CONFIG_DIR": str(tmp / "azure"),
        "AZURE_EXTENSION_DIR": str(tmp / "azure-extensions"),
        "AZURE_CORE_COLLECT_TELEMETRY": "no",
        "AZURE_CORE_SURVEY_MESSAGE": "no",
        "AZURE_CORE_NO_COLOR": "yes",
        "EXPORT_CHECK_AZ_LOG": str(tmp / "requests.jsonl"),
        # Anything that still tried the network would find nobody there.
        "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
    })
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    (tmp / "home").mkdir()
    return env


def file_contents():
    """Texts that must not appear in any value unless the input has them."""
    out = [LEAK_TEXT]
    try:
        hostname = Path("/etc/hostname").read_text().strip()
        if len(hostname) >= 4:
            out.append(hostname)
    except OSError:
        pass
    return out


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def check(report):
    wanted = by_name()
    try:
        script = export(FORMAT)
    except Exception as err:  # noqa: BLE001 - reported as a failure
        report.check(f"{FORMAT}: export", [str(err)])
        return
    with tempfile.TemporaryDirectory(prefix="exports-az-") as t:
        tmp = Path(t)
        env = environment(tmp)
        work = tmp / "work"
        work.mkdir()
        (work / LEAK).write_text(LEAK_TEXT + "\n")
        (work / "exemptions.sh").write_text(script, encoding="utf-8")
        r = subprocess.run(["bash", "exemptions.sh"], cwd=work, env=env, capture_output=True, timeout=900)
        entries = []
        log = tmp / "requests.jsonl"
        if log.exists():
            entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        calls = [e for e in entries if "argv" in e]
        sent = [e for e in entries if "method" in e]
        runs = script.count("\naz ")
        problems = []
        if r.returncode != 0:
            problems.append(f"bash exited {r.returncode}: {r.stderr.decode(errors='replace').strip()[-800:]}")
        if len(calls) != runs or len(sent) != runs:
            problems.append(f"{runs} az commands in the script, {len(calls)} ran, {len(sent)} requests sent")
        report.check(f"{FORMAT}: the script runs to the end, one request per az command", problems)

        made = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if "PWNED" in p.name)
        report.check(f"{FORMAT}: no command in a value ran (no PWNED file)", [f"created {made}"] if made else [])

        expected = {(s, n) for n, e in wanted.items() for s in e["scopes"]}
        seen, names = set(), set()
        leaks = file_contents()
        for req in sent:
            check_request(report, req, wanted, seen, names, leaks)
        missing = sorted(expected - seen)
        report.check(f"{FORMAT}: one PUT per exemption and scope",
                     [f"no request for {show(s)} of {show(n)}" for s, n in missing]
                     + ([f"{len(sent)} requests for {len(expected)} exemption scopes"] if len(sent) != len(expected) else []))


def check_request(report, req, wanted, seen, names, leaks):
    problems = []
    url = urlsplit(req["url"])
    body = json.loads(req["body"]) if req["body"] else {}
    props = body.get("properties", {})
    name = props.get("displayName")
    e = wanted.get(name)
    label = f"{FORMAT}: request for {show(name)}"
    if e is None:
        report.check(label, [f"displayName {show(name)} is no exemption's name; url {show(req['url'])}"])
        return
    if req["method"] != "PUT":
        problems.append(f"method {req['method']}")
    if url.scheme != "https" or url.netloc != "management.azure.com":
        problems.append(f"sent to {show(url.scheme + '://' + url.netloc)}")
    if parse_qs(url.query, keep_blank_values=True) != {"api-version": ["2024-12-01-preview"]} or url.fragment:
        problems.append(f"query {show(url.query)} fragment {show(url.fragment)}")
    # Each path segment percent-decoded on its own: an encoded / stays
    # inside its segment, as Azure reads it.
    path = "/".join(unquote(s) for s in url.path.split("/"))
    scope, sep, resource = path.rpartition(EXEMPTION_TYPE)
    if not sep or scope not in e["scopes"]:
        problems.append(f"URL path {show(path)} is not one of the scopes {show(e['scopes'])} + {EXEMPTION_TYPE}NAME")
    elif not UUID.match(resource) or resource in names:
        problems.append(f"exemption resource name {show(resource)} is not a new UUID")
    else:
        seen.add((scope, name))
        names.add(resource)
    metadata, carrier = carried(props.get("metadata"))
    problems += differences(e, {
        "name": name, "description": props.get("description"), "expiresOn": props.get("expiresOn"),
        "category": props.get("exemptionCategory"), "metadata": metadata,
        "createdBy": carrier.get("createdBy"), "id": carrier.get("id")})
    inputs = list(strings(e))
    for text in leaks:
        for value in strings(props):
            if text in value and not any(text in s for s in inputs):
                problems.append(f"file content {show(text)} in {show(value)}")
    report.check(label, problems)
