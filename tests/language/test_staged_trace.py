"""Traces of schemes evaluated in stages (fields and aggregates after a population value): the
branches and table rows inside a formula are recorded whichever stage runs it, shown under that
formula, and the trace never stays among a record's values."""

from __future__ import annotations

from langkit import scheme

from kpidsl.data.records import prepare_mapping
from kpidsl.interp.expr import TRACE_SLOT

BODY = """
  input 部门: text
  input x: score in [0, 100]
  indicator 得分 { score x }
  rank 名次 by total within 部门
  field 高分比例 = mean(if x >= 60 then 1 else 0 within 部门)
  field 相对 = if 名次 == 1 then total * 高分比例 else 0 { round 2 }
"""

RECORDS = [{"工号": "A1", "部门": "甲", "x": 95}, {"工号": "A2", "部门": "甲", "x": 50}, {"工号": "A3", "部门": "甲", "x": 70}]


def test_branches_are_shown_under_their_formula_before_its_note() -> None:
    s = scheme(BODY)
    assert s.ir.staged
    prepared = [(str(r["工号"]), prepare_mapping(s.ir, r)) for r in RECORDS]
    text = s.explain_record(prepared, "A1")[0].text
    lines = text.splitlines()
    field = next(i for i, line in enumerate(lines) if line.startswith("  相对 = "))
    assert lines[field + 1].strip().startswith("if 名次 == 1: yes, then")
    assert lines[field + 2].strip().startswith("(rounded half-up to 2 places")
    agg = next(i for i, line in enumerate(lines) if line.startswith("  mean(if x >= 60"))
    assert lines[agg + 1].strip().startswith("if x >= 60: yes, then")  # A1's own value, not the others'
    assert sum(line.strip().startswith("if x >= 60:") for line in lines) == 1


def test_a_traced_staged_run_leaves_no_trace_among_the_values() -> None:
    s = scheme(BODY)
    prepared = [(str(r["工号"]), prepare_mapping(s.ir, r)) for r in RECORDS]
    traced = s.evaluate_records(prepared, trace=True)
    plain = s.evaluate_records(prepared)
    for t, p in zip(traced, plain, strict=True):
        assert t.env is not None and TRACE_SLOT not in t.env
        assert t.fields == p.fields and t.total == p.total
        assert t.trace
