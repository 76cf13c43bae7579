"""Report-only fields: any kind, rounded and shown as declared, never scored (issue 11, gap 1)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from langkit import assert_reported, codes, errors, run, scheme

from kpidsl.errors import KpiEvalError

D = Decimal

BODY = """
  input 实际: number
  input 目标: number
  indicator 达成 { value 实际 / 目标  on zero -> 0  score value * 100 }
  field 达成率 = 实际 / 目标 { percent 2  on zero -> empty  label "达成率(%)" }
  field 合格 = 达成 >= 90
  field 档次 = if 达成 >= 100 then "超额" else "未超额"
  field 差额 = 目标 - 实际 { round 2 }
  field 中间 = 达成 * 2 { hidden }
  field 翻倍 = 中间 + 1
"""


def test_fields_of_every_kind_and_the_score_is_untouched() -> None:
    s = scheme(BODY)
    r = run(s, [{"工号": "E1", "实际": "95.666", "目标": 100}, {"工号": "E2", "实际": 1, "目标": 0}])
    one = r["E1"]
    assert one.base_score == one.total == D("95.666")  # fields never count
    assert one.fields == {"达成率": D("0.95666"), "合格": True, "档次": "未超额", "差额": D("4.33"), "翻倍": D("192.332")}
    assert "中间" not in one.fields  # hidden: read, not shown
    assert r["E2"].fields["达成率"] is None  # on zero -> empty


def test_outputs_show_yes_no_text_and_percent_as_declared(kpi, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "s.kpi").write_text(f'scheme "t" {{\n  id 工号\n  input 工号: text\n{BODY}\n}}\n', encoding="utf-8")
    (tmp_path / "d.csv").write_text("工号,实际,目标\nE1,95.666,100\nE2,1,0\n", encoding="utf-8")
    out = kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--format", "csv")
    assert out.code == 0, out.err
    lines = out.out.splitlines()
    assert lines[0] == "工号,达成,Total,达成率(%),合格,档次,差额,翻倍"
    assert lines[1] == "E1,95.666,95.666,95.67%,yes,未超额,4.33,192.332"
    assert lines[2] == "E2,0,0,,no,未超额,-1.00,1"
    js = kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--format", "json")
    record = json.loads(js.out)["records"][0]
    assert record["fields"]["合格"] is True and record["fields"]["达成率"] == "0.95666" and "中间" not in record["fields"]
    xlsx = tmp_path / "r.xlsx"
    assert kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "-o", str(xlsx)).code == 0
    import openpyxl

    ws = openpyxl.load_workbook(xlsx).active
    assert ws is not None
    row = [c.value for c in ws[2]]
    assert row[3] == pytest.approx(0.95666) and ws.cell(row=2, column=4).number_format == "0.00%"
    assert row[4] == "yes" and row[5] == "未超额"
    zh = kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--format", "csv", "--lang", "zh-CN").out.splitlines()
    assert zh[0] == "工号,达成,总分,达成率(%),合格,档次,差额,翻倍" and zh[1] == "E1,95.666,95.666,95.67%,是,未超额,4.33,192.332"
    table = kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--lang", "zh-CN").out
    assert "95.67%" in table and "是" in table and "否" in table


def test_explain_shows_each_field() -> None:
    s = scheme(BODY)
    text = s.explain({"工号": "E1", "实际": 95, "目标": 100}).text
    assert "Values shown (not scored)" in text
    assert "达成率 (达成率(%)) = 实际 / 目标 = 95 / 100 = 0.95 (95.00%)" in text
    assert "中间 = 达成 * 2 = 95 * 2 = 190" in text and "hidden: read by other formulas" in text


def test_a_zero_denominator_in_a_field_needs_an_outcome() -> None:
    s = scheme("  input a: number\n  indicator x { score a }\n  field f = 1 / a")
    with pytest.raises(KpiEvalError) as exc:
        s.evaluate([{"工号": "E1", "a": 0}])
    d = exc.value.diagnostics[0]
    assert d.code == "K-R0301" and "field 'f'" in d.message and "on zero -> empty" in d.hints[0]


@pytest.mark.parametrize(("body", "code", "words"), [
    ('  field f = "x" { round 2 }', "K-E0110", "only a number can be rounded"),
    ("  field f = true { percent 1 }", "K-E0110", "percentage"),
    ("  field f = 1 / 1 { on zero -> skip }", "K-E0134", "cannot be skipped"),
    ("  field vetoes = 1", "K-E0101", "column every result has"),
    ("  field f = g + 1\n  field g = f * 2", "K-E0121", "f -> g -> f"),
    ("  field f = f + 1", "K-E0121", "f -> f"),
    ('  field f = 1\n  field f = 2', "K-E0101", "already defined"),
    ("  field f = 1 { round 2  round 3 }", "K-S0002", "given twice"),
])
def test_field_mistakes(body: str, code: str, words: str) -> None:
    from kpidsl.errors import KpiSyntaxError

    try:
        found = errors("  input a: number\n  indicator x { score a }\n" + body)
    except KpiSyntaxError as exc:
        found = list(exc.diagnostics)
    assert_reported(found, code, words)


def test_a_test_block_can_expect_a_field() -> None:
    from kpidsl.testing import run_tests

    s = scheme(BODY + '\n  test "t" { given 工号 = "T", 实际 = 50, 目标 = 100  expect 合格 = false, 档次 = "未超额", 差额 = 50 }')
    assert codes(BODY) == []
    outcomes = run_tests(s)
    assert all(o.passed for o in outcomes), outcomes
