"""The order of the data rows never changes anyone's result (issue 13): every example's data,
shuffled ten ways (fixed seeds, so the test is the same on every run), gives every employee the
same record, down to the cent."""

from __future__ import annotations

import random

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES

import kpidsl

#: Examples whose pool gives its leftover cent by row order when two largest remainders tie
#: (population.py; H01 gets 7058.83 or 7058.82 in quarterly_promotion). Strict: when the tie-break
#: is fixed, these pass and the marker must go.
ORDER_DEPENDENT = {"forced_distribution", "quarterly_promotion", "scheme_change"}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="pool cents tie-break by row order")) if n in ORDER_DEPENDENT
     else n for n in EXAMPLE_NAMES],
)
def test_shuffled_rows_give_the_same_results(name: str) -> None:
    scheme = kpidsl.load(EXAMPLES / name / "scheme.kpi")
    prepared = scheme.prepare(scheme.read(EXAMPLES / name / "data.csv"))

    def by_person(rows: list[tuple[str, dict[str, object]]]) -> dict[tuple[str, str | None], object]:
        return {(r.id, r.period): r.model_dump() for r in scheme.results(scheme.evaluate_records(rows)).records}  # type: ignore[arg-type]

    expected = by_person(prepared)
    for seed in range(10):
        shuffled = prepared[:]
        random.Random(seed).shuffle(shuffled)
        assert by_person(shuffled) == expected, f"seed {seed}"
