"""Hypothesis properties of the parser and the evaluator."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpidsl
from kpidsl.errors import KpiError
from kpidsl.parser import parse

# Fragments of real schemes mixed with arbitrary text: a mutation-style source of near-valid input.
FRAGMENTS = [
    'scheme "x" {', "}", "{", "input a: count", "indicator i weight 40% {", "value a / b", "score ladder {",
    ">= 95% -> 100", "[90%, 95%) -> 80", "else -> 0", "on zero -> 0", "grade { A >= 90 B else }",
    "deduct \"d\" a * 0.5 cap 3", "veto \"v\" when a >= 1 -> no bonus", "(", ")", "[", "]", "->", "，", "：",
    "采购完成率", "95%", "-", "/", "if a then 1 else 2", '"unterminated', "# comment\n", ";", "..",
]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=200))
def test_parser_raises_only_our_errors_on_arbitrary_text(text: str) -> None:
    try:
        parse(text, "fuzz.kpi")
    except KpiError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=30))
def test_parser_and_checks_raise_only_our_errors_on_near_valid_text(parts: list[str]) -> None:
    text = " ".join(parts)
    try:
        scheme = kpidsl.loads(text, path="fuzz.kpi")
        if scheme.has_scheme:
            scheme.check()
    except KpiError:
        pass


def _reference_ladder(tiers: list[tuple[str, Fraction, Fraction, bool, bool, int]], x: Fraction) -> int | None:
    for _, lo, hi, lo_inc, hi_inc, points in tiers:
        if (x > lo or (lo_inc and x == lo)) and (x < hi or (hi_inc and x == hi)):
            return points
    return None


bound = st.integers(min_value=-2000, max_value=2000).map(lambda n: Fraction(n, 100))


@st.composite
def ladders(draw: st.DrawFn) -> list[tuple[str, Fraction, Fraction, bool, bool, int]]:
    cuts = sorted(set(draw(st.lists(bound, min_size=2, max_size=6))))
    if len(cuts) < 2:
        cuts = [Fraction(0), Fraction(1)]
    tiers = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        lo_inc, hi_inc = draw(st.booleans()), draw(st.booleans())
        tiers.append(("", lo, hi, lo_inc, hi_inc, draw(st.integers(0, 100))))
    return tiers


def _dec(x: Fraction) -> str:
    return str(Decimal(x.numerator) / Decimal(x.denominator))


@settings(max_examples=150, deadline=None)
@given(ladders(), st.lists(bound, min_size=1, max_size=10))
def test_ladder_lookup_agrees_with_a_reference(tiers: list[tuple[str, Fraction, Fraction, bool, bool, int]], xs: list[Fraction]) -> None:
    lines = []
    for _, lo, hi, lo_inc, hi_inc, pts in tiers:
        lines.append(f"{'[' if lo_inc else '('}{_dec(lo)}, {_dec(hi)}{']' if hi_inc else ')'} -> {pts}")
    lines.append("else -> -1")
    src = "input x: number\nindicator i { value x  score ladder {\n" + "\n".join(lines) + "\n} }"
    scheme = kpidsl.loads(f'scheme "p" {{\n{src}\n}}')
    probes = xs + [t[1] for t in tiers] + [t[2] for t in tiers]
    for x in probes:
        expected = _reference_ladder(tiers, x)
        got = scheme.evaluate_one({"x": _dec(x)}).item("i").score
        assert got == (-1 if expected is None else expected), f"x={_dec(x)}"


RATERS = 'scheme "r" {\n  round 2\n' + "".join(f"  input r{i}: score in [0, 10] optional\n" for i in range(4)) + \
    "  input w: number\n  indicator i weight 70% { score raters { " + " ".join(f"g{i}: r{i}" for i in range(4)) + " } }\n" \
    "  indicator j weight 30% { score w }\n}\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.none() | st.integers(0, 10), min_size=4, max_size=4).filter(lambda v: any(x is not None for x in v)),
       st.integers(0, 10000))
def test_rounded_totals_agree_with_exact_rationals(ratings: list[int | None], w: int) -> None:
    """Thirds from rater means must not push a true .xx5 across the half-up boundary."""
    scheme = kpidsl.loads(RATERS)
    record: dict[str, object] = {f"r{i}": v for i, v in enumerate(ratings) if v is not None}
    record["w"] = str(Decimal(w) / 100)
    got = scheme.evaluate_one(record).total
    given_ = [Fraction(v) for v in ratings if v is not None]
    exact = sum(given_) / len(given_) * Fraction(7, 10) + Fraction(w, 100) * Fraction(3, 10)
    scaled = exact * 100
    whole = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    assert got == Decimal(whole) / 100


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500), st.integers(0, 100)), min_size=1, max_size=20))
def test_evaluation_is_deterministic(rows: list[tuple[int, int, int]]) -> None:
    from conftest import EXAMPLES

    scheme = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    records = [{"工号": f"E{i}", "姓名": "x", "计划采购单数": a, "按时完成单数": min(b, a), "总供货量": a, "退货量": 0,
                "价格合理性评分": c, "供应商管理评分": c} for i, (a, b, c) in enumerate(rows)]
    first = scheme.evaluate(records)
    again = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi").evaluate(list(reversed(records)))
    assert {r.id: r.total for r in first.records} == {r.id: r.total for r in again.records}
