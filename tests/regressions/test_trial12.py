"""A new user's trial of the speed features (issue 12) from the docs only: each finding, with the
user's material (the purchasing example, its data and the API on plain dicts), as a regression test."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_kpi

import kpidsl

PURCHASING = EXAMPLES / "purchasing_manager"
HEADER = "工号,姓名,计划采购单数,按时完成单数,总供货量(件),被退货量(件),材料价格合理性得分,供应商管理得分\n"


def _record(**cells: object) -> dict[str, object]:
    base: dict[str, object] = {"工号": "E1", "姓名": "张伟", "计划采购单数": 100, "按时完成采购单数": 96, "总供货量": 1000,
                               "退货量": 30, "价格合理性评分": 85, "供应商管理评分": 90}
    return base | cells


# -- 2. a currency sign in a column that is not money: that is the reason, not the comma


@pytest.mark.parametrize(("cell", "plain"), [("¥1,000", "1,000"), ("1000元", "1000"), ("1,000元", "1,000"),
                                             ("￥1000", "1000"), ("$1,000.5", "1,000.5"), ("1000RMB", "1000")])
@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_currency_sign_in_a_number_column_names_the_real_reason(tmp_path: Path, cell: str, plain: str, engine: str) -> None:
    data = tmp_path / "d.csv"
    data.write_text(HEADER + f'E001,张伟,100,96,"{cell}",30,85,90\n', encoding="utf-8")
    r = run_kpi("eval", str(PURCHASING / "scheme.kpi"), str(data), "--engine", engine)
    assert r.code == 1 and "K-D0207" in r.err and "column '总供货量(件)'" in r.err
    assert "only a `money` input reads one" in r.err and f"write {plain}," in r.err
    assert "comma" not in r.err and "expected any decimal number" not in r.err
    zh = run_kpi("eval", str(PURCHASING / "scheme.kpi"), str(data), "--engine", engine, "--lang", "zh")
    assert "只有金额（`money`）输入项才读取它们" in zh.err and f"请写成 {plain}" in zh.err


def test_a_currency_sign_through_the_api_and_before_text_that_is_no_number() -> None:
    scheme = kpidsl.load(PURCHASING / "scheme.kpi")
    with pytest.raises(kpidsl.KpiError) as exc:
        scheme.evaluate([_record(总供货量="¥1,000")], engine="python")
    assert "only a `money` input reads one; write 1,000" in exc.value.diagnostics[0].message
    with pytest.raises(kpidsl.KpiError) as exc:
        scheme.evaluate([_record(总供货量="¥abc")], engine="python")
    message = exc.value.diagnostics[0].message
    assert message.endswith("only a `money` input reads one") and "write" not in message


def test_a_money_input_still_reads_currency_and_full_width_digits_are_numbers(tmp_path: Path) -> None:
    scheme = kpidsl.loads('scheme "s" {\n  id 工号\n  input 工号: text\n  input 奖金: money\n'
                          '  indicator 奖 weight 100% { score 奖金 / 100 }\n}\n', path="s.kpi")
    got = scheme.evaluate([{"工号": "A", "奖金": "¥1,000"}, {"工号": "B", "奖金": "1000元"}], engine="python")
    assert [r.total for r in got.record_data] == [Decimal(10), Decimal(10)]
    full_width = kpidsl.load(PURCHASING / "scheme.kpi").evaluate([_record(总供货量="１０００")], engine="python")
    assert full_width.record_data[0].total == kpidsl.load(PURCHASING / "scheme.kpi").evaluate([_record()]).record_data[0].total
