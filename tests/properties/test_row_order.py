"""The order of the data rows never changes anyone's result (issues 13 and 11): every example's
data, shuffled ten ways (fixed seeds, so the test is the same on every run), gives every employee
the same record, down to the cent. (A pool's leftover cent once went by row order when two largest
remainders tied; it now goes by weight, ranking, then id: docs/language.md, "Population rules".
tests/properties/test_permutation.py asks the same of generated schemes.)"""

from __future__ import annotations

import random

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, example_data

import kpidsl


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_shuffled_rows_give_the_same_results(name: str) -> None:
    scheme = kpidsl.load(EXAMPLES / name / "scheme.kpi")
    prepared = scheme.read_records([example_data(name)])

    def by_person(rows: list[tuple[str, dict[str, object]]]) -> dict[tuple[str, str | None], object]:
        return {(r.id, r.period): r.model_dump() for r in scheme.results(scheme.evaluate_records(rows)).records}  # type: ignore[arg-type]

    expected = by_person(prepared)
    for seed in range(10):
        shuffled = prepared[:]
        random.Random(seed).shuffle(shuffled)
        assert by_person(shuffled) == expected, f"seed {seed}"
