"""Run the `test` blocks of a scheme: given inputs, expected results, a diff when they differ.

Expected numbers compare exactly as decimals (`92.5` equals `92.50`); text and grades compare as
written; `missing` expects no value (a skipped item's score, for instance).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import field
from decimal import Decimal

from . import ir
from . import nodes as n
from .api import Scheme
from .checks.tests import TEST_FIELDS
from .coverage import Report, measure
from .data.records import prepare_mapping
from .errors import KpiError
from .messages import cli as msg
from .numbers import fmt_plain
from .prebuilt import dataclass
from .results import RecordResult, to_model
from .source import Span
from .trace import TraceEvent
from .values import describe, given_cell


@dataclass(frozen=True)
class Mismatch:
    path: str
    expected: str
    actual: str
    span: Span


@dataclass(frozen=True)
class TestOutcome:
    """The result of one test block; with `trace`, the evaluation's trace events and the IR they
    are about (for `kpi test --coverage`)."""

    name: str
    span: Span
    passed: bool
    mismatches: tuple[Mismatch, ...] = ()
    error: str | None = field(default=None)
    events: tuple[TraceEvent, ...] = ()
    ir: ir.Scheme | None = field(default=None, compare=False)


def _show(value: object) -> str:
    """An actual value as a mismatch shows it: a number as it is (every digit: a test compares
    exactly), `missing` / 缺失, `true` / 是 from the catalogue, text as written."""
    if value is None or isinstance(value, bool):
        return describe(value)
    if isinstance(value, Decimal):
        return fmt_plain(value)
    return str(value)


def _actual(result: RecordResult, path: tuple[str, ...]) -> object:
    """The value a checked expect path names. An excluded record has no items and no fields, so
    what they would hold is missing."""
    if len(path) == 1:
        key = path[0]
        if key == "vetoed":
            return bool(result.vetoes)
        if key in TEST_FIELDS:
            return getattr(result, key)
        return result.fields.get(key)  # a shown field (checks/tests.py)
    item = next((it for it in result.items if it.name == path[0]), None)
    return None if item is None else getattr(item, path[1])


def _expects_error(tc: n.TestCase) -> n.Expect | None:
    return next((e for e in tc.expects if e.path == ("error",)), None)


def _error_outcome(name: str, tc: n.TestCase, expect: n.Expect, exc: KpiError | None) -> TestOutcome:
    """`expect error = "K-R0301"`: the record must fail with that code."""
    codes = [d.code for d in exc.diagnostics] if exc is not None else []
    wanted = str(expect.value.value)
    if wanted in codes:
        return TestOutcome(name, tc.span, True)
    actual = ", ".join(codes) if codes else msg.test_no_error()
    return TestOutcome(name, tc.span, False, (Mismatch("error", wanted, actual, expect.span),))


def _equal(expected: n.TestValue, actual: object) -> bool:
    ev = expected.value
    if ev is None:
        return actual is None
    if isinstance(ev, bool) or isinstance(actual, bool):
        return ev is actual
    if isinstance(ev, Decimal):
        return isinstance(actual, Decimal) and actual == ev
    return str(actual) == ev


def _run_case(scheme: Scheme, tc: n.TestCase, name: str, item: str | None, trace: bool = False) -> TestOutcome:
    """Evaluate one test block; `item` names the indicator single-word paths refer to (templates)."""
    percents = {i.name for i in scheme.ir.inputs if i.type.name == "percent"}
    record: dict[str, object] = {g.name: given_cell(g.value.value, g.value.text, g.name in percents) for g in tc.given}
    wants_error = _expects_error(tc)
    try:
        data = scheme.evaluate_records([(name, prepare_mapping(scheme.ir, record))], trace=trace)[0]
        result = to_model(data, scheme.explainer)
    except KpiError as exc:
        if wants_error is not None:
            return _error_outcome(name, tc, wants_error, exc)
        return TestOutcome(name, tc.span, False, (), scheme.render(exc.diagnostics))
    events = (tuple(data.trace or ()), scheme.ir) if trace else ((), None)
    if wants_error is not None:
        return _error_outcome(name, tc, wants_error, None)
    mismatches = []
    for e in tc.expects:
        path = (item, e.path[0]) if item is not None else e.path
        actual = _actual(result, path)
        if not _equal(e.value, actual):
            mismatches.append(Mismatch(".".join(e.path), e.value.text.strip('"'), _show(actual), e.span))
    return TestOutcome(name, tc.span, not mismatches, tuple(mismatches), None, *events)


def template_schemes(module: Scheme) -> list[tuple[n.TemplateDef, Scheme]]:
    """Each template a module file defines, as a scheme of one indicator made from it."""
    from .templates import synthetic_scheme

    return [(d, Scheme(synthetic_scheme(module.program, d))) for d in module.program.module.definitions
            if isinstance(d, n.TemplateDef)]


def run_template_tests(module: Scheme, trace: bool = False) -> list[TestOutcome]:
    """Run the `test` examples of every template defined in a module file.

    Raises:
        KpiCheckError: a template does not check (its diagnostics are in the exception).
    """
    from .templates import example_name

    outcomes: list[TestOutcome] = []
    for d, scheme in template_schemes(module):
        outcomes.extend(_run_case(scheme, tc, f"{d.name}: {tc.name}", example_name(d), trace) for tc in d.tests)
    return outcomes


def coverage_of(scheme: Scheme, outcomes: Sequence[TestOutcome]) -> Report:
    """The coverage of a scheme (or module) file by its test outcomes, run with `trace=True`.
    Every target counts, also those of a file (or template) without any test."""
    every: list[ir.Scheme] = [scheme.ir] if scheme.has_scheme else [s.ir for _, s in template_schemes(scheme)]
    runs: list[tuple[ir.Scheme, Iterable[TraceEvent]]] = [(x, ()) for x in every]
    runs += [(o.ir, o.events) for o in outcomes if o.ir is not None]
    return measure(scheme.path, runs, len(outcomes))


def run_tests(scheme: Scheme, trace: bool = False) -> list[TestOutcome]:
    """Run every test block of the scheme file (raises KpiCheckError if the scheme is invalid);
    for a module of definitions, run its templates' examples. With `trace`, each outcome keeps
    its evaluation's trace events (what `coverage.py` reads)."""
    if not scheme.has_scheme:
        errors = [d for d in scheme.check() if d.severity.value == "error"]
        if errors:
            from .errors import KpiCheckError

            raise KpiCheckError(errors)
        return run_template_tests(scheme, trace)
    scheme.plan  # noqa: B018 - raises KpiCheckError with every error before any test runs
    s = scheme.program.scheme
    assert s is not None
    cases = list(s.tests) + list(scheme.program.module.tests)
    return [_run_case(scheme, tc, tc.name, None, trace) for tc in cases]
