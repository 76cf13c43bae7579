"""Fixes of session 7: a percent column read `as points` is judged over all of its values on every
path (a file read in chunks, dicts, an Arrow table, a DataFrame), so a ratio written by mistake
among points is K-D0212, never 0.95% without a word."""

from __future__ import annotations

from decimal import Decimal

import pytest

import kpidsl

SCHEME = """scheme "百分" {
  round 2
  id 工号
  input 工号: text
  input 达成率: percent as points
  indicator 达成 weight 100% {
    value 达成率
    score ladder {
      >= 90% -> 100
      < 90% -> 50
    }
  }
}
"""

MIXED = [{"工号": "E1", "达成率": 92}, {"工号": "E2", "达成率": 0.95}, {"工号": "E3", "达成率": "96%"}]


def _tables() -> dict[str, object]:
    out: dict[str, object] = {"dicts": MIXED, "text dicts": [{**r, "达成率": str(r["达成率"])} for r in MIXED]}
    pa = pytest.importorskip("pyarrow")
    out["arrow"] = pa.table({"工号": ["E1", "E2", "E3"], "达成率": ["92", "0.95", "96%"]})
    out["arrow numbers"] = pa.table({"工号": ["E1", "E2"], "达成率": [92.0, 0.95]})
    return out


@pytest.mark.parametrize("engine", ["auto", "python", "columnar"])
@pytest.mark.parametrize("form", ["dicts", "text dicts", "arrow", "arrow numbers"])
def test_a_ratio_among_points_is_refused_by_the_bulk_api(engine: str, form: str) -> None:
    scheme = kpidsl.loads(SCHEME)
    with pytest.raises(kpidsl.KpiDataError) as caught:
        scheme.evaluate(_tables()[form], engine=engine)
    (diag,) = caught.value.diagnostics
    assert diag.code == "K-D0212"
    assert "record 2 (工号 'E2')" in diag.message and "达成率" in diag.message and "0.95" in diag.message
    assert diag.hints and "95%" in diag.hints[0]


def test_a_dataframe_is_judged_as_a_table() -> None:
    pd = pytest.importorskip("pandas")
    scheme = kpidsl.loads(SCHEME)
    with pytest.raises(kpidsl.KpiDataError, match="K-D0212|0.95"):
        scheme.evaluate(pd.DataFrame({"工号": ["E1", "E2"], "达成率": [92, 0.95]}))


@pytest.mark.parametrize("engine", ["auto", "python"])
def test_small_values_alone_and_marked_ones_are_read_as_written(engine: str) -> None:
    """No value above 1 point: 0.95 is 0.95% (the column's own convention); `0.95%` is always read as written."""
    scheme = kpidsl.loads(SCHEME)
    small = scheme.evaluate([{"工号": "E1", "达成率": 0.5}, {"工号": "E2", "达成率": "0.95%"}], engine=engine)
    assert small.column("total") == [Decimal("50.00"), Decimal("50.00")]
    marked = scheme.evaluate([{"工号": "E1", "达成率": 92}, {"工号": "E2", "达成率": "0.95%"}, {"工号": "E3", "达成率": 0}],
                             engine=engine)
    assert marked.column("total") == [Decimal("100.00"), Decimal("50.00"), Decimal("50.00")]
