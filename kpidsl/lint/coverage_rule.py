"""K-L1001 test-coverage: a team's configuration can require that a scheme's own `test` blocks
reach a share of its tiers, bands, vetoes, adjustments, outcomes and branches (`min-coverage` in
`[lint]`). The tests run with a trace, and `coverage.py` reads what they reached, as `kpi test
--coverage` does; a scheme below the minimum gets one finding naming what its tests miss."""

from __future__ import annotations

from decimal import Decimal

from ..api import Scheme
from ..coverage import Report
from ..errors import Diagnostic, KpiError, Severity
from ..numbers import fmt_percent
from ..source import Span

#: Targets a finding names (the rest are counted).
SHOWN_MISSES = 3


def rule_coverage(scheme: Scheme, minimum: Decimal) -> list[Diagnostic]:
    """One K-L1001 finding when the scheme's tests reach less than `minimum` (a fraction) of it."""
    from ..testing import coverage_of, run_tests  # the result models, loaded only when a configuration asks for coverage

    try:
        outcomes = run_tests(scheme, trace=True)
    except KpiError:
        return []  # the checks report why the scheme cannot run
    report = coverage_of(scheme, outcomes)
    if report.percent >= minimum * 100:
        return []
    return [Diagnostic("K-L1001", _message(report, minimum), _where(scheme), Severity.ERROR, (_hint(report),))]


def _message(report: Report, minimum: Decimal) -> str:
    tests = "no test blocks" if not report.tests else f"the {report.tests} test block{'s' if report.tests > 1 else ''}"
    return (f"{tests} reach {report.covered} of {report.total} coverage targets ({report.percent}%); "
            f"the lint configuration asks for at least {fmt_percent(minimum)}")


def _hint(report: Report) -> str:
    missed = report.missed()
    named = "; ".join(f"line {c.target.span.line}: {c.target.what}" for c in missed[:SHOWN_MISSES])
    more = f" and {len(missed) - SHOWN_MISSES} more" if len(missed) > SHOWN_MISSES else ""
    return f"add test blocks that reach {named}{more} (kpi test --coverage lists them all)"


def _where(scheme: Scheme) -> Span:
    s = scheme.program.scheme
    if s is not None:
        return Span(s.span.path, s.span.line, s.span.col, s.span.line, s.span.col + len("scheme"))
    return Span(scheme.path, 1, 1, 1, 2)
