"""Rule codes and names, their pages in docs/lint.md, `kpi lint --explain`, and SARIF output
validated against the SARIF 2.1.0 schema: one text, no drift."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, run_kpi

import kpidsl
from kpidsl.lint import registry
from kpidsl.lint.docs import lint_doc_path, rule_pages

HERE = Path(__file__).resolve().parent


def test_registry_and_pages_agree() -> None:
    pages = rule_pages(ROOT / "docs" / "lint.md")
    assert [(p.code, p.name) for p in pages.values()] == [(r.code, r.name) for r in registry.RULES]
    for info in registry.RULES:
        page = pages[info.code]
        assert page.severity == info.severity.value, f"{info.code}: the page says {page.severity}, the registry {info.severity}"
        assert page.summary and "```" in page.text, f"{info.code}: a page needs a summary and examples"
    assert len(set(registry.BY_NAME)) == len(registry.RULES)


def test_shipped_page_is_the_documented_one() -> None:
    assert lint_doc_path().read_text(encoding="utf-8") == (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    package = Path(kpidsl.__file__).resolve().parent
    if ROOT not in package.parents:  # a wheel install (.ci/run): the page was copied into the package
        assert lint_doc_path() == package / "_docs" / "lint.md"


def test_check_codes_are_the_ones_the_checks_write() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "kpidsl").rglob("*.py") if p.name != "codes.py")
    written = set(re.findall(r'"(K-[SEW]\d{4})"', text))
    assert written == set(registry.CHECK_CODES)


def test_rule_severities_agree_with_the_code_registry() -> None:
    from kpidsl.codes import CODES

    for info in registry.RULES:
        assert CODES[info.code].severity is info.severity, info.code


@pytest.mark.parametrize("info", registry.RULES, ids=lambda r: r.code)
def test_explain_prints_the_page_by_code_or_name(info: registry.RuleInfo) -> None:
    by_code = run_kpi("lint", "--explain", info.code)
    by_name = run_kpi("lint", "--explain", info.name)
    assert by_code.code == 0 and by_code.out == by_name.out
    assert by_code.out.startswith(rule_pages()[info.code].text)


def test_explain_unknown_rule_suggests_one() -> None:
    r = run_kpi("lint", "--explain", "ladder-gapp")
    assert r.code == 2 and "did you mean 'ladder-gap'" in r.err
    assert run_kpi("lint").code == 2


def test_explain_any_code_the_output_shows() -> None:
    """A user pastes the code an error showed (`error[K-E0130]`): it is explained, not refused."""
    r = run_kpi("lint", "--explain", "K-E0130")
    assert r.code == 0 and r.out.startswith("K-E0130 (check, error): percentage weights that do not add up to 100%")
    assert "Not a lint rule" in r.out and "language.md#error-codes" in r.out
    zh = run_kpi("lint", "--explain", "k-d0215", "--lang", "zh")
    assert zh.code == 0 and zh.out.startswith("K-D0215（data，错误）") and "这不是 lint 规则" in zh.out


def test_every_registered_code_has_an_entry_whose_page_is_shipped() -> None:
    from kpidsl.codes import CODES, Phase
    from kpidsl.lint.docs import explain

    for code in CODES.values():
        if code.phase is Phase.LINT:
            continue
        text = explain(code.code)
        assert text.startswith(f"{code.code} ({code.phase.value}, ") and code.title in text, code.code
        page = text.rsplit("Page: ", 1)[1].strip()
        assert page.startswith("file://"), (code.code, page)  # the documenting page is in the package


def _bad(tmp_path: Path) -> Path:
    bad = tmp_path / "bad.kpi"
    bad.write_text("""scheme "s" {
  input a: count
  input b: count
  input c: number
  indicator 差错率 {
    value a / b
    score ladder { >= 95% -> 100  [90%, 94%) -> 80  < 90% -> 0 }
  }
}
""", encoding="utf-8")
    return bad


def test_sarif_is_valid_and_describes_its_rules(tmp_path: Path) -> None:
    schema = json.loads((HERE / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    r = run_kpi("lint", str(_bad(tmp_path)), "--format", "sarif")
    assert r.code == 1
    log = json.loads(r.out)
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert {"K-L0101", "K-L0301", "K-L0501"} <= set(ids)
    for rule in rules:
        info = registry.BY_CODE[rule["id"]]
        assert rule["name"] == info.name
        assert rule["helpUri"].endswith("lint.md#" + f"{info.code} {info.name}".lower().replace(" ", "-"))
        assert rule["shortDescription"]["text"] and rule["help"]["markdown"].startswith(f"### {info.code}")
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]


def test_sarif_of_a_file_with_check_errors_is_valid(tmp_path: Path) -> None:
    schema = json.loads((HERE / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    bad = tmp_path / "err.kpi"
    bad.write_text('scheme "s" { input a: count  indicator x weight 40% { score a } }', encoding="utf-8")
    log = json.loads(run_kpi("lint", str(bad), "--format", "sarif").out)
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert log["runs"][0]["results"][0]["ruleId"] == "K-E0130"


def test_word_lists_are_printed_in_the_docs() -> None:
    from kpidsl.lint import words

    docs = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    for name in ("LOWER_IS_BETTER", "HIGHER_IS_BETTER", "FRONT_LINE", "MANAGERS", "CROSS_DEPARTMENT"):
        listed: tuple[str, ...] = getattr(words, name)
        missing = [w for w in listed if w not in docs]
        assert not missing, f"words.{name}: {missing} not in docs/lint.md"
