"""The three period examples (issue 17): a duplicate (employee, period) row is an error naming the
row; the order of the rows and the split of the data into files never change a result (a
hypothesis property); `--level` gives the reference's values of the coarser unit."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, example_data, run_kpi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpidsl

#: Each example, the row a duplicate copies (re-spelling its period's cells), and the level whose
#: values the reference publishes on every row.
CASES = {
    "weekly_year_end": (("K05", "4月", "1"), {"月份": "四月", "周次": "第1周"}, "year", ("年终得分", "年终等级")),
    "quarterly_year_on_year": (("H03", "2", None), {"季度": "第二季度"}, "year", ("年度得分", "年度等级")),
    "monthly_file_year": (("M03", "五月", None), {"月份": "5"}, "year", ("年度得分", "年度奖金")),
}


def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    with open(example_data(name), encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    return header, rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])
    return path


@pytest.mark.parametrize("name", CASES)
def test_a_duplicate_employee_and_period_is_an_error_naming_the_row(name: str, tmp_path: Path) -> None:
    (who, first, second), respelt, _, _ = CASES[name]
    header, rows = _rows(name)
    cells = [c for c in (first, second) if c is not None]
    original = next(r for r in rows if r[0] == who and all(c in r for c in cells))
    copy = [respelt.get(h, v) for h, v in zip(header, original, strict=True)]
    data = _write(tmp_path / example_data(name).name, header, [*rows, copy])
    r = run_kpi("eval", str(EXAMPLES / name / "scheme.kpi"), str(data))
    assert r.code == 1, r.out
    assert "K-D0208" in r.err and f"line {len(rows) + 2}" in r.err and f"'{who}'" in r.err, r.err


def _results(scheme: kpidsl.Scheme, paths: list[Path]) -> dict[tuple[str, str | None], object]:
    records = scheme.evaluate_records(scheme.read_records(paths))
    return {(r.id, r.period): r.model_dump() for r in scheme.results(records).records}


EXPECTED = {name: _results(kpidsl.load(EXAMPLES / name / "scheme.kpi"), [example_data(name)]) for name in CASES}


@pytest.mark.parametrize("name", CASES)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_shuffled_rows_and_files_give_the_same_results(name: str, data: st.DataObject) -> None:
    header, rows = _rows(name)
    shuffled = data.draw(st.permutations(rows), label="rows")
    files = data.draw(st.integers(1, 4), label="files")
    scheme = kpidsl.load(EXAMPLES / name / "scheme.kpi")
    year = "2024年" if "年" in example_data(name).name else ""
    with tempfile.TemporaryDirectory() as folder:
        paths = [_write(Path(folder) / f"{year}part{i}.csv", header, shuffled[i::files]) for i in range(files)]
        order = data.draw(st.permutations(paths), label="file order")
        assert _results(scheme, list(order)) == EXPECTED[name]


@pytest.mark.parametrize("name", CASES)
def test_the_level_output_is_the_references_values(name: str) -> None:
    _, _, level, columns = CASES[name]
    r = run_kpi("eval", str(EXAMPLES / name / "scheme.kpi"), str(example_data(name)), "--level", level, "--format", "csv",
                "--headers", "keys", "--columns", ",".join(("id", *columns)))
    assert r.code == 0, r.err
    with open(EXAMPLES / name / "expected.csv", encoding="utf-8", newline="") as fh:
        published = {(row["id"], *(row[c] for c in columns)) for row in csv.DictReader(fh) if not row.get("excluded")}
    shown = {tuple(line) for line in list(csv.reader(r.out.splitlines()))[1:]}
    assert shown == published
