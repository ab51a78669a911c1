"""csv and csv-assessments, read with Python's csv module: one row per
exemption, each cell the input's value or "'" + value (the OWASP CSV
injection escape), and no cell a spreadsheet would run as a formula."""

import csv
import io

from common import by_name, exemptions, export, formula_start, show

COLUMNS = ["name", "category", "cloud", "scopes", "recommendations", "recommendationCategory",
           "expiresOn", "createdOn", "createdBy", "description", "id"]


def rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def same(cell, value):
    return cell in (value, "'" + value)


def formulas(table):
    return [f"row {r}: cell {show(c)} starts a formula" for r, row in enumerate(table)
            for c in row if formula_start(c)]


def check(report):
    try:
        table = rows(export("csv"))
    except Exception as err:  # noqa: BLE001 - reported as a failure
        report.check("csv: export", [str(err)])
        return
    everything = exemptions()
    header, body = (table[0], table[1:]) if table else ([], [])
    report.check("csv: header and one row per exemption",
                 ([] if header == COLUMNS else [f"header {show(header)}"])
                 + ([] if len(body) == len(everything) else [f"{len(body)} rows for {len(everything)} exemptions"]))
    report.check("csv: no cell starts a formula", formulas(table))
    for e, row in zip(everything, body):
        want = {"name": e["name"], "category": e["category"], "cloud": e["cloud"],
                "scopes": "; ".join(e["scopes"]), "recommendations": "; ".join(e.get("recommendations", [])),
                "recommendationCategory": e.get("recommendationCategory", ""),
                "expiresOn": e.get("expiresOn", ""), "createdOn": e.get("createdOn", ""),
                "createdBy": e.get("createdBy", ""), "description": e.get("description", ""), "id": e.get("id", "")}
        cells = dict(zip(header, row))
        problems = [] if len(row) == len(header) else [f"{len(row)} cells"]
        problems += [f"{k}: expected {show(v)}, got {show(cells.get(k))}"
                     for k, v in want.items() if not same(cells.get(k, ""), v)]
        report.check(f"csv: row of {show(e['name'])}", problems)

    try:
        table = rows(export("csv-assessments"))
    except Exception as err:  # noqa: BLE001 - reported as a failure
        report.check("csv-assessments: export", [str(err)])
        return
    names = by_name()
    header, body = (table[0], table[1:]) if table else ([], [])
    problems = [] if body else ["no exempted assessment: the hostile names are not exercised"]
    for n, row in enumerate(body, 1):
        cells = dict(zip(header, row))
        if len(row) != len(header):
            problems.append(f"row {n}: {len(row)} cells for {len(header)} columns")
        cell = cells.get("exemption", "")
        e = names.get(cell) or names.get(cell[1:] if cell.startswith("'") else None)
        if e is None:
            problems.append(f"row {n}: exemption {show(cell)} is no exemption's name")
        elif cells.get("category") != e["category"] or cells.get("expiresOn") != e.get("expiresOn", ""):
            problems.append(f"row {n}: category/expiresOn {show(cells.get('category'))} {show(cells.get('expiresOn'))}")
    report.check(f"csv-assessments: every row names an exemption exactly ({len(body)} rows)", problems)
    report.check("csv-assessments: no cell starts a formula", formulas(table))
