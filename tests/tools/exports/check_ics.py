"""ics, read with the icalendar package: one event per exemption with an
expiry, its SUMMARY or DESCRIPTION holding the name exactly, and no event
or property made out of a value (a description holding
"\\r\\nEND:VEVENT\\r\\nBEGIN:VEVENT..." must stay text)."""

import re

from icalendar import Calendar

from common import exemptions, export, show

SUMMARY = "Exemption expires: "
# RFC 5545 TEXT can hold neither these nor a way to escape them.
UNREPRESENTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def check(report):
    try:
        text = export("ics")
        calendar = Calendar.from_ical(text)
    except Exception as err:  # noqa: BLE001 - reported as a failure
        report.check("ics: parses with icalendar", [f"{type(err).__name__}: {err}"])
        return
    # icalendar is lenient; other readers split lines on a bare CR or LF,
    # so a value must never bring one in (RFC 5545: lines end in CRLF,
    # folded at 75 octets).
    problems = [f"line {n}: bare CR or LF in {show(line[:80])}"
                for n, line in enumerate(text.split("\r\n"), 1) if "\r" in line or "\n" in line]
    problems += [f"line {n}: {len(line.encode())} octets" for n, line in enumerate(text.split("\r\n"), 1)
                 if len(line.encode()) > 75]
    report.check("ics: CRLF line ends only, lines of at most 75 octets", problems)
    events = calendar.walk("VEVENT")
    expiring = [e for e in exemptions() if e.get("expiresOn")]
    summaries = [str(ev.get("SUMMARY", "")) for ev in events]
    uids = [str(ev.get("UID", "")) for ev in events]
    problems = [] if len(events) == len(expiring) else [f"{len(events)} events for {len(expiring)} expiring exemptions"]
    problems += [f"SUMMARY {show(s)} names no exemption" for s in summaries
                 if not any(s == SUMMARY + e["name"] for e in expiring)]
    problems += ["UIDs repeat"] if len(set(uids)) != len(uids) else []
    problems += [f"{len(calendar.subcomponents)} components in the calendar"] if len(calendar.subcomponents) != len(events) else []
    report.check("ics: parses with icalendar, one event per expiring exemption", problems)
    for e in expiring:
        matches = ([ev for ev in events if str(ev.get("SUMMARY", "")) == SUMMARY + e["name"]]
                   or [ev for ev in events if e["name"] in str(ev.get("DESCRIPTION", ""))])
        problems = [] if len(matches) == 1 else [f"{len(matches)} events hold the name exactly"]
        description = e.get("description")
        if matches and description and not UNREPRESENTABLE.search(description):
            got = str(matches[0].get("DESCRIPTION", ""))
            if description not in got:
                problems.append(f"DESCRIPTION {show(got)} does not hold {show(description)}")
        report.check(f"ics: event of {show(e['name'])}", problems)
