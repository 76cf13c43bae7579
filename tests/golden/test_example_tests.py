"""Every example's own `test` blocks: they pass, they reach every coverage target of the scheme
(`kpi test --coverage` at 100%), and their expected values agree with the example's independent
reference (`reference.py`, exact rationals, no kpidsl import).

For the cross-check each test block becomes one row of the example's data layout (its `given`
values under the data's column headers, defaults where the scheme declares them), the reference
computes that row alone, and every expectation the reference also publishes (the total, the grade,
an item's score or a field under its name in `expected.csv`) must be equal. So the numbers written in the test blocks
are checked by a second computation, not copied from kpidsl's output.
"""

from __future__ import annotations

import csv
import runpy
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES

import kpidsl
from kpidsl import nodes as n
from kpidsl.numbers import fmt_plain
from kpidsl.testing import coverage_of, run_tests

#: Examples whose reference checks the seed's own table as a whole (it asserts the seed's averages),
#: so a row of a test block cannot be run through it; their test blocks are computed by hand in
#: comments next to them.
#: The period examples too: their references roll whole years up (a one-row table is no year), and
#: their data make the period from several columns (年度, 月份, 周次) that no input reads alone;
#: tests/periods/test_period_examples.py checks their test blocks' rows against the references.
WHOLE_TABLE_REFERENCES = {"normalisation", "weekly_year_end", "quarterly_year_on_year", "monthly_file_year"}

#: The expect paths the references publish, by the column name in expected.csv.
RESULT_COLUMNS = {("total",): "total", ("grade",): "grade", ("base_score",): "base_score"}


def _cases(scheme: kpidsl.Scheme) -> list[n.TestCase]:
    s = scheme.program.scheme
    assert s is not None
    return [*s.tests, *scheme.program.module.tests]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_test_blocks_pass_and_reach_every_target(name: str) -> None:
    scheme = kpidsl.load(EXAMPLES / name / "scheme.kpi")
    outcomes = run_tests(scheme, trace=True)
    assert outcomes, f"{name} has no test blocks"
    failed = [(o.name, o.error, o.mismatches) for o in outcomes if not o.passed]
    assert not failed, failed
    report = coverage_of(scheme, outcomes)
    missed = [f"{c.target.span.line}: {c.target.what}" for c in report.missed()]
    assert not missed, f"{name}: no test reaches {missed}"


def _layout(name: str) -> tuple[list[str], str]:
    """The data file's header row and encoding (UTF-8 with BOM, or GB18030 as Excel writes it)."""
    data = (EXAMPLES / name / "data.csv").read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return next(csv.reader(text.splitlines())), encoding
    raise AssertionError(f"{name}/data.csv is neither UTF-8 nor GB18030")


def _cell(value: n.TestValue) -> str:
    v = value.value
    if isinstance(v, bool):
        return "是" if v else "否"  # as the examples' data write yes/no
    if isinstance(v, Decimal):
        return value.text  # as written: `95%` stays a percentage, which the references read
    return "" if v is None else str(v)


def _row(scheme: kpidsl.Scheme, header: list[str], case: n.TestCase) -> list[str]:
    given = {g.name: g.value for g in case.given}
    row = []
    for column in header:
        inp = next((i for i in scheme.ir.inputs if column in i.column_names), None)
        assert inp is not None, f"no input reads the column {column}"
        if inp.name in given:
            row.append(_cell(given[inp.name]))
        elif inp.has_default:
            d = inp.default
            row.append(fmt_plain(d) if isinstance(d, Decimal) else ("是" if d else "否") if isinstance(d, bool) else str(d))
        else:
            row.append("")
    return row


def _reference(name: str, header: list[str], encoding: str, row: list[str], folder: Path) -> dict[str, str]:
    """The reference's expected.csv row for one data row."""
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLES / name / "reference.py", folder / "reference.py")
    shutil.copy(EXAMPLES / "refkit.py", folder.parent / "refkit.py")
    with open(folder / "data.csv", "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows([header, row])
    runpy.run_path(str(folder / "reference.py"), run_name="__main__")
    with open(folder / "expected.csv", encoding="utf-8", newline="") as fh:
        (out,) = list(csv.DictReader(fh))
    return out


#: How the references write yes and no.
PUBLISHED_BOOLS = {True: ("yes", "是"), False: ("no", "否")}


def _same(expected: n.TestValue, published: str) -> bool:
    """The expected value equals the published cell: a number exactly (a cell of a percentage
    field as `96.50%`), yes/no as the references write them, no value as an empty cell."""
    v = expected.value
    if isinstance(v, bool):
        return published in PUBLISHED_BOOLS[v]
    if isinstance(v, Decimal):
        if published.endswith("%"):
            return Decimal(published[:-1]) / 100 == v
        return published != "" and Decimal(published) == v
    if v is None:
        return published == ""
    return published == str(v)


@pytest.mark.parametrize("name", sorted(set(EXAMPLE_NAMES) - WHOLE_TABLE_REFERENCES))
def test_expected_values_agree_with_the_reference(name: str, tmp_path: Path) -> None:
    scheme = kpidsl.load(EXAMPLES / name / "scheme.kpi")
    header, encoding = _layout(name)
    checked = 0
    for i, case in enumerate(_cases(scheme)):
        if any(e.path == ("error",) for e in case.expects):
            continue
        published = _reference(name, header, encoding, _row(scheme, header, case), tmp_path / f"case{i}" / name)
        compared = 0
        for e in case.expects:
            column = RESULT_COLUMNS.get(e.path) or (e.path[0] if e.path[1:] in (("score",), ()) else None)
            if column is None or column not in published:
                continue
            assert _same(e.value, published[column]), \
                f"{name}, test {case.name!r}: {'.'.join(e.path)} = {e.value.text}, the reference computes {published[column]!r}"
            compared += 1
        assert compared, f"{name}, test {case.name!r}: expects nothing the reference publishes (total or grade at least)"
        checked += 1
    assert checked, f"{name}: no test block was cross-checked"
