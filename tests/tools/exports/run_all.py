"""Runs every export checker on tests/data/hostile/exemptions.json and ends
with `exports: N passed, N failed`; exits 1 when any check failed.
EXEMPT=path names the exempt binary (default target/debug/exempt)."""

import sys
import traceback

import check_arm
import check_az
import check_bicep
import check_csv
import check_exempt
import check_ics
import check_sarif
import check_terraform
from common import Report

CHECKERS = [check_exempt, check_arm, check_terraform, check_bicep, check_az, check_csv, check_ics, check_sarif]


def main():
    report = Report()
    for checker in CHECKERS:
        try:
            checker.check(report)
        except Exception:  # noqa: BLE001 - a checker that crashes is a failure, not a stop
            report.check(f"{checker.__name__} ran to the end", [traceback.format_exc().strip()])
    print(f"exports: {report.passed} passed, {report.failed} failed", flush=True)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
