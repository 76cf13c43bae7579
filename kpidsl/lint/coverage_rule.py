"""K-L1101 test-coverage: a team's configuration can require that a scheme's own `test` blocks
reach a share of its tiers, bands, vetoes, adjustments, outcomes and branches (`min-coverage` in
`[lint]`). The tests run with a trace, and `coverage.py` reads what they reached, as `kpi test
--coverage` does; a scheme below the minimum gets one finding naming what its tests miss."""

from __future__ import annotations

from decimal import Decimal

from ..api import Scheme
from ..coverage import Report
from ..errors import Diagnostic, KpiError, Severity
from ..messages import lint as msg
from ..numbers import fmt_percent
from ..source import Span

#: Targets a finding names (the rest are counted).
SHOWN_MISSES = 3


def rule_coverage(scheme: Scheme, minimum: Decimal) -> list[Diagnostic]:
    """One K-L1101 finding when the scheme's tests reach less than `minimum` (a fraction) of it."""
    from ..testing import coverage_of, run_tests  # the result models, loaded only when a configuration asks for coverage

    try:
        outcomes = run_tests(scheme, trace=True)
    except KpiError:
        return []  # the checks report why the scheme cannot run
    report = coverage_of(scheme, outcomes)
    if report.percent >= minimum * 100:
        return []
    return [Diagnostic("K-L1101", _message(report, minimum), _where(scheme), Severity.ERROR, (_hint(report),))]


def _message(report: Report, minimum: Decimal) -> str:
    tests = msg.no_test_blocks() if not report.tests else msg.test_blocks(count=report.tests)
    return msg.coverage_below(tests=tests, covered=report.covered, total=report.total, percent=str(report.percent),
                              minimum=fmt_percent(minimum))


def _hint(report: Report) -> str:
    from ..i18n import CLAUSES, listing

    missed = report.missed()
    named = listing([msg.coverage_target(line=c.target.span.line, target=c.target.what) for c in missed[:SHOWN_MISSES]], CLAUSES)
    if len(missed) > SHOWN_MISSES:
        named = msg.and_more(targets=named, count=len(missed) - SHOWN_MISSES)
    return msg.coverage_hint(targets=named)


def _where(scheme: Scheme) -> Span:
    s = scheme.program.scheme
    if s is not None:
        return Span(s.span.path, s.span.line, s.span.col, s.span.line, s.span.col + len("scheme"))
    return Span(scheme.path, 1, 1, 1, 2)
