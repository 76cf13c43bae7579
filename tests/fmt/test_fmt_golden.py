"""`kpi fmt` golden files: `cases/NAME.kpi` formats to `cases/NAME.kpi.formatted`, byte for byte.

Run `pytest tests/fmt --update-goldens` after an intended change of layout, and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from kpidsl.fmt import format_text

CASES = sorted((Path(__file__).resolve().parent / "cases").glob("*.kpi"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_formats_to_its_golden_file(case: Path, update_goldens: bool) -> None:
    text = case.read_bytes().decode("utf-8")
    out = format_text(text, case.name)
    golden = case.with_name(case.name + ".formatted")
    if update_goldens:
        golden.write_bytes(out.encode("utf-8"))
    assert golden.exists(), f"{golden.relative_to(ROOT)} is missing; run pytest tests/fmt --update-goldens and review it"
    assert out == golden.read_bytes().decode("utf-8"), f"output differs from {golden.relative_to(ROOT)}"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden_file_is_a_fixed_point(case: Path) -> None:
    golden = case.with_name(case.name + ".formatted")
    text = golden.read_bytes().decode("utf-8")
    assert format_text(text, golden.name) == text


def test_cases_cover_the_layout_rules() -> None:
    names = {c.stem for c in CASES}
    assert {"layout", "comments", "tables", "expressions", "fullwidth", "crlf", "bom", "width"} <= names


def test_the_example_in_docs_fmt_md_is_what_kpi_fmt_does() -> None:
    blocks: list[str] = []
    inside = False
    for line in (ROOT / "docs" / "fmt.md").read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("```"):
            inside = not inside
            if inside:
                blocks.append("")
        elif inside:
            blocks[-1] += line
    at = next(i for i, b in enumerate(blocks) if b.startswith('scheme "版式"{'))
    assert format_text(blocks[at]) == blocks[at + 1]
