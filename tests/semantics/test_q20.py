"""Q20 (docs/language.md, "Numbers and rounding") against the semantics it replaced (34
significant digits, snapped to 20 places before a declared rounding), on every shipped example
with hypothesis-generated data: no published value differs (totals, grades, vetoes, every value
at a declared rounding, population outputs: ranks, grades, pool cents), and a record that fails
fails the same way. Values nobody rounds (an unrounded ratio or mean) are printed in full; they
differ only in their residue beyond the 17th decimal place (Q20 keeps 20 places of a quotient,
the old rule kept 34 significant digits), which no declared rounding reaches.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from legacy import legacy_semantics
from redraw import read_rows, redraw, specs

import kpidsl
from kpidsl.data.records import prepare_mapping
from kpidsl.errors import KpiError
from kpidsl.numbers import div, sqrt

_SCHEMES: dict[str, kpidsl.Scheme] = {}

#: How far an unrounded value may move between the two rules (its residue beyond 17 significant places).
RESIDUE = Decimal("1E-17")


def _evaluate(scheme: kpidsl.Scheme, rows: list[dict[str, str]]) -> list[list[object]] | str:
    """Per record: every output value (or the error codes)."""
    try:
        records = scheme.evaluate_records([(r.get("工号") or r.get("id") or f"#{i}", prepare_mapping(scheme.ir, r))
                                           for i, r in enumerate(rows)])
    except KpiError as exc:
        return "error " + " ".join(d.code for d in exc.diagnostics)
    out: list[list[object]] = []
    for r in records:
        row: list[object] = [r.id, r.period, r.total, r.total_exact, r.base_score, r.deductions, r.bonuses, r.grade,
                             r.grade_before_veto, r.bonus_eligible, [v.label for v in r.vetoes], sorted(r.population.items())]
        row += [(i.name, i.score, i.value, i.contribution, i.skipped, i.tier) for i in r.items]
        row += [(a.label, a.amount, a.taken_from_item, a.spilled) for a in r.adjustments]
        out.append(row)
    return out


def _same(old: object, new: object) -> bool:
    """Equal, except for an unrounded value's residue beyond 17 places (see the docstring)."""
    if isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, Decimal) and isinstance(new, Decimal) and old != new:
        places = -min(int(old.as_tuple().exponent), int(new.as_tuple().exponent))
        return places > 17 and abs(old - new) < RESIDUE * max(1, abs(old))
    return old == new


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_published_value_changes(name: str, data: st.DataObject) -> None:
    scheme = _SCHEMES.get(name) or _SCHEMES.setdefault(name, kpidsl.load(EXAMPLES / name / "scheme.kpi"))
    rows = redraw(data, read_rows(EXAMPLES / name), specs(scheme))
    new = _evaluate(scheme, rows)
    with legacy_semantics():
        old = _evaluate(scheme, rows)
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for a, b in zip(old, new, strict=True):
            assert _same(a, b), [(x, y) for x, y in zip(a, b, strict=False) if not _same(x, y)]
    assert _same(old, new), (old, new)


@pytest.mark.parametrize(("a", "b", "q"), [
    ("1", "3", "0.33333333333333333333"), ("2", "3", "0.66666666666666666667"), ("-2", "3", "-0.66666666666666666667"),
    ("1", "4", "0.25"), ("10", "0.5", "2E+1"), ("219.15", "3", "73.05"), ("0.00", "5", "0.00"),
    ("1", "7E+30", "0E-20"), ("123456789012345678901234567890", "7", "17636684144620811271604938270"),
])
def test_a_quotient_is_half_up_at_20_places_and_exact_ones_keep_their_form(a: str, b: str, q: str) -> None:
    assert str(div(Decimal(a), Decimal(b))) == q


@pytest.mark.parametrize(("x", "r"), [("2", "1.41421356237309504880"), ("4.0", "2.0"), ("0.0004", "0.02"), ("1.21", "1.1"),
                                      ("3", "1.73205080756887729353")])
def test_a_square_root_is_half_up_at_20_places(x: str, r: str) -> None:
    assert str(sqrt(Decimal(x))) == r


def test_a_sum_too_long_to_be_exact_is_an_error_not_a_rounded_number() -> None:
    scheme = kpidsl.loads('scheme "s" { input a: number\n indicator x { value a * a * a * a * a * a * a }\n }')
    with pytest.raises(KpiError) as exc:
        scheme.evaluate([{"a": "1" + "0" * 20 + ".123456789"}])
    assert exc.value.diagnostics[0].code == "K-R0306"
