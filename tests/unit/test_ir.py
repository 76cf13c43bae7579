"""The resolver, the IR and the trace: every name bound, stable node ids, kinds with units,
events that point at IR nodes, and explain wording that lives in one phrase table."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES
from helpers import scheme

import kpidsl
from kpidsl import ir
from kpidsl import nodes as n
from kpidsl.explain import Explainer, Language, Phrase
from kpidsl.explain.english import ENGLISH
from kpidsl.kinds import Base, Unit
from kpidsl.refs import ConstRef, Field, IndicatorRef, InputRef, SelfValue
from kpidsl.resolve import DefKind
from kpidsl.trace import Ev

BODY = """
  const 满分 = 100
  input a: money in [0, 1000]
  input b: money
  input c: count = 0
  indicator x weight 60% { value a + b  score value / 满分 * 100  cap 满分 }
  indicator y weight 40% { value x.value * 2  score ladder { >= 满分 -> 100  else -> 0 } }
  deduct "d" c * 2 from x
  veto "v" when x.contribution < 1 -> no bonus
"""


def _names(e: n.Expr) -> list[n.Expr]:
    from kpidsl.nodewalk import walk_expr

    return [x for x in walk_expr(e) if isinstance(x, (n.Name, n.Attribute, n.Call))]


def test_every_name_is_bound_once_with_a_typed_reference() -> None:
    s = scheme(BODY)
    res = s.analysis.resolution
    x = next(i for i in res.indicators if i.name == "x")
    assert x.value is not None
    a, b = _names(x.value)
    assert res.target(a) == InputRef("a") and res.target(b) == InputRef("b")
    score = x.scoring
    assert isinstance(score, n.ExprScore)
    targets = [res.target(e) for e in _names(score.expr)]
    assert SelfValue() in targets and ConstRef("满分") in targets
    y = next(i for i in res.indicators if i.name == "y")
    assert y.value is not None
    assert res.target(_names(y.value)[0]) == IndicatorRef("x", Field.VALUE)
    assert res.depends["y"] == {"x"} and res.indicator_order == ["x", "y"]


def test_references_serve_go_to_definition_and_rename() -> None:
    s = scheme(BODY)
    res = s.analysis.resolution
    const = res.scope["满分"]
    uses = res.references_to(const)
    assert len(uses) == 3  # the score formula, the cap, the tier's bound
    first = uses[0]
    found = res.at(first.span.path, first.span.line, first.span.col)
    assert found is not None and found.binding == const and const.kind is DefKind.CONST
    assert {r.name for r in res.references if r.binding is not None and r.binding.kind is DefKind.INPUT} >= {"a", "b", "c"}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_name_in_an_example_is_resolved(name: str) -> None:
    s = kpidsl.load(EXAMPLES / name / "scheme.kpi")
    res = s.analysis.resolution
    sc = s.program.scheme
    assert sc is not None
    exprs = [e for i in res.indicators for e in (i.value, i.cap, i.floor) if e is not None]
    exprs += [i.scoring.expr for i in res.indicators if isinstance(i.scoring, n.ExprScore)]
    exprs += [a.amount for a in sc.adjustments] + [v.condition for v in sc.vetoes]
    for e in exprs:
        for node in _names(e):
            assert res.ref(node) is not None, f"{name}: {node} is not bound"


def test_ids_are_stable_and_unique() -> None:
    first, again = scheme(BODY).ir, scheme(BODY).ir
    assert list(first.index) == list(again.index)
    more = scheme(BODY.replace("  indicator y", '  const 另一个 = 1\n  bonus "e" 另一个\n  indicator y')).ir
    assert set(first.index) <= set(more.index), "inserting an unrelated item changed other ids"
    assert "indicator:x/value" in first.index and "deduct:d/amount" in first.index and "veto:v" in first.index


def test_the_ir_is_typed_and_folded() -> None:
    s = scheme(BODY).ir
    x = s.indicator("x")
    assert x.value is not None
    assert x.value.expr.kind.base is Base.NUMBER and x.value.expr.kind.unit is Unit.MONEY  # money + money
    assert isinstance(x.scoring, ir.FormulaScoring) and isinstance(x.cap, ir.Formula)
    assert isinstance(x.cap.expr, ir.Constant) and x.cap.expr.value == Decimal(100)
    folded = scheme("indicator q { score 60 + 2 * 20 }").ir.indicator("q").scoring
    assert isinstance(folded, ir.FormulaScoring) and isinstance(folded.formula.expr, ir.Folded)
    assert folded.formula.expr.value == Decimal(100)
    steps = [type(st).__name__ for st in s.steps(ir.Stage.RECORD)]
    assert steps == ["Indicator", "Indicator", "Group", "Total", "Veto"]
    assert [d.id for d in x.deductions] == ["deduct:d"]


def test_kinds_know_labels() -> None:
    s = scheme('scale 五级 { 优秀 -> 10  良好 -> 8 }\nbands 档 { 甲 >= 60  乙 else }\ninput r: text\ninput p: score\n'
               'indicator x { value r  score scale 五级 }\nindicator y { score if 档(p) == "甲" and x.value == "优秀" then 1 else 0 }').ir
    y = s.indicator("y").scoring
    assert isinstance(y, ir.FormulaScoring)
    cond = y.formula.expr
    assert isinstance(cond, ir.If) and isinstance(cond.cond, ir.Logical)
    bands_call, label_read = (c.left for c in cond.cond.operands)  # type: ignore[attr-defined]
    assert bands_call.kind.labels == "档" and label_read.kind.labels == "五级"


def test_trace_events_point_at_ir_nodes_and_carry_the_values_read() -> None:
    s = scheme(BODY)
    events = s.explain({"a": 300, "b": 200, "c": 1}).events
    assert {e.kind for e in events} >= {Ev.INPUT, Ev.VALUE, Ev.SCORE_FORMULA, Ev.CAP, Ev.DEDUCT_FROM, Ev.VETO}
    for e in events:
        assert e.node in s.ir.index, e
    value = next(e for e in events if e.kind is Ev.VALUE and e.node == "indicator:x/value")
    assert value.values() == {"a": Decimal(300), "b": Decimal(200)} and value.result == Decimal(500)


def test_every_event_kind_has_an_english_phrase() -> None:
    assert set(ENGLISH.phrases) == set(Ev)


def test_all_wording_comes_from_the_language_table() -> None:
    """A second language is a second table: swap it and every line of the text changes."""
    from kpidsl.data.records import prepare_mapping

    s = scheme(BODY)
    data = s.evaluate_records([("#1", prepare_mapping(s.ir, {"a": 300, "b": 200, "c": 1}))], trace=True)[0]
    shout = Language({kind: (lambda ev, sch, kind=kind: Phrase(f"<{kind.value}>", None)) for kind in Ev},
                     {k: f"<{k}>" for k in ENGLISH.sections}, lambda sch, d, m: ["<header>"], lambda sch, d: "<summary>")
    text = Explainer(s.ir, shout).document(data, "t.kpi")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(lines) > 10 and all(line.startswith("<") for line in lines), text
    english = s.explainer
    assert [d["step"] for d in map(Explainer(s.ir, shout).to_dict, data.trace or ())] == \
        [d["step"] for d in map(english.to_dict, data.trace or ())]
