"""Yes/no, text, dates and `empty` as values (issue 11, gap 2): the rules of docs/language.md's
table "How `empty` is treated", checked statically where they can be and at run time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from langkit import codes, errors, run, scheme

D = Decimal

HEAD = "  input a: number optional\n  input d: date optional\n  indicator x { score 1 }\n"


@pytest.mark.parametrize(("formula", "words"), [
    ("a + empty", "cannot add `empty`"),
    ("empty * 2", "cannot multiply `empty`"),
    ("-empty", "cannot negate"),
    ("a == empty", "a comparison with `empty` is always empty"),
    ("not empty", "`not` needs a yes/no value"),
    ("if empty then 1 else 2", "the condition of `if`"),
    ("empty and true", "`and` needs yes/no values"),
    ("round(empty, 2)", "round() needs numbers"),
    ("mean(empty over all)", "mean() needs numbers"),
])
def test_what_is_always_empty_is_an_error_where_it_is_written(formula: str, words: str) -> None:
    found = errors(HEAD + f"  field f = {formula}")
    assert any(d.code == "K-E0110" and words in d.message for d in found), [(d.code, d.message) for d in found]


@pytest.mark.parametrize("formula", [
    "if a > 1 then a else empty", "coalesce(a, empty)", "empty", "coalesce(empty, 1)", "present(empty)",
    'if a > 1 then "高" else empty',
])
def test_empty_fits_anywhere_a_value_may_be_missing(formula: str) -> None:
    assert codes(HEAD + f"  field f = {formula}") == []


def test_empty_propagates_at_run_time() -> None:
    s = scheme(HEAD + "  ladder 档次 { >= 60 -> 1  else -> 0 }\n" + """
  field 和 = a + 1
  field 比较 = a > 1
  field 逻辑 = a > 1 or true
  field 且 = a > 1 and false
  field 选择 = if a > 1 then "高" else "低"
  field 兜底 = coalesce(a, 0)
  field 有值 = present(a)
  field 舍入 = round(a, 1)
  field 档 = 档次(a)
""")
    fields = run(s, [{"工号": "E1"}])["E1"].fields
    assert fields == {"和": None, "比较": None, "逻辑": True, "且": False, "选择": None, "兜底": D(0), "有值": False,
                      "舍入": None, "档": None}


def test_a_tier_may_give_empty_and_the_indicator_says_what_that_means() -> None:
    s = scheme("""  input a: number
  indicator x { value a  score ladder { >= 60 -> 100  else -> empty }  on missing -> 10 }""")
    r = run(s, [{"工号": "E1", "a": 70}, {"工号": "E2", "a": 50}])
    assert r["E1"].total == 100 and r["E2"].total == 10


def test_dates_compare_and_count_days() -> None:
    s = scheme(HEAD + """
  const 考核期开始 = date "2024-01-01"
  field 新入职 = d > 考核期开始
  field 在职天数 = days_between(d, date "2024-06-30")
  field 最早 = min(d over all)
""")
    r = run(s, [{"工号": "E1", "d": "2024-03-01"}, {"工号": "E2", "d": "2023/12/31"}])
    assert r["E1"].fields["新入职"] is True and r["E2"].fields["新入职"] is False
    assert r["E1"].fields["在职天数"] == 121 and r["E1"].fields["最早"] == dt.date(2023, 12, 31)


@pytest.mark.parametrize(("formula", "words"), [
    ('d > "2024-01-01"', "cannot compare a date with text"),
    ("d + 1", "cannot add a date and a number"),
    ("days_between(d, 5)", "days_between() needs dates"),
])
def test_date_mistakes(formula: str, words: str) -> None:
    found = errors(HEAD + f"  field f = {formula}")
    assert any(words in d.message for d in found), [(d.code, d.message) for d in found]


def test_text_and_yes_no_results_are_text_and_yes_no_not_scores(kpi, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "s.kpi").write_text('scheme "t" {\n  id 工号\n  input 工号: text\n  input a: number\n'
                                    '  indicator x { score a }\n  field 档 = if a >= 60 then "合格" else "不合格"\n'
                                    '  field 过 = a >= 60\n}\n', encoding="utf-8")
    (tmp_path / "d.csv").write_text("工号,a\nE1,70\nE2,50\n", encoding="utf-8")
    out = kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--format", "csv")
    assert out.out.splitlines()[1:] == ["E1,70,70,合格,yes", "E2,50,50,不合格,no"]
