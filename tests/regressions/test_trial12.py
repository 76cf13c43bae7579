"""Findings of the new user's trial of issue 12 (fast and exact), as regressions."""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pytest

import kpidsl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import workload  # noqa: E402


@pytest.fixture(scope="module")
def scheme() -> kpidsl.Scheme:
    return kpidsl.load(workload.SCHEME)


def _rows_with_a_float_divisor() -> list[dict[str, object]]:
    rows = list(workload.rows(2500))
    rows[5]["总供货量(件)"] = 0.1 + 0.2  # 0.30000000000000004: 17 decimal places, a divisor
    return rows


def test_a_float_divisor_falls_back_to_the_interpreter(scheme: kpidsl.Scheme) -> None:
    """It raised the columnar engine's internal `Unsupported` (neither a KpiError nor the
    documented ValueError): a division too wide for 38 digits with that many places. The
    fixed-point fast path takes such a batch (the record with the float goes to the
    interpreter); the DuckDB plan cannot, so the records (built from its full plan) are then
    the interpreter's: the same results either way."""
    rows = _rows_with_a_float_divisor()
    expected = scheme.evaluate(rows, engine="python")
    for data in (rows, pa.Table.from_pylist(rows)):
        got = scheme.evaluate(data)
        assert got.column("total") == expected.column("total") and got.column("grade") == expected.column("grade")
        assert got.column(scheme.ir.item_order[0]) == expected.column(scheme.ir.item_order[0])
        assert got == expected
    try:
        columnar = scheme.evaluate(rows, engine="columnar")
    except ValueError as exc:
        assert "38 digits" in str(exc)
    else:
        assert columnar == expected


def test_a_float_divisor_in_a_data_file_falls_back_too(scheme: kpidsl.Scheme, tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    workload.write_csv(path, 2500)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[6].split(",")
    cells[header.index("总供货量(件)")] = "0.30000000000000004"
    lines[6] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = scheme.read(path)
    got = scheme.evaluate_table(table)
    expected = scheme.evaluate_table(table, engine="python")
    assert got.column("total") == expected.column("total")
