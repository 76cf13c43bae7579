"""Every lint rule: a bad case annotated with the code expected on its line, and good cases that
must produce nothing; plus output formats and the examples and stdlib staying clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_kpi

import kpidsl
from kpidsl.lint import config_for, lint, lint_many

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
    expected = {(code, i + 1) for i, line in enumerate(text.splitlines()) if "# expect:" in line
                for code in re.findall(r"K-[A-Z]\d{4}", line.split("# expect:")[1])}
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

    import kpidsl.lint as lint_pkg
    from kpidsl.lint import registry

    sources = "".join(inspect.getsource(m) for m in _lint_modules(lint_pkg))
    written = set(re.findall(r'"(K-L\d{4})"', sources))
    assert written <= set(registry.BY_CODE), written - set(registry.BY_CODE)
    cases = (HERE / "cases.kpi").read_text(encoding="utf-8")
    docs = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    for info in registry.RULES:
        assert f"### {info.code} {info.name}\n" in docs, f"{info.code} is not documented in docs/lint.md"
        if info.code in ("K-L0807",):  # compares several schemes: tests/lint/test_cross_scheme.py
            continue
        if info.code in ("K-L1101",):  # needs `min-coverage` in a configuration: tests/coverage/test_coverage.py
            continue
        assert re.search(rf"# expect:.*{info.code}", cases), f"{info.code} has no bad case"


def _lint_modules(pkg: object) -> list[object]:
    import importlib
    import pkgutil

    path = pkg.__path__  # type: ignore[attr-defined]
    return [importlib.import_module(f"kpidsl.lint.{m.name}") for m in pkgutil.iter_modules(path)]


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


SHIPPED = sorted(EXAMPLES.glob("*/scheme.kpi")) + sorted((ROOT / "stdlib").rglob("*.kpi"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.parent.name + "/" + p.name)
def test_no_findings_on_shipped_files(path: Path) -> None:
    """Each shipped file is clean under its own configuration (examples/workshop_director/kpi.toml
    raises the KPI limit for a client whose form has ten items)."""
    scheme = kpidsl.load(path)
    report = lint(scheme, config_for(path))
    assert report.diagnostics == (), scheme.render(report.diagnostics)


def test_shipped_examples_linted_together_are_clean() -> None:
    paths = sorted(EXAMPLES.glob("*/scheme.kpi"))
    reports = lint_many([kpidsl.load(p) for p in paths], [config_for(p) for p in paths])
    assert [d for r in reports for d in r.diagnostics] == []


def test_workshop_example_draws_the_kpi_count_finding_without_its_configuration() -> None:
    report = lint(kpidsl.load(EXAMPLES / "workshop_director" / "scheme.kpi"))
    assert [d.code for d in report.diagnostics] == ["K-L0801"]


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


def test_the_summary_line_counts_info_findings(tmp_path: Path) -> None:
    """A trial user saw `0 errors, 3 warnings` above two printed info findings."""
    path = tmp_path / "s.kpi"
    path.write_text('scheme "s" {\n  input n: count = 0\n  indicator x { score 1 }\n  deduct "d" n * 2\n  total floor 0\n}\n',
                    encoding="utf-8")
    r = run_kpi("lint", str(path))
    assert "info[K-L0603]" in r.out
    assert r.err.strip().endswith("1 file checked: 0 errors, 0 warnings, 1 info finding")
    zh = run_kpi("lint", str(path), "--lang", "zh")
    assert "检查了 1 个文件：0 个错误，0 个警告，1 条提示" in zh.err
