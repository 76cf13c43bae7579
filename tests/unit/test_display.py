"""One display rule for numbers (display.py), and the cases of issue 13 through every output: the
terminal table, CSV, JSON, the workbook and explain."""

from __future__ import annotations

import csv
import decimal
import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run_kpi
from hypothesis import given
from hypothesis import strategies as st

from kpidsl import display
from kpidsl.numbers import div, evaluation_context, round_half_up


def _q(a: int, b: int) -> Decimal:
    """A quotient as evaluation computes it (Q20)."""
    with decimal.localcontext(evaluation_context()):
        return div(Decimal(a), Decimal(b))


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (Decimal("96"), 2, "96.00"),  # declared places: always those places
        (Decimal("85.0"), 1, "85.0"),
        (Decimal("79.0"), None, "79"),  # undeclared: no trailing zero of the arithmetic
        (Decimal("28.80"), None, "28.8"),
        (Decimal("0.95"), None, "0.95"),
        (Decimal("1234567.89"), None, "1234567.89"),  # data keeps every digit
        (Decimal("0.123456"), None, "0.123456"),  # six decimals: shown as it is
        (_q(800, 9), None, "88.8888…"),  # a percentile, not 34 digits
        (_q(2, 3), None, "0.666666…"),  # cut, never rounded up to ...667
        (_q(-2, 3), None, "-0.666666…"),
        (Decimal("1.0049996"), None, "1.00499…"),  # never ≈1.005 beside its rounding 1.00
        (_q(3703703, 3), None, "1234567…"),  # the integer part is never cut
        (Decimal("-0.0"), None, "0"),
    ],
)
def test_the_display_rule(value: Decimal, places: int | None, shown: str) -> None:
    assert display.number(value, places) == shown
    assert display.number(value, places, mark=False) == shown.rstrip("…")


def test_a_value_next_to_its_rounding_shows_the_deciding_digit() -> None:
    pay = _q(120000 * 14, 102)  # 16470.588235...
    assert display.number(pay) == "16470.5…"
    assert display.number(pay, at_least=3) == "16470.588…"  # -> 16470.59, visibly
    assert display.percent(_q(2, 3)) == "66.6666…%" and display.percent(Decimal("0.935")) == "93.5%"


@given(st.decimals(min_value=-10**6, max_value=10**6, allow_nan=False, allow_infinity=False, places=30),
       st.integers(min_value=0, max_value=4))
def test_a_cut_value_rounds_as_the_exact_value_does(value: Decimal, places: int) -> None:
    """Why a long value is cut and not rounded: whoever rounds the shown number (a reader, Excel,
    the next scheme) gets the published rounding of the exact value."""
    shown, _ = display.cut(value, at_least=places + 1)
    assert round_half_up(shown, places) == round_half_up(value, places)


# ------------------------------------------------------------------------------ through every output

UNDECLARED = """
scheme "显示" {
  id 工号
  input 工号: text
  input 得分: number
  input 扣分次数: count = 0
  input 比率: number
  indicator 主项 weight 40% { score 得分 }
  indicator 次项 weight 60% { score 得分 * 比率 / 3 }
  deduct "扣" 扣分次数 * 11
  percentile 百分位 by total
}
"""


def _scheme(tmp_path: Path, text: str = UNDECLARED) -> tuple[str, str]:
    scheme = tmp_path / "s.kpi"
    scheme.write_text(text, encoding="utf-8")
    data = tmp_path / "d.csv"
    rows = [["工号", "得分", "扣分次数", "比率"]] + [[f"E{i}", "95", "1", "1"] for i in range(1, 10)] + [["E10", "100", "0", "1"]]
    with open(data, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return str(scheme), str(data)


def test_table_csv_json_and_workbook_agree(tmp_path: Path) -> None:
    scheme, data = _scheme(tmp_path)
    cols = "id,主项,次项,deductions,total,百分位"
    table = run_kpi("eval", scheme, data, "--columns", cols, "-q")
    rows = [line.split() for line in table.out.splitlines()[2:]]
    e1 = rows[0]
    # 95 x 40% + 31.666...67 x 60% - 11, held as 46.000000000000000000002 (Q20: the quotient has 20
    # places, the product is exact): no `round`, so shown after the 15-place snap, as 46; the
    # quotient 95 / 3 is cut
    assert e1 == ["E1", "95", "31.6666…", "11", "46", "0"]
    e10 = rows[-1]
    assert e10 == ["E10", "100", "33.3333…", "0", "60", "100"]
    assert not any(cell.endswith(".0") for row in rows for cell in row)
    out = run_kpi("eval", scheme, data, "--columns", cols, "--format", "csv", "--headers", "keys", "-q")
    body = list(csv.reader(out.out.splitlines()))
    assert body[1] == ["E1", "95", "31.6666", "11", "46", "0"]  # the same digits, without the mark
    doc = json.loads(run_kpi("eval", scheme, data, "--format", "json", "-q").out)
    assert doc["records"][0]["items"][1]["score"] == "31.66666666666666666667"  # JSON keeps the exact (Q20) value
    import openpyxl

    xlsx = tmp_path / "r.xlsx"
    assert run_kpi("eval", scheme, data, "--columns", cols, "-o", str(xlsx), "-q").code == 0
    ws = openpyxl.load_workbook(xlsx).worksheets[0]
    assert Decimal(str(ws["C2"].value)) == Decimal("31.6666") and ws["C2"].number_format == "0.0000"  # what the CSV shows
    assert ws["E2"].value == 46 and ws["E2"].number_format == "0"


def test_percentiles_never_print_34_digits(tmp_path: Path) -> None:
    scheme, data = _scheme(tmp_path, UNDECLARED.replace('deduct "扣" 扣分次数 * 11', 'deduct "扣" 扣分次数 * 扣分次数'))
    rows = [r.split() for r in run_kpi("eval", scheme, data, "--columns", "id,total,百分位", "-q").out.splitlines()[2:]]
    assert all(len(r[2]) <= 8 for r in rows), rows


def test_explain_shows_the_digit_its_rounding_needs(tmp_path: Path) -> None:
    text = 'scheme "r" {\n  round 2\n  input a: number\n  indicator x { score a }\n}\n'
    scheme = tmp_path / "r.kpi"
    scheme.write_text(text, encoding="utf-8")
    data = tmp_path / "r.csv"
    data.write_text("id,a\nE1,1.0049996\n", encoding="utf-8")
    for lang in ("en", "zh"):
        out = run_kpi("explain", str(scheme), str(data), "--id", "E1", "--detail", "full", "--lang", lang).out
        assert "1.00499… → 1.00" in out or "1.00499… -> 1.00" in out, out
        assert "1.005" not in out


def test_a_rounded_score_shows_its_exact_value_cut(tmp_path: Path) -> None:
    """`8.666666666666666666666666666666668 -> 8.6667` in issue 13."""
    from helpers import scheme

    s = scheme("input a: number\nindicator x { score a / 3  round 4 }")
    text = s.explain({"a": 26}).text
    assert "8.66666… -> 8.6667" in text and "8.666666666" not in text
