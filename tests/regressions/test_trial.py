"""A new user's trial (README and docs only): each finding, through the real CLI or API.

The files in `trial/` are the user's own (seed 003's 客户服务部 360 度考核 with a forced
distribution, a coefficient and a pool); variants are made from them here."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run_kpi

HERE = Path(__file__).parent / "trial"
SCHEME = (HERE / "pop.kpi").read_text(encoding="utf-8")
DATA = str(HERE / "data_bom.csv")


def _scheme(tmp_path: Path, text: str = SCHEME, name: str = "scheme.kpi") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _mode(mode: str) -> str:
    return SCHEME.replace("    boundary higher\n", f"    boundary higher\n    mode {mode}\n")


def _records(scheme: str, *extra: str, data: str = DATA) -> dict[str, dict[str, object]]:
    r = run_kpi("eval", scheme, data, "--format", "json", *extra)
    assert r.code == 0, r.out + r.err
    return {rec["id"]: rec for rec in json.loads(r.out)["records"]}


# ------------------------------------------------------------------------------ 1. vetoes and population rules


@pytest.mark.parametrize("mode", ["separate", "replace", "cap"])
def test_a_grade_veto_grades_the_distribution_in_every_mode(tmp_path: Path, mode: str) -> None:
    records = _records(_scheme(tmp_path, _mode(mode)))
    c04 = records["C04"]
    assert c04["grade"] == "D" and c04["vetoed"] is True and c04["grade_before_veto"] == "A"
    assert c04["population"]["强制分布"] == "D"
    assert c04["population"]["绩效系数"] == "0.5"
    # 一组: four people, one place per grade; C04 fills D, the three others are ranked into A, B, C.
    group = {i: records[i]["population"]["强制分布"] for i in ("C01", "C02", "C03", "C04")}
    assert group == {"C01": "A", "C02": "B", "C03": "C", "C04": "D"}
    shares = [Decimal(str(records[i]["population"]["绩效奖金额"])) for i in group]
    assert sum(shares) == Decimal("30000")
    assert max(shares) == Decimal(str(records["C01"]["population"]["绩效奖金额"]))
    # No veto: no grade before a veto.
    assert records["C07"]["vetoed"] is False and records["C07"]["grade_before_veto"] is None


def test_explain_tells_one_story_for_a_vetoed_record(tmp_path: Path) -> None:
    s = _scheme(tmp_path, _mode("replace"))
    zh = run_kpi("explain", s, DATA, "--id", "C04", "--lang", "zh-CN")
    assert zh.code == 0, zh.out + zh.err
    conclusion = next(line for line in zh.out.splitlines() if line.startswith("结论"))
    assert "等级 D" in conclusion and "强制分布 D" in conclusion and "绩效系数 0.5" in conclusion
    assert "因一票否决“重大客户投诉”，不参加排名，直接定为 D，占用 D 级的一个名额" in zh.out
    en = run_kpi("explain", s, DATA, "--id", "C04", "--lang", "en")
    assert "grade D" in en.out and "强制分布 D" in en.out
    assert "the veto “重大客户投诉” sets grade D, not ranked against the others" in en.out
    other = run_kpi("explain", s, DATA, "--id", "C03", "--lang", "zh-CN")
    assert "已占用名额：D 1 个" in other.out and "落在 C 级的名额" in other.out


def test_more_vetoed_than_places_take_them_from_the_nearest_better_grade(tmp_path: Path) -> None:
    data = (HERE / "data_bom.csv").read_text(encoding="utf-8-sig").replace("0,0,80,70,否", "0,0,80,70,是")
    path = tmp_path / "data.csv"
    path.write_text(data, encoding="utf-8")
    records = _records(_scheme(tmp_path), data=str(path))
    group = {i: records[i]["population"]["强制分布"] for i in ("C01", "C02", "C03", "C04")}
    assert group == {"C01": "A", "C02": "B", "C03": "D", "C04": "D"}


def test_a_no_bonus_veto_gets_no_pool_share(tmp_path: Path) -> None:
    s = _scheme(tmp_path, SCHEME.replace("when 重大投诉 -> grade D", "when 重大投诉 -> no bonus"))
    records = _records(s)
    c04 = records["C04"]
    assert c04["bonus_eligible"] is False and c04["vetoed"] is True and c04["grade_before_veto"] is None
    assert c04["population"]["强制分布"] == "A"  # a `no bonus` veto does not set a grade: ranked as usual
    assert Decimal(str(c04["population"]["绩效奖金额"])) == 0
    group = [Decimal(str(records[i]["population"]["绩效奖金额"])) for i in ("C01", "C02", "C03", "C04")]
    assert sum(group) == Decimal("30000")
    zh = run_kpi("explain", s, DATA, "--id", "C04", "--lang", "zh-CN")
    assert "本期因一票否决不发放绩效奖金，份额为 0" in zh.out


def test_a_ladder_with_no_tier_inside_an_aggregate_is_a_user_error_not_a_crash() -> None:
    """Found by tests/properties/test_permutation.py on the way: NoTier escaped the population stage."""
    import kpidsl
    from kpidsl.errors import KpiEvalError

    s = kpidsl.loads('scheme "t" {\n  id 工号\n  input 工号: text\n  input 部门: text\n  input x: number\n'
                     '  ladder 阶梯 { >= 2 -> 0  >= 1 -> 0 }\n'
                     '  indicator k { value coalesce(mean(阶梯(x) within 部门), 0%)  score 0 }\n}\n', path="t.kpi")
    with pytest.raises(KpiEvalError) as exc:
        s.evaluate([{"工号": "E1", "部门": "甲", "x": "0.5"}])
    assert exc.value.diagnostics[0].code == "K-R0303"
    assert "阶梯" in exc.value.diagnostics[0].message


# ------------------------------------------------------------------------------ 2. a percent column's convention

POINTS = SCHEME.replace('percent in [0%, 100%] "客户满意度(%)"', 'percent as points in [0%, 100%] "客户满意度(%)"')


def _data(tmp_path: Path, old: str, new: str) -> str:
    path = tmp_path / "data.csv"
    path.write_text((HERE / "data_bom.csv").read_text(encoding="utf-8-sig").replace(old, new), encoding="utf-8")
    return str(path)


def test_a_mixed_percent_column_is_not_told_to_add_as_points(tmp_path: Path) -> None:
    data = _data(tmp_path, "C08,黄强,二组,99,95%", "C08,黄强,二组,99,95")  # 96%, 0.89 and a plain 95
    r = run_kpi("eval", _scheme(tmp_path), data)
    assert r.code == 1 and "error[K-D0212]" in r.out + r.err
    out = r.out + r.err
    assert "as points` would read the ratios as less than 1%" in out
    assert "0.89 at line 4" in out and "95 at line 9" in out
    assert "declare that" not in out  # the old hint: `as points` would have read 0.89 as 0.89%


def test_a_column_of_points_is_still_told_to_add_as_points(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    text = (HERE / "data_bom.csv").read_text(encoding="utf-8-sig")
    path.write_text(text.replace(",0.89,", ",89,").replace("C08,黄强,二组,99,95%", "C08,黄强,二组,99,95"), encoding="utf-8")
    r = run_kpi("eval", _scheme(tmp_path), str(path))
    assert r.code == 1 and "error[K-D0212]" in r.out + r.err
    assert "as points`" in r.out + r.err and "declare that" in r.out + r.err and "mixes" not in r.out + r.err


def test_a_ratio_in_a_column_read_as_points_is_an_error_not_a_silent_089_percent(tmp_path: Path) -> None:
    r = run_kpi("eval", _scheme(tmp_path, POINTS), DATA, "--lang", "zh-CN")
    assert r.code == 1
    out = r.out + r.err
    assert "错误[K-D0212]" in out and "0.89 没有写百分号，会被读成 0.89%" in out and "第 4 行" in out
    assert "请写成 89%" in out
    # Written with its sign, it says which is meant: 89% reads as 89% whatever the convention.
    ok = run_kpi("eval", _scheme(tmp_path, POINTS), _data(tmp_path, ",0.89,", ",89%,"), "--format", "json")
    assert ok.code == 0, ok.out + ok.err
    c03 = next(rec for rec in json.loads(ok.out)["records"] if rec["id"] == "C03")
    assert c03["items"][1]["value"] == "0.89"


# ------------------------------------------------------------------------------ 3. every override row that does not apply


def test_an_unknown_employee_is_reported_beside_the_other_bad_rows(tmp_path: Path) -> None:
    r = run_kpi("eval", _scheme(tmp_path), DATA, "--overrides", str(HERE / "ov2.csv"))
    assert r.code == 1
    out = r.out + r.err
    assert out.count("error[K-D0230]") == 3
    assert "line 2, column '工号': no employee 'C99' in the data" in out
    assert "'Z' is not a value of grade" in out and "'82.25' has more places than the published total" in out


def test_the_api_checks_override_ids_given_the_prepared_records(tmp_path: Path) -> None:
    import kpidsl
    from kpidsl.errors import KpiDataError

    s = kpidsl.load(_scheme(tmp_path))
    prepared = s.read_records((DATA,))
    with pytest.raises(KpiDataError) as exc:
        s.read_overrides(HERE / "ov2.csv", prepared)
    assert len(exc.value.diagnostics) == 3


# ------------------------------------------------------------------------------ 4. an override whose dependents do not follow


def test_an_override_its_dependents_do_not_read_is_a_warning_naming_them_and_the_fix(tmp_path: Path) -> None:
    r = run_kpi("eval", _scheme(tmp_path), DATA, "--overrides", str(HERE / "ov.csv"))
    assert r.code == 0, r.out + r.err
    assert "warning[K-D0239]" in r.err
    assert "an override of '强制分布' does not reach 绩效系数, 绩效奖金额" in r.err
    assert "`overrides { after 绩效系数, 绩效奖金额 }`" in r.err
    # With the block the warning names, the coefficient and the pool follow the calibrated grade.
    fixed = SCHEME.replace("  grade on rounded", "  overrides { after 部门排名, 强制分布, 绩效系数, 绩效奖金额 }\n  grade on rounded")
    s = _scheme(tmp_path, fixed, "fixed.kpi")
    again = run_kpi("eval", s, DATA, "--overrides", str(HERE / "ov.csv"), "--format", "json")
    assert again.code == 0 and "K-D0239" not in again.err, again.err
    c04 = next(rec for rec in json.loads(again.out)["records"] if rec["id"] == "C04")
    assert c04["population"]["强制分布"] == "D" and c04["population"]["绩效系数"] == "0.5"


def test_rules_listed_before_on_purpose_are_not_warned_about(tmp_path: Path) -> None:
    text = SCHEME.replace("  grade on rounded", "  overrides { before 部门排名, 强制分布, 绩效系数, 绩效奖金额 }\n  grade on rounded")
    r = run_kpi("eval", _scheme(tmp_path, text), DATA, "--overrides", str(HERE / "ov.csv"))
    assert r.code == 0 and "K-D0239" not in r.err, r.err


# ------------------------------------------------------------------------------ 5. the API's explain names the record by its id


def test_explain_of_a_plain_dict_uses_the_records_own_id() -> None:
    import kpidsl

    s = kpidsl.load(str(HERE / "pop.kpi"))
    record = {"工号": "C03", "姓名": "张伟", "部门": "一组", "技能考试成绩": 78, "客户满意度": "89%", "主管评分": 75,
              "接口部门评分": 70, "受理工单数": 80, "解决工单数": 70}
    zh = s.explain(record).render(lang=kpidsl.Lang.ZH)
    assert "工号 C03" in zh.splitlines()[1] and "#1" not in zh
    assert s.explain(record).record.id == "C03" and s.evaluate_one(record).id == "C03"
    assert s.explain(record, record_id="X9").record.id == "X9"  # an explicit id still wins


# ------------------------------------------------------------------------------ 9. explain follows the display rule


def test_explain_says_one_percentage_point_and_yes_no_and_percentages_everywhere() -> None:
    import kpidsl

    s = kpidsl.load(str(HERE / "pop.kpi"))
    record = {"工号": "C02", "姓名": "李娜", "部门": "一组", "技能考试成绩": 85, "客户满意度": "94%", "主管评分": 82,
              "接口部门评分": 80, "受理工单数": 100, "解决工单数": 90, "重大投诉": "否"}
    reply = s.explain(record).render(lang=kpidsl.Lang.EN)
    assert "1 percentage point short of" in reply and "1 percentage points" not in reply
    assert "重大投诉 (column “重大客户投诉”): no" in reply and "(重大投诉: no)" in reply
    full = s.explain(record).render(lang=kpidsl.Lang.EN, detail="full")
    assert "重大投诉 (column \"重大客户投诉\") = no" in full and "veto 重大客户投诉: 重大投诉 = no" in full
    assert "客户满意度 (column \"客户满意度(%)\") = 94%" in full and "    客户满意度 = 94%" in full
    assert "= 0.94" not in full and "false" not in full
    zh = s.explain(record).render(lang=kpidsl.Lang.ZH, detail="full")
    assert "重大投诉 = 否 → 未触发" in zh and "客户满意度 = 94%" in zh


# ------------------------------------------------------------------------------ 10. diff, history, the run summary


def test_diff_why_has_no_empty_part(tmp_path: Path) -> None:
    new = _scheme(tmp_path, SCHEME.replace("A 20%  B 30%  C 30%  D 20%", "A 10%  B 40%  C 30%  D 20%"), "new.kpi")
    r = run_kpi("diff", str(HERE / "pop.kpi"), new, DATA)
    assert r.code == 0, r.out + r.err
    c01 = next(line for line in r.out.splitlines() if line.startswith("C01"))
    assert "强制分布: A => B, because" in c01 and ": ;" not in r.out and "; B" not in r.out


def test_history_of_one_run_says_one_run(tmp_path: Path) -> None:
    db = str(tmp_path / "runs.db")
    assert run_kpi("eval", str(HERE / "pop.kpi"), DATA, "--record", db, "-o", str(tmp_path / "out.csv")).code == 0
    r = run_kpi("history", "--record", db)
    assert r.code == 0, r.out + r.err
    assert "the hash chain of 1 run is intact" in r.out + r.err


def test_the_run_summary_lists_groups_in_the_order_of_the_data() -> None:
    r = run_kpi("eval", str(HERE / "pop.kpi"), DATA)
    lines = r.err.splitlines()
    start = lines.index("By 部门")
    groups = [line.split()[0] for line in lines[start + 3:start + 6]]
    assert groups == ["一组", "二组", "三组"]


# ------------------------------------------------------------------------------ 7. docs/fmt.md's example, and points against a percent bound


def _kpi_blocks(name: str) -> list[str]:
    import re

    from conftest import ROOT

    return re.findall(r"```(?:kpi)?\n(scheme .*?)```", (ROOT / name).read_text(encoding="utf-8"), flags=re.S)


def test_the_fmt_page_example_is_lint_clean_before_and_after(tmp_path: Path) -> None:
    blocks = _kpi_blocks("docs/fmt.md")
    assert len(blocks) == 2
    for i, block in enumerate(blocks):
        r = run_kpi("lint", _scheme(tmp_path, block, f"fmt{i}.kpi"))
        assert r.code == 0 and "0 errors, 0 warnings" in r.out + r.err, r.out + r.err


def test_points_compared_with_a_percent_bound_is_k_l0401(tmp_path: Path) -> None:
    text = ('scheme "t" {\n  input 完成率: percent\n  input 达成率: percent\n'
            '  indicator 完成 weight 50% {\n    value 完成率 * 100\n    score ladder { >= 95% -> 100  else -> 0 }\n  }\n'
            '  indicator 达成 weight 50% { score if 达成率 * 100 >= 90% then 100 else 0 }\n}\n')
    r = run_kpi("lint", _scheme(tmp_path, text))
    out = r.out + r.err
    assert out.count("warning[K-L0401]") == 2
    assert "the value of '完成' is in points (a rate × 100: 95 means 95%), but the bound 95% is a rate, not points" in out
    assert "points (a rate × 100) are compared with the rate 90%" in out
    assert "write the bound as 95" in out


# ------------------------------------------------------------------------------ 8. a `percent N` field in each output, as the docs say


def test_a_percent_field_is_exact_in_json_and_cut_by_the_display_rule_in_the_workbook(tmp_path: Path) -> None:
    import openpyxl

    js = run_kpi("eval", str(HERE / "pop.kpi"), DATA, "--format", "json")
    c01 = next(rec for rec in json.loads(js.out)["records"] if rec["id"] == "C01")
    assert c01["fields"]["工单解决率"].startswith("0.98333333333")  # 118 / 120, exact
    out = tmp_path / "out.xlsx"
    assert run_kpi("eval", str(HERE / "pop.kpi"), DATA, "-o", str(out)).code == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    col = [c.value for c in ws[1]].index("工单解决率")
    cell = ws.cell(row=2, column=col + 1)
    assert cell.value == pytest.approx(0.983333, abs=1e-9) and cell.number_format == "0.0%"
    csv = run_kpi("eval", str(HERE / "pop.kpi"), DATA, "--format", "csv")
    assert csv.out.splitlines()[1].endswith(",98.3%")
