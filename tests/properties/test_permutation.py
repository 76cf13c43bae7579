"""The order of the data's rows never changes anyone's result (issue 11): every generated scheme
(population rules, aggregates, exclusions, pools with their tie rule), evaluated on its records in
another order, gives every person the same record, down to the cent, or fails the same way."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemes import cases

import kpidsl
from kpidsl.errors import KpiError


def _by_person(results: kpidsl.Results) -> dict[tuple[str, str | None], dict[str, Any]]:
    return {(r.id, r.period): r.model_dump(mode="json", exclude={"trace"}) for r in results.records}


def _outcome(scheme: kpidsl.Scheme, records: list[dict[str, object]]) -> object:
    try:
        return _by_person(scheme.evaluate(records))
    except KpiError as exc:
        return sorted({d.code for d in exc.diagnostics})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases(crowd=True), st.randoms(use_true_random=False))
def test_any_order_of_the_rows_gives_each_person_the_same_result(case: tuple[str, list[dict[str, object]]],
                                                                 rnd: random.Random) -> None:
    text, records = case
    scheme = kpidsl.loads(text, path="gen.kpi")
    shuffled = records[:]
    rnd.shuffle(shuffled)
    assert _outcome(scheme, shuffled) == _outcome(scheme, records), text
