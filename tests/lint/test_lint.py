"""Every lint rule: a bad case annotated with the code expected on its line, and good cases that
must produce nothing; plus output formats and the examples and stdlib staying clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_kpi

import kpidsl
from kpidsl.lint import lint

HERE = Path(__file__).resolve().parent


def _chunks(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n---\n")


CHUNKS = _chunks(HERE / "cases.kpi")


def _title(text: str) -> str:
    m = re.search(r'scheme "([^"]+)"', text)
    assert m
    return m.group(1)


@pytest.mark.parametrize("text", CHUNKS, ids=[_title(c) for c in CHUNKS])
def test_lint_case(text: str) -> None:
    expected = {(m.group(1), i + 1) for i, line in enumerate(text.splitlines()) for m in [re.search(r"# expect: (K-[A-Z]\d{4})", line)] if m}
    scheme = kpidsl.loads(text, path="case.kpi")
    report = lint(scheme)
    found = {(d.code, d.span.line) for d in report.diagnostics if d.span is not None}
    rendered = scheme.render(report.diagnostics)
    if _title(text).startswith("good"):
        assert not report.diagnostics, rendered
    else:
        assert expected, "a bad case needs an `# expect:` marker"
        assert found == expected, rendered


def test_every_lint_code_has_a_case_and_docs() -> None:
    import inspect

    import kpidsl.lint.rules as rules
    import kpidsl.lint.tables as tables

    source = inspect.getsource(rules) + inspect.getsource(tables)
    codes = set(re.findall(r'"(K-L\d{4})"', source))
    cases = (HERE / "cases.kpi").read_text(encoding="utf-8")
    docs = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    for code in sorted(codes):
        assert f"# expect: {code}" in cases, f"{code} has no bad case"
        assert f"### {code}" in docs, f"{code} is not documented in docs/lint.md"


def test_ladder_checks_use_exact_decimals() -> None:
    text = """scheme "s" {
      input a: percent in [0%, 100%]
      indicator x { value a  score ladder { >= 99.95% -> 100  [99.9%, 99.95%) -> 90  < 99.9% -> 0 } }
    }"""
    assert lint(kpidsl.loads(text)).diagnostics == ()
    gap = text.replace("[99.9%, 99.95%)", "(99.9%, 99.95%)")
    report = lint(kpidsl.loads(gap))
    assert [d.code for d in report.diagnostics] == ["K-L0101"]
    assert "99.9%" in report.diagnostics[0].message


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/scheme.kpi")) + sorted((ROOT / "stdlib").glob("*.kpi")), ids=lambda p: p.parent.name + "/" + p.name)
def test_no_findings_on_shipped_files(path: Path) -> None:
    scheme = kpidsl.load(path)
    report = lint(scheme)
    assert report.diagnostics == (), scheme.render(report.diagnostics)


def test_cli_formats_severity_and_summary(tmp_path: Path) -> None:
    bad = tmp_path / "bad.kpi"
    bad.write_text(CHUNKS[0], encoding="utf-8")
    text = run_kpi("lint", str(bad))
    assert text.code == 1 and "K-L0101" in text.out
    js = json.loads(run_kpi("lint", str(bad), "--format", "json").out)
    assert js[0]["code"] == "K-L0101"
    sarif = json.loads(run_kpi("lint", str(bad), "--format", "sarif").out)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"][0]["ruleId"] == "K-L0101"
    warn_only = tmp_path / "warn.kpi"
    warn_only.write_text(CHUNKS[2], encoding="utf-8")
    r = run_kpi("lint", str(warn_only), "--severity", "error")
    assert r.code == 0 and "K-L0102" not in r.out
    summary = run_kpi("lint", str(EXAMPLES / "purchasing_manager" / "scheme.kpi"), "--summary")
    assert "total [0, 100]" in summary.out
