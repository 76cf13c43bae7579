"""Properties over random valid schemes of the whole language (tests/properties/schemes.py) and
over every example: a valid scheme checks clean; evaluating it raises nothing but `KpiError`; the
traced and untraced evaluations give identical results; explain renders every event.

The default run tries 300 schemes; `pytest -m slow tests/properties` tries 3,000 (nightly)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, example_data
from hypothesis import HealthCheck, given, settings
from schemes import cases

import kpidsl
from kpidsl.errors import KpiError


def _without_trace(results: kpidsl.Results) -> dict[str, Any]:
    data = results.model_dump(mode="json")
    for r in data["records"]:
        r.pop("trace", None)
    return data


def check_case(text: str, records: list[dict[str, object]]) -> None:
    scheme = kpidsl.loads(text, path="gen.kpi")
    errors = scheme.check_errors()
    assert not errors, scheme.render(errors) + "\n\n" + text
    try:
        plain = scheme.evaluate(records)
    except KpiError as exc:
        with pytest.raises(KpiError) as again:
            scheme.evaluate(records, trace=True)
        assert [d.code for d in again.value.diagnostics] == [d.code for d in exc.diagnostics]
        return
    traced = scheme.evaluate(records, trace=True)
    assert _without_trace(traced) == _without_trace(plain), text
    assert all(r.trace for r in traced.records)
    try:
        explanation = scheme.explain(records[0])
    except KpiError:
        return  # one record alone may not satisfy a population rule (a department average of 0)
    assert explanation.text.endswith("\n") and len(explanation.json()) == len(explanation.events)
    for lang in ("en", "zh-CN"):  # every event, in both languages, at both levels of detail
        for detail in ("reply", "full"):
            assert explanation.render(lang, detail).endswith("\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_generated_schemes(case: tuple[str, list[dict[str, object]]]) -> None:
    check_case(*case)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_generated_schemes_nightly(case: tuple[str, list[dict[str, object]]]) -> None:
    check_case(*case)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_traced_and_untraced_agree_on_every_example(name: str) -> None:
    scheme = kpidsl.load(EXAMPLES / name / "scheme.kpi")
    prepared = scheme.prepare(scheme.read(example_data(name)))
    plain = scheme.results(scheme.evaluate_records(prepared))
    traced = scheme.results(scheme.evaluate_records(prepared, trace=True))
    assert _without_trace(traced) == _without_trace(plain)
