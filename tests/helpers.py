"""Small helpers for unit tests: build a scheme from text and evaluate dicts."""

from __future__ import annotations

from decimal import Decimal

import kpidsl
from kpidsl.results import RecordResult


def scheme(body: str, head: str = "") -> kpidsl.Scheme:
    return kpidsl.loads(f'{head}\nscheme "t" {{\n{body}\n}}\n', path="t.kpi")


def run(body: str, record: dict[str, object], head: str = "") -> RecordResult:
    return scheme(body, head).evaluate_one(record)


def codes(body: str, head: str = "") -> list[str]:
    return [d.code for d in scheme(body, head).check()]


def D(text: str) -> Decimal:
    return Decimal(text)
