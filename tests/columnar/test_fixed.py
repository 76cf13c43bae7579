"""The bulk fast path (kpidsl/columnar/fixed.py) against the interpreter: where it takes a batch,
every value it gives (published total digit for digit, grade, grade before a veto, eligibility,
deductions, bonuses, exact total and base score where it gives them) is the interpreter's, and
every record the interpreter would stop is among the rows it leaves to the interpreter; where it
cannot prove a batch it declines (and the DuckDB plan's results are still the interpreter's).
Checked on hypothesis-generated schemes and data, on the workload at and around every boundary,
on the examples and on every stdlib template's own examples."""

from __future__ import annotations

import sys
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, ROOT, example_data
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import kpidsl
from kpidsl import numbers
from kpidsl.catalog import entries
from kpidsl.columnar import fixed_values as fv
from kpidsl.columnar.bulk import from_dicts, is_fast
from kpidsl.columnar.fixed import FAILED, Decline, Fixed, Summary
from kpidsl.errors import KpiError
from kpidsl.outcome import RecordData

sys.path.insert(0, str(ROOT / "tests" / "properties"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import workload
from schemes import cases, random_case


def slow(examples: int) -> Any:
    return settings(max_examples=examples, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])


def fast(scheme: kpidsl.Scheme, records: list[dict[str, object]]) -> Summary | None:
    """The fast path's summary of `records` (as the bulk API reads them), or None if it declines."""
    made = from_dicts(records, scheme.ir, scheme.ir.id_input)
    if made is None:
        return None
    table, columns, _ = made
    try:
        return Fixed(scheme.ir).run(table, columns)
    except Decline as exc:
        assert not str(exc).startswith(FAILED), exc
        return None


def one(scheme: kpidsl.Scheme, record: dict[str, object]) -> RecordData | None:
    """The interpreter's record, or None when it stops (a data or evaluation error)."""
    try:
        return scheme.evaluate([record], engine="python").record_data[0]
    except KpiError:
        return None


def _num(summary: Summary, role: str, i: int) -> Decimal | None:
    num = summary.numbers.get(role)
    if num is None:
        return None
    return Decimal(int(num.units[i])).scaleb(-num.scale)


def _label(summary: Summary, codes: np.ndarray, i: int) -> str | None:
    return None if codes[i] < 0 else summary.labels[codes[i]]


def check(scheme: kpidsl.Scheme, records: list[dict[str, object]]) -> Summary | None:
    """The fast path's summary agrees with the interpreter on every row it keeps, and leaves every
    row the interpreter stops on; None when it declined."""
    summary = fast(scheme, records)
    if summary is None:
        return None
    left = set(summary.leave)
    for i, record in enumerate(records):
        want = one(scheme, record)
        if want is None:
            assert i in left, f"record {i}: the interpreter stops, the fast path kept it"
            continue
        if i in left:
            continue
        total = _num(summary, "published", i)
        assert str(total) == str(want.total) if scheme.ir.total.round_places is not None else total == want.total, (i, total, want.total)
        assert _label(summary, summary.grades, i) == want.grade, (i, want.grade)
        assert _label(summary, summary.before, i) == want.grade_before_veto, i
        assert bool(summary.eligible[i]) == want.bonus_eligible, i
        for role, value in (("total", want.total_exact), ("base", want.base_score), ("deductions", want.deductions),
                            ("bonuses", want.bonuses)):
            got = _num(summary, role, i)
            assert got is None or got == value, (i, role, got, value)
        scores = {d.name: d.score for d in want.items}
        for name, num in summary.items.items():  # the item scores `to_arrow` takes from the fast path
            score = None if num.null is not None and num.null[i] else Decimal(int(num.units[i])).scaleb(-num.scale)
            assert score == scores[name], (i, name, score, scores[name])
    return summary


# ------------------------------------------------------------------ generated schemes


def typed(scheme: kpidsl.Scheme, records: list[dict[str, object]]) -> list[dict[str, object]]:
    """The records as the interpreter types them (numbers as Decimals, dates as dates): what a
    typed Arrow table or DataFrame holds; records it rejects are left out."""
    out = []
    for record in records:
        try:
            ((_, env),) = scheme.prepare_dicts([record])
        except KpiError:
            continue
        out.append({k: v for k, v in env.items() if not k.startswith("__")})
    return out


def record_stage(scheme: kpidsl.Scheme) -> bool:
    s = scheme.ir
    return not (s.rules or s.period_input or s.aggregates or s.exclusions or s.staged)


@slow(60)
@given(cases())
def test_generated_schemes_agree_where_the_fast_path_takes_them(case: tuple[str, list[dict[str, object]]]) -> None:
    text, records = case
    scheme = kpidsl.loads(text, path="gen.kpi")
    check(scheme, records)
    if record_stage(scheme):
        check(scheme, typed(scheme, records))


def test_the_fast_path_takes_a_share_of_generated_schemes() -> None:
    """Not a vacuous property: over fixed seeds, the fast path takes (and agrees on) a good part
    of the generated record-stage schemes (typed data), and leaves only some rows to the interpreter."""
    taken = kept = tried = 0
    for seed in range(300):
        text, records = random_case(seed)
        scheme = kpidsl.loads(text, path="gen.kpi")
        if not record_stage(scheme):
            continue
        tried += 1
        rows = typed(scheme, records)
        summary = check(scheme, rows)
        if summary is not None:
            taken += 1
            kept += len(rows) - len(summary.leave)
    assert taken * 5 >= tried and kept >= 20, (tried, taken, kept)


# ------------------------------------------------------------------ the workload at its boundaries


@pytest.fixture(scope="module")
def bench() -> kpidsl.Scheme:
    return kpidsl.load(workload.SCHEME)


def _workload(planned: int, on_time: int, supplied: int, returned: int, price: Any, supplier: Any, late: int,
              complaints: int, loss: Any) -> dict[str, object]:
    return {"工号": "E1", "计划采购单数": planned, "按时完成单数": on_time, "总供货量(件)": supplied, "被退货量(件)": returned,
            "材料价格合理性得分": price, "供应商管理得分": supplier, "迟到次数": late, "投诉次数": complaints, "损失金额": loss}


def _cents(draw: Any, lo: int, hi: int, kind: str) -> Any:
    """A score as the data has it: an int, or a float or Decimal of two places."""
    units = draw(st.integers(lo * 100, hi * 100))
    if kind == "int":
        return units // 100
    return units / 100 if kind == "float" else Decimal(units).scaleb(-2)


@st.composite
def workload_records(draw: Any, kind: str) -> dict[str, object]:
    planned = draw(st.sampled_from([0, 1, 20, 40, 100, 300, 7, 13]) | st.integers(0, 10**6))
    rate = draw(st.sampled_from([95, 90, 85, 0, 100]) | st.integers(0, 100))
    on_time = planned * rate // 100 + draw(st.sampled_from([0, 0, 0, 1, -1]))
    supplied = draw(st.sampled_from([0, 1000, 2000, 3]) | st.integers(0, 10**6))
    back = draw(st.sampled_from([5, 10, 15, 0]) | st.integers(0, 100))
    returned = max(supplied * back // 100 + draw(st.sampled_from([0, 0, 1, -1])), 0)
    loss = draw(st.sampled_from([Decimal(0), Decimal("1199.99"), Decimal("1200"), Decimal("1200.01"), Decimal(5000)]))
    if kind != "decimal":
        loss = float(loss) if kind == "float" else int(loss)
    return _workload(planned, max(on_time, 0), supplied, returned, _cents(draw, 0, 100, kind), _cents(draw, 0, 100, kind),
                     draw(st.integers(0, 12)), draw(st.integers(0, 6)), loss)


@slow(80)
@given(st.sampled_from(["float", "decimal", "int"]).flatmap(lambda kind: st.lists(workload_records(kind), min_size=1, max_size=12)))
def test_workload_boundaries_agree_and_are_taken(bench: kpidsl.Scheme, records: list[dict[str, object]]) -> None:
    """Rates exactly on 95% / 90% / 85% and a unit either side, zero denominators (on zero -> 0,
    and skip with re-weighting), x.xx5 totals, deduction caps, the floor, the veto's threshold:
    the fast path takes every such batch and agrees with the interpreter row for row."""
    summary = check(bench, records)
    assert summary is not None
    assert summary.leave == []


def test_workload_taken_through_the_api_and_equal_to_the_decimal_loop(bench: kpidsl.Scheme) -> None:
    records = list(workload.rows(5000))
    results = bench.evaluate(records, engine="columnar")
    assert all(is_fast(b) for _, b, _, _ in results.record_data.batches)  # type: ignore[attr-defined]
    with workload.exact_context():
        expected = [workload.by_hand_decimal(r) for r in records]
    got = list(zip(results.column("total"), results.column("grade"), strict=True))
    assert [(str(t), g) for t, g in got] == [(str(t), g) for t, g in expected]
    python = bench.evaluate(records[:400], engine="python")
    again = bench.evaluate(records[:400], engine="columnar")
    item = bench.ir.item_order[0]
    assert again.column(item) == python.column(item)  # an item's column: the batch is evaluated in full
    assert again == python


def test_empty_required_cells_and_unreadable_cells_go_to_the_interpreter(bench: kpidsl.Scheme) -> None:
    records = list(workload.rows(50))
    records[3]["供应商管理得分"] = None
    records[7]["损失金额"] = "lots"
    records[9]["工号"] = "  "
    summary = fast(bench, records)
    assert summary is None or {3, 7, 9} <= set(summary.leave)
    with pytest.raises(KpiError) as raised:
        bench.evaluate(records, engine="columnar")
    with pytest.raises(KpiError) as again:
        bench.evaluate(records, engine="python")
    assert [d.message for d in raised.value.diagnostics] == [d.message for d in again.value.diagnostics]


def test_huge_values_decline_and_the_duckdb_plan_agrees(bench: kpidsl.Scheme) -> None:
    records = list(workload.rows(30))
    records[4]["总供货量(件)"] = 10**18
    records[4]["被退货量(件)"] = 10**17
    assert fast(bench, records) is None
    columnar = bench.evaluate(records, engine="columnar")
    assert not any(is_fast(b) for _, b, _, _ in columnar.record_data.batches)  # type: ignore[attr-defined]
    assert columnar.column("total") == bench.evaluate(records, engine="python").column("total")


def test_a_float_with_more_places_than_the_scale_holds_goes_to_the_interpreter(bench: kpidsl.Scheme) -> None:
    records = list(workload.rows(20))
    records[2]["材料价格合理性得分"] = 0.1 + 0.2  # 0.30000000000000004: 17 places
    summary = check(bench, records)
    assert summary is not None and 2 in summary.leave
    assert bench.evaluate(records, engine="columnar").column("total") == bench.evaluate(records, engine="python").column("total")


OPTIONAL = """
scheme "可选" {
  round 1
  input a: number optional
  input b: count = 4
  input c: percent as points optional
  indicator 比率 weight 60% { value a / b  on zero -> skip  on missing -> skip  score ladder { >= 0.5 -> 100  [0.25, 0.5) -> 60  else -> 0 } }
  indicator 达成 weight 40% { value c  on missing -> 0.5  score value * 100  cap 100  floor 0 }
  bonus "奖励" a * 0.05 cap 3
  total = base_score + bonuses cap 100
  grade on exact { 优 >= 90  良 [60, 90)  差 else }
}
"""


@slow(60)
@given(st.lists(st.fixed_dictionaries({
    "a": st.none() | st.integers(-50, 400) | st.sampled_from([1.5, 2.25, 0.125, Decimal("33.3")]),
    "b": st.none() | st.integers(0, 9),
    "c": st.none() | st.integers(0, 130) | st.sampled_from([12.5, 99.99]),
}), min_size=1, max_size=10))
def test_empty_cells_defaults_skips_and_exact_grades(records: list[dict[str, object]]) -> None:
    """Optional inputs, a default, `as points`, skip on zero and on missing (re-weighting), a
    stand-in value, caps, a bonus, a grade on the exact total (a quotient compared at a band)."""
    check(kpidsl.loads(OPTIONAL, path="optional.kpi"), records)


# ------------------------------------------------------------------ examples and the stdlib


def example_rows(name: str) -> tuple[kpidsl.Scheme, list[dict[str, object]]]:
    scheme = kpidsl.load(EXAMPLES / name / "scheme.kpi")
    table = scheme.read(example_data(name))
    return scheme, [dict(zip(table.columns, r.cells, strict=False)) for r in table.rows]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_through_the_bulk_api(name: str) -> None:
    scheme, rows = example_rows(name)
    check(scheme, rows)
    try:
        python = scheme.evaluate(rows, engine="python")
    except KpiError:
        return
    try:
        columnar = scheme.evaluate(rows, engine="columnar")
    except ValueError:
        return  # a scheme the columnar engine does not take (tests/columnar/test_differential.py)
    for column in ("total", "grade", "grade_before_veto", "deductions", "bonuses", "bonus_eligible"):
        assert columnar.column(column) == python.column(column), column


@pytest.mark.parametrize("name", ["purchasing_manager", "back_office_admin", "it_desktop_ops", "workshop_director"])
def test_record_stage_examples_take_the_fast_path(name: str) -> None:
    """Typed, as a typed Arrow table or DataFrame holds them (text cells, as a CSV has them, are
    the DuckDB plan's typing stage's to read: the fast path declines them)."""
    scheme, rows = example_rows(name)
    assert check(scheme, typed(scheme, rows)) is not None


TEMPLATES = [e for e in entries() if e.kind == "template"]


def _template_scheme(entry: Any) -> kpidsl.Scheme:
    return kpidsl.loads(f'from {entry.module} import {entry.name}\nscheme "t" {{\n  round 2\n'
                        f'  indicator {entry.name} from {entry.name} weight 100% {{ code "T" }}\n'
                        '  grade on rounded {\n    A >= 90\n    B [60, 90)\n    C else\n  }\n}\n', path="t.kpi")


@pytest.mark.parametrize("entry", TEMPLATES, ids=lambda e: e.name)
def test_stdlib_template_examples_through_the_bulk_api(entry: Any) -> None:
    """Each template's own examples (`test` blocks), and each with every given value one unit up
    and down, through the fast path (where it takes them) and the bulk API on both engines."""
    scheme = _template_scheme(entry)
    records = []
    for t in entry.node.tests:
        base = {g.name: g.value.value for g in t.given}
        records.append(base)
        for name, value in base.items():
            if isinstance(value, Decimal):
                records += [{**base, name: value + 1}, {**base, name: max(value - 1, Decimal(0))}]
    assert check(scheme, records) is not None  # every template's constructs are covered
    for record in records:
        want = one(scheme, record)
        if want is None:
            continue
        got = scheme.evaluate([record] * 3, engine="columnar")
        assert got.column("total") == [want.total] * 3 and got.column("grade") == [want.grade] * 3


# ------------------------------------------------------------------ the proofs, on their own


def _rat(n: int, d: int) -> fv.Rat:
    """n / d as the fast path's quotient column of one row."""
    a, b = fv.Num(np.array([n], dtype=np.int64), 0, abs(n)), fv.Num(np.array([d], dtype=np.int64), 0, abs(d))
    return fv.divide(a, b)[0]


@given(st.integers(-10**9, 10**9), st.integers(1, 10**6), st.integers(-10**6, 10**6), st.integers(0, 6),
       st.sampled_from([">=", ">", "<=", "<", "==", "!="]))
def test_a_quotient_compares_as_the_interpreter_compares_its_q20_value(n: int, d: int, t: int, places: int, op: str) -> None:
    ctx = fv.Ctx(1)
    bound = fv.Num(np.array([t], dtype=np.int64), places, abs(t))
    try:
        got = bool(fv.compare(ctx, op, _rat(n, d), bound)[0])
    except Decline:
        return
    q20 = numbers.div(Decimal(n), Decimal(d))
    want = {">=": q20 >= Decimal(t).scaleb(-places), ">": q20 > Decimal(t).scaleb(-places),
            "<=": q20 <= Decimal(t).scaleb(-places), "<": q20 < Decimal(t).scaleb(-places),
            "==": q20 == Decimal(t).scaleb(-places), "!=": q20 != Decimal(t).scaleb(-places)}[op]
    assert ctx.unproved is not None or got == want


@given(st.integers(-10**12, 10**12), st.integers(1, 10**7), st.integers(0, 4), st.integers(-10**6, 10**6), st.integers(0, 3))
def test_a_rounded_quotient_is_the_interpreters(n: int, d: int, places: int, offset: int, offset_places: int) -> None:
    """round(n / d + c, p) as the fast path rounds the rational, and as the interpreter rounds its
    Q20 value (snap to 15 places, then half-up)."""
    ctx = fv.Ctx(1)
    c = fv.Num(np.array([offset], dtype=np.int64), offset_places, abs(offset))
    try:
        got = fv.round_half_up(ctx, fv.rat_add(_rat(n, d), c), places)
    except Decline:
        return
    want = numbers.round_half_up(numbers.div(Decimal(n), Decimal(d)) + Decimal(offset).scaleb(-offset_places), places)
    if ctx.unproved is None:
        assert str(Decimal(int(got.units[0])).scaleb(-places)) == str(want)


def test_ties_of_an_inexact_quotient_are_left_and_big_denominators_decline() -> None:
    ctx = fv.Ctx(1)
    third = fv.rat_mul(_rat(1, 3), fv.Num(np.array([3], dtype=np.int64), 0, 3))  # 3 x (1/3): not c ± x
    assert bool(fv.compare(ctx, "==", third, fv.constant(1, 0))[0])  # exactly 1; Q20 gives 0.99999999999999999999
    assert ctx.unproved is not None and bool(ctx.unproved[0])
    with pytest.raises(Decline):
        fv.compare(fv.Ctx(1), ">=", _rat(1, 10**17), fv.constant(1, 4))
    assert Fraction(1, 10**17) * 10**4 < 1  # the guard of proof 1 fails there: den x 10^k x err >= 1


def test_the_bound_of_every_operation_is_checked() -> None:
    big = fv.Num(np.array([2**40], dtype=np.int64), 0, 2**40)
    with pytest.raises(Decline):
        fv.mul(big, big)
    with pytest.raises(Decline):
        fv.rescale(big, 10)




# ------------------------------------------------------------------ a text input limited to a scale's levels


LEVELS_SCHEME = """scheme "态度" {
  id 工号
  round 2
  input 工号: text
  input 责任心: text in 五级
  input 协作: text in 五级 optional
  scale 五级 { 优秀 -> 10  良好 -> 8  一般 -> 6  较差 -> 4  极差 -> 2 }
  indicator 责任心分 weight 60% { value 责任心 score scale 五级 }
  indicator 出勤 weight 40% { value 10 }
  field 协作好 = 协作 == "优秀"
}
"""
level_cells = st.sampled_from(["优秀", "良好", "一般", "较差", "极差", " 良好 ", "一般\u3000", "优透", "良", "", "A"])


@slow(40)
@given(st.lists(st.tuples(level_cells, level_cells), min_size=1, max_size=8))
def test_a_text_limited_to_levels_is_left_to_the_interpreter_where_it_refuses_it(cells: list[tuple[str, str]]) -> None:
    """The fast path reads a text input `in SCALE` (read by no formula here, or by a field) and
    leaves every row with a cell that is not a level; the interpreter then refuses the same rows."""
    scheme = kpidsl.loads(LEVELS_SCHEME, path="s.kpi")
    records: list[dict[str, object]] = [{"工号": f"E{i}", "责任心": a, "协作": b} for i, (a, b) in enumerate(cells)]
    summary = check(scheme, records)
    assert summary is not None  # the fast path takes the batch
    levels = {"优秀", "良好", "一般", "较差", "极差"}
    for i, (a, b) in enumerate(cells):
        off = any(c.strip().replace("\u3000", "") not in levels | {""} for c in (a, b))
        assert (i in set(summary.leave)) >= off, (i, a, b)
