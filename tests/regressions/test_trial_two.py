"""What a second new-user trial found in the syntax of counts and in data hints: `min_group 20`
was refused with a message about `round` (counts were read as decimal places, 0..12), `2.5` was
silently 0; the duplicate (employee, period) hint said to choose another id column; the decimal
comma hint spoke of 1,5 whatever the cell held."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_kpi

import kpidsl

SCHEME = """scheme "t" {{
  input 部门: text
  indicator a weight 100% {{ score 80 }}
  grade {{ A >= 90  B >= 0 }}
  distribute 强制分布 by total within 部门 {{
    A 20%
    B 80%
    min_group {n} -> bands
  }}
}}
"""


def test_min_group_takes_any_whole_number() -> None:
    scheme = kpidsl.loads(SCHEME.format(n=20))
    assert not [d for d in scheme.check() if d.severity.value == "error"]


@pytest.mark.parametrize("n", ["2.5", "0.5"])
def test_min_group_that_is_not_whole_is_an_error_naming_the_clause(n: str) -> None:
    with pytest.raises(kpidsl.KpiError) as exc:
        kpidsl.loads(SCHEME.format(n=n))
    d = exc.value.diagnostics[0]
    assert d.code == "K-S0002" and "`min_group` takes a whole number" in d.message and "round" not in d.message


def test_flag_over_more_than_twelve_periods_is_read() -> None:
    scheme = kpidsl.loads('scheme "t" { period month  input 期间: period  input x: number\n'
                          '  indicator a weight 100% { score x }\n  flag 长期 when total >= 90 for 24 periods }')
    assert scheme.ir.rules[0].periods == 24  # type: ignore[attr-defined]


def test_a_duplicate_period_row_is_told_to_remove_it(tmp_path: Path) -> None:
    scheme = tmp_path / "s.kpi"
    scheme.write_text('scheme "t" {\n  period month\n  input 工号: text\n  input 期间: period\n  input x: number\n'
                      '  indicator a weight 100% { score x }\n}\n', encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("工号,期间,x\nE1,2024-01,80\nE1,2024-02,85\nE1,2024-01,90\n", encoding="utf-8")
    r = run_kpi("eval", str(scheme), str(data), "--id-column", "工号")
    assert r.code == 1 and "K-D0208" in r.err
    assert "one row per period" in r.err and "--id" not in r.err.split("hint")[-1]


def test_a_decimal_comma_is_told_how_to_write_that_cell() -> None:
    scheme = kpidsl.loads('scheme "t" { input x: number\n  indicator a weight 100% { score x } }')
    with pytest.raises(kpidsl.KpiError) as exc:
        scheme.evaluate_one({"x": "8，5"})
    assert "if 8，5 is a decimal, write 8.5" in exc.value.diagnostics[0].message
