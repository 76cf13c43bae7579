"""Small helpers for the language tests: a scheme from a body, records by id, the first error."""

from __future__ import annotations

import kpidsl
from kpidsl.errors import Diagnostic


def scheme(body: str, head: str = "") -> kpidsl.Scheme:
    return kpidsl.loads(f'{head}\nscheme "t" {{\n  id 工号\n  input 工号: text\n{body}\n}}\n', path="t.kpi")


def run(s: kpidsl.Scheme, records: list[dict[str, object]]) -> dict[str, kpidsl.RecordResult]:
    return {r.id: r for r in s.evaluate(records).records}


def errors(body: str, head: str = "") -> list[Diagnostic]:
    return scheme(body, head).check_errors()


def codes(body: str, head: str = "") -> list[str]:
    return [d.code for d in errors(body, head)]


def assert_reported(found: list[Diagnostic], code: str, words: str) -> None:
    """Some diagnostic has this code and says these words (in its message or a hint)."""
    assert any(d.code == code and words in " ".join((d.message, *d.hints)) for d in found), \
        [(d.code, d.message, d.hints) for d in found]
