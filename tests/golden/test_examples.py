"""Every shipped example against its independently computed expected results.

`examples/<name>/reference.py` recomputes the expected values with exact rationals and no kpidsl
import; these tests check that (1) kpidsl's results equal `expected.csv` cell for cell and (2)
`expected.csv` is what the reference script produces today, so neither can drift.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, check_golden, example_data, run_kpi

import kpidsl


def _expected(name: str) -> list[dict[str, str]]:
    with open(EXAMPLES / name / "expected.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _is_number(text: str) -> bool:
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def test_there_are_six_seed_examples() -> None:
    assert len(EXAMPLE_NAMES) >= 6


def _exact_values(name: str, columns: list[str]) -> list[dict[str, object]]:
    """Every record's value of each column, exact (the CSV shows a long quotient cut after 6
    significant digits; JSON and the API keep it whole)."""
    from kpidsl.columns import column_values

    scheme = kpidsl.load(EXAMPLES / name / "scheme.kpi")
    prepared = scheme.read_records([example_data(name)])
    records = scheme.evaluate_records(prepared)
    return [{c: column_values(r, c) for c in columns} for r in records]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_results_match_the_independent_reference(name: str) -> None:
    from decimal import ROUND_HALF_UP, Decimal

    expected = _expected(name)
    columns = list(expected[0].keys())
    result = run_kpi("eval", str(EXAMPLES / name / "scheme.kpi"), str(example_data(name)),
                     "--format", "csv", "--columns", ",".join(columns), "--headers", "keys")
    assert result.code == 0, result.err
    rows = list(csv.reader(result.out.splitlines()))
    assert rows[0] == columns
    shown = [dict(zip(columns, row, strict=True)) for row in rows[1:]]
    exact = _exact_values(name, columns)
    assert len(shown) == len(expected) == len(exact)
    for exp, act, whole in zip(expected, shown, exact, strict=True):
        for col in columns:
            e, a = exp[col], act[col]
            if col in ("total", "id", "grade", "bonus") or e == "" or not _is_number(e):
                assert a == e, f"{name} {exp['id']} {col}: kpidsl {a!r}, reference {e!r}"  # as published, in the CSV
            else:
                # Intermediate values: the reference publishes 6 places; compare the exact value at that precision.
                value = whole[col]
                assert isinstance(value, Decimal), (name, col, value)
                places = len(e.split(".")[1]) if "." in e else 0
                got = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) if places else value
                assert got == Decimal(e), f"{name} {exp['id']} {col}: kpidsl {value}, reference {e}"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_expected_csv_is_what_the_reference_computes(name: str, tmp_path: Path) -> None:
    folder = tmp_path / name
    folder.mkdir()
    for f in (EXAMPLES / name).iterdir():
        if f.is_file():
            folder.joinpath(f.name).write_bytes(f.read_bytes())
    (tmp_path / "refkit.py").write_bytes((EXAMPLES / "refkit.py").read_bytes())
    subprocess.run([sys.executable, str(folder / "reference.py")], check=True, cwd=tmp_path)
    assert (folder / "expected.csv").read_text(encoding="utf-8") == (EXAMPLES / name / "expected.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_lint_clean(name: str) -> None:
    scheme = kpidsl.load(EXAMPLES / name / "scheme.kpi")
    assert scheme.check() == [], scheme.render(scheme.check())


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_inline_tests_pass(name: str) -> None:
    result = run_kpi("test", str(EXAMPLES / name / "scheme.kpi"))
    assert result.code == 0, result.out + result.err
    assert " 0 failed" in result.out


#: The golden explanations: the appeal reply in Chinese (the examples' own language) and in
#: English beside each example; the full trace (`--detail full`) in both under tests/golden/.
GOLDEN_EXPLAINS = (
    ("zh-CN", "reply", "explain_{id}.txt"),
    ("en", "reply", "explain_{id}.en.txt"),
)


#: Besides the first employee, one who would appeal: below a tier by a few orders (E003), an item
#: left out (B05, S02), deductions (F07), a veto (T07, W05), a pool's odd cent (S07, Y04), a tie
#: (B03), the lowest normalised score (D5, D5), a promotion flag (H02), the lowest total (O04), a
#: tier below (E02), a cell whose own rates divide by zero (C202), someone excluded (P07).
APPELLANTS = {
    "back_office_admin": "B05", "evaluation_form": "F07", "forced_distribution": "S07", "it_desktop_ops": "T07",
    "normalisation": "D5", "operations_dept": "O04", "purchasing_manager": "E003", "quarterly_promotion": "H02",
    "rank_bonus": "B03", "workshop_director": "W05", "scheme_change": "E02", "department_satisfaction": "S02",
    "network_sla": "C202", "normalisation_steps": "D5", "pay_shares": "Y04", "purchasing_staff": "P07",
    "weekly_year_end": "K03", "quarterly_year_on_year": "H02", "monthly_file_year": "M05",
}


def _explained(name: str) -> list[str]:
    return [_expected(name)[0]["id"], APPELLANTS[name]]


def test_every_example_has_an_appellant() -> None:
    assert set(APPELLANTS) == set(EXAMPLE_NAMES)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize(("lang", "detail", "file"), GOLDEN_EXPLAINS)
def test_explain_golden(name: str, lang: str, detail: str, file: str, update_goldens: bool) -> None:
    """The appeal reply to the first employee of each example and to one who would appeal, in
    Chinese and English, each reviewed by reading it as the employee would."""
    for rid in _explained(name):
        result = run_kpi("explain", f"examples/{name}/scheme.kpi", f"examples/{name}/{example_data(name).name}", "--id", rid,
                         "--lang", lang, "--detail", detail, cwd=EXAMPLES.parent)
        assert result.code == 0, result.err
        check_golden(EXAMPLES / name / file.format(id=rid), result.out, update_goldens)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_full_trace_golden(name: str, lang: str, update_goldens: bool) -> None:
    """The full trace (`--detail full`) of the first employee of each example, in both languages."""
    first = _expected(name)[0]["id"]
    result = run_kpi("explain", f"examples/{name}/scheme.kpi", f"examples/{name}/{example_data(name).name}", "--id", first,
                     "--lang", lang, "--detail", "full", cwd=EXAMPLES.parent)
    assert result.code == 0, result.err
    check_golden(Path(__file__).parent / "explain_full" / f"{name}.{lang}.txt", result.out, update_goldens)
