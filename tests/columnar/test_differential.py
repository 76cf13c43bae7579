"""The columnar engine against the interpreter: every example, every stdlib template example, and
hypothesis-generated schemes over the whole grammar (tests/properties/schemes.py) with their
records give the same results value for value, and the same errors (codes and messages), or the
engine says why it does not take the scheme (then `auto` uses the interpreter)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, ROOT, example_data
from hypothesis import HealthCheck, Phase, given, settings

import kpidsl
from kpidsl.engines import columnar_engine
from kpidsl.errors import KpiError

sys.path.insert(0, str(ROOT / "tests" / "properties"))
from schemes import cases


def _numbers(value: Any) -> Any:
    """JSON-shaped results with every decimal as a Decimal (so 0.25 equals 0.25000)."""
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    if isinstance(value, str):
        try:
            d = Decimal(value)
        except ArithmeticError:
            return value
        return d if d.is_finite() and any(c.isdigit() for c in value) else value
    return value


def outcome(scheme: kpidsl.Scheme, records: Any, engine: str) -> Any:
    try:
        res = scheme.evaluate(records, engine=engine)
    except KpiError as exc:
        return ("error", [(d.code, d.message) for d in exc.diagnostics])
    assert res.engine == engine
    return _numbers(res.model_dump(mode="json"))


def same_on_both(scheme: kpidsl.Scheme, records: Any, outcome_of: Callable[[kpidsl.Scheme, Any, str], Any] = outcome) -> bool:
    """True when the engine took the scheme and the records (and agreed); False when it declined
    (a scheme it does not compile, or values beyond its 38 digits: `auto` then uses the interpreter).
    `outcome_of`: what is compared (the results' JSON, by default)."""
    engine, _ = columnar_engine(scheme)
    if engine is None:
        return False
    try:
        columnar = outcome_of(scheme, records, "columnar")
    except ValueError as exc:
        assert "cannot read this input" in str(exc)
        return False
    python = outcome_of(scheme, records, "python")
    assert columnar == python, _first_difference(columnar, python)
    return True


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if a.get(k) != b.get(k):
                return _first_difference(a.get(k), b.get(k), f"{path}.{k}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path}: columnar {a!r} != python {b!r}"


@settings(max_examples=60, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_generated_schemes_agree(case: tuple[str, list[dict[str, object]]]) -> None:
    text, records = case
    scheme = kpidsl.loads(text, path="gen.kpi")
    same_on_both(scheme, records)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_agree(name: str) -> None:
    scheme = kpidsl.load(EXAMPLES / name / "scheme.kpi")
    table = scheme.read(example_data(name))
    rows = [dict(zip(table.columns, r.cells, strict=False)) for r in table.rows]
    took = same_on_both(scheme, rows)
    reason = columnar_engine(scheme)[1]
    assert took or reason, name


def test_each_result_says_which_engine_made_it_and_why() -> None:
    """`results.engine_note` is the call's own reason; `scheme.engine_note` only the latest call's."""
    scheme = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    import csv

    with open(example_data("purchasing_manager"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    few = scheme.evaluate(rows)
    many = scheme.evaluate([{**r, "工号": f"{r['工号']}-{i}"} for i in range(300) for r in rows])
    assert few.engine == "python" and few.engine_note is not None and "2000" in few.engine_note.replace(",", "")
    assert many.engine == "columnar" and many.engine_note is None
    assert few.engine_note is not None and scheme.engine_note is None  # the scheme says the last call's
