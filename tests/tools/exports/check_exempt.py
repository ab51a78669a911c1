"""exempt: the project's own format must give back the input file's
exemptions exactly, every hostile value included."""

import json

from common import exemptions, export, show


def check(report):
    try:
        got = json.loads(export("exempt"))["exemptions"]
    except Exception as err:  # noqa: BLE001 - reported as a failure
        report.check("exempt: export parses as JSON", [str(err)])
        return
    want = exemptions()
    problems = [] if len(got) == len(want) else [f"{len(got)} exemptions for {len(want)}"]
    for w, g in zip(want, got):
        if w != g:
            fields = sorted(k for k in set(w) | set(g) if w.get(k) != g.get(k))
            problems.append(f"{show(w['name'])}: " + ", ".join(
                f"{k}: expected {show(w.get(k))}, got {show(g.get(k))}" for k in fields))
    report.check("exempt: the exemption file comes back equal", problems)
