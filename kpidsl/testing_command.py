"""What `kpi test` does: run each file's test blocks, print a diff for each value that differs,
and with `--coverage` report which tiers, bands, vetoes, adjustments, outcomes and branches the
tests reached (`coverage.py`), as text or JSON.

Kept out of `cli.py` (which only declares the options) so the command can be tested without
click; output goes through the two callables it is given (stdout, stderr).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import field

from .api import Scheme
from .coverage import Report, render_text, to_dict
from .messages import cli as msg
from .prebuilt import dataclass
from .testing import TestOutcome, coverage_of, run_tests

Echo = Callable[[str], None]


@dataclass
class Totals:
    passed: int = 0
    failed: int = 0
    reports: list[Report] = field(default_factory=list)
    results: list[dict[str, object]] = field(default_factory=list)


def run(schemes: Sequence[tuple[str, Scheme]], *, quiet: bool, coverage: bool, json_out: bool, out: Echo) -> Totals:
    """Run the tests of each (path as given, loaded scheme); return the counts (and reports)."""
    totals = Totals()
    for path, scheme in schemes:
        outcomes = run_tests(scheme, trace=coverage)
        if not json_out:
            _print_outcomes(path, outcomes, quiet, out)
        for o in outcomes:
            totals.passed += o.passed
            totals.failed += not o.passed
            totals.results.append({"file": path, "name": o.name, "line": o.span.line, "passed": o.passed,
                                   "mismatches": [{"path": m.path, "expected": m.expected, "actual": m.actual, "line": m.span.line}
                                                  for m in o.mismatches],
                                   **({"error": o.error} if o.error else {})})
        if coverage:
            report = coverage_of(scheme, outcomes)
            totals.reports.append(report)
            if not json_out:
                out(render_text(report, path))
    if json_out:
        doc: dict[str, object] = {"passed": totals.passed, "failed": totals.failed, "tests": totals.results}
        if coverage:
            doc["coverage"] = [to_dict(r, p) for r, (p, _) in zip(totals.reports, schemes, strict=True)]
        out(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        out(msg.tests_summary(passed=totals.passed, failed=totals.failed) + "\n")
    return totals


def _print_outcomes(path: str, outcomes: Sequence[TestOutcome], quiet: bool, out: Echo) -> None:
    if not outcomes and not quiet:
        out(msg.no_tests(path=path) + "\n")
    for o in outcomes:
        if o.passed:
            if not quiet:
                out(msg.test_passed(path=path, name=o.name) + "\n")
            continue
        out(msg.test_failed(path=path, line=o.span.line, name=o.name) + "\n")
        if o.error:
            out("  " + o.error.replace("\n", "\n  ") + "\n")
        for m in o.mismatches:
            out("  " + msg.test_value(path=m.path, line=m.span.line) + "\n")
            out("    " + msg.test_expected(value=m.expected) + "\n")
            out("    " + msg.test_actual(value=m.actual) + "\n")
