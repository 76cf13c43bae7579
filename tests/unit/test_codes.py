"""The registry of diagnostic codes: complete, documented, and each code raised by some test."""

from __future__ import annotations

import re

import pytest
from conftest import RAISED_CODES, ROOT

from kpidsl.codes import CODES, Phase

CODE = re.compile(r'"(K-[A-Z]\d{4})"')


def test_no_code_or_rule_name_is_registered_twice() -> None:
    # CODES and registry.BY_CODE are dicts: a second entry with the same code (two branches picking
    # the same free number) would silently replace the first, with its severity and description.
    from kpidsl.codes import _ALL
    from kpidsl.lint import registry

    codes = [c.code for c in _ALL]
    assert len(codes) == len(set(codes)), sorted({c for c in codes if codes.count(c) > 1})
    rules = [r.code for r in registry.RULES]
    assert len(rules) == len(set(rules)), sorted({c for c in rules if rules.count(c) > 1})
    assert len({r.name for r in registry.RULES}) == len(registry.RULES)


def test_every_code_in_the_source_is_registered() -> None:
    used = set()
    for path in (ROOT / "kpidsl").rglob("*.py"):
        if path.name != "codes.py":
            used |= set(CODE.findall(path.read_text(encoding="utf-8")))
    assert used, "no codes found"
    unregistered = sorted(used - set(CODES))
    assert not unregistered, f"register {', '.join(unregistered)} in kpidsl/codes.py"
    unused = sorted(set(CODES) - used)
    assert not unused, f"{', '.join(unused)} registered but never reported by kpidsl"


def test_every_code_is_documented() -> None:
    language = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    lint = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    for code in CODES.values():
        if code.phase is Phase.LINT:
            assert f"### {code.code}" in lint, f"{code.code} has no section in docs/lint.md"
        else:
            assert re.search(rf"^\| {code.code} \|", language, re.M), f"{code.code} has no row in the error table of docs/language.md"
        page, _, anchor = code.doc.partition("#")
        assert (ROOT / page).is_file() and anchor


@pytest.mark.runs_last
def test_every_code_is_raised_by_some_test(request: pytest.FixtureRequest) -> None:
    if not getattr(request.config, "whole_suite", False):
        pytest.skip("only meaningful when the whole suite runs")
    missing = sorted(set(CODES) - RAISED_CODES)
    assert not missing, f"no test makes kpidsl report {', '.join(missing)}"
