"""`kpi eval --engine`: the columnar engine writes the same files as the interpreter, says which
engine ran under -v, and refuses a scheme it does not support when asked for explicitly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, run_kpi

import kpidsl
from kpidsl.engines import columnar_engine

SUPPORTED = [n for n in EXAMPLE_NAMES if columnar_engine(kpidsl.load(EXAMPLES / n / "scheme.kpi"))[0] is not None]


@pytest.mark.parametrize("name", SUPPORTED)
@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_columnar_output_equals_python_output(name: str, fmt: str) -> None:
    args = ("eval", str(EXAMPLES / name / "scheme.kpi"), str(EXAMPLES / name / "data.csv"), "--format", fmt)
    columnar, python = run_kpi(*args, "--engine", "columnar"), run_kpi(*args, "--engine", "python")
    assert (columnar.code, columnar.out) == (python.code, python.out)


def test_verbose_says_which_engine_and_why(tmp_path: Path) -> None:
    folder = EXAMPLES / "forced_distribution"
    r = run_kpi("eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "-v")
    assert r.code == 0
    assert "engine: python (20 records, fewer than 2000: python backend)" in r.err
    lines = (folder / "data.csv").read_text(encoding="utf-8-sig").splitlines()
    people = [row for row in lines[1:] if not row.startswith("合计")]  # the data's summary row ends it once
    many = [lines[0]] + [f"X{i:04d}" + row[row.index(","):] for i, row in enumerate(people * 110)]
    (tmp_path / "data.csv").write_text("\n".join(many) + "\n", encoding="utf-8")
    r = run_kpi("eval", str(folder / "scheme.kpi"), str(tmp_path / "data.csv"), "-v", "-o", str(tmp_path / "out.csv"))
    assert "engine: python (5 population rules ('部门排名', '百分位', '强制分布', '绩效系数', '绩效工资'): python backend)" in r.err, r.err
    folder = EXAMPLES / "purchasing_manager"
    r = run_kpi("eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "-v", "--engine", "columnar")
    assert "engine: columnar (--engine columnar)" in r.err, r.err  # -v says why it ran


def test_columnar_refuses_a_scheme_it_does_not_support() -> None:
    folder = EXAMPLES / "forced_distribution"
    r = run_kpi("eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "--engine", "columnar")
    assert r.code == 1
    assert "K-E0190" in r.err and "population rules" in r.err
