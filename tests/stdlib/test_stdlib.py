"""The stdlib: every definition evaluated on sample values, lint-clean modules, the generated
catalogue in sync, examples that import it, and template overrides."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_kpi

import kpidsl
from kpidsl import nodes as n
from kpidsl import nodewalk
from kpidsl.catalog import entries, render_markdown
from kpidsl.lint import lint
from kpidsl.resources import stdlib_dir

MODULES = sorted(stdlib_dir().rglob("*.kpi"))
ENTRIES = entries()
TEMPLATES = [e for e in ENTRIES if e.kind == "template"]


def test_at_least_forty_indicators_in_every_category() -> None:
    assert len(TEMPLATES) >= 40
    assert {e.category for e in TEMPLATES} == {"F", "C", "P", "L"}


@pytest.mark.parametrize("entry", TEMPLATES, ids=lambda e: e.name)
def test_template_metadata_is_complete(entry: object) -> None:
    node = entry.node  # type: ignore[attr-defined]
    assert isinstance(node, n.TemplateDef)
    b = node.body
    for field in ("name_en", "code", "category", "period", "direction", "source", "description", "value"):
        assert getattr(b, field) is not None, f"{entry.name} has no {field}"  # type: ignore[attr-defined]
    assert node.inputs, "a template declares the inputs it reads"
    divides = any(isinstance(x, n.Binary) and x.op == "/" for x in nodewalk.walk_expr(b.value))
    if divides:
        assert b.on_zero is not None, "a template that divides states its zero-denominator outcome"
        zero_examples = [t for t in node.tests if any(g.value.value == 0 for g in t.given)]
        assert zero_examples, "and has an example of it"
    assert len(node.tests) >= 2, "examples at a boundary and a normal value"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(stdlib_dir()).as_posix())
def test_module_lint_clean_and_examples_pass(path: Path) -> None:
    scheme = kpidsl.load(path)
    assert lint(scheme).diagnostics == (), scheme.render(lint(scheme).diagnostics)
    result = run_kpi("test", str(path))
    assert result.code == 0, result.out
    assert " 0 failed" in result.out


def _ladder(name: str, module: str = "std.ladders") -> kpidsl.Scheme:
    return kpidsl.loads(f'from {module} import {name}\nscheme "t" {{ input x: number  indicator i {{ value x  score ladder {name} }} }}')


@pytest.mark.parametrize(
    ("ladder", "cases"),
    [
        ("采购计划完成率阶梯", [("0.95", 100), ("0.9499", 80), ("0.90", 80), ("0.85", 50), ("0.8499", 0), ("0", 0)]),
        ("损失金额阶梯", [("0", 15), ("0.01", 13), ("299.99", 13), ("300", 10), ("500", 5), ("799.99", 5), ("800", 0)]),
        ("品质达成率阶梯", [("1", 15), ("0.995", 13), ("0.9949", 10), ("0.98", 10), ("0.97", 5), ("0.9699", 0)]),
        ("延误次数阶梯", [("0", 10), ("1", 8), ("2", 6), ("3", 6), ("4", 3), ("5", 3), ("6", 0)]),
        ("安全事故阶梯", [("0", 15), ("1", 7), ("2", 0)]),
        ("5S阶梯", [("95", 10), ("94.99", 8), ("90", 8), ("80", 5), ("75", 2), ("74.99", 0)]),
        ("成品合格率阶梯", [("0.95", 15), ("0.92", 11), ("0.9", 8), ("0.8999", 0)]),
    ],
)
def test_ladders_at_their_boundaries(ladder: str, cases: list[tuple[str, int]]) -> None:
    scheme = _ladder(ladder)
    for x, points in cases:
        assert scheme.evaluate_one({"x": x}).item("i").score == points, f"{ladder}({x})"


def test_scales_and_bands() -> None:
    s = kpidsl.loads('from std.scales import 五级评分, 行为五级\nscheme "t" { input r: text  input p: score\n'
                     "  indicator a { value r  score scale 五级评分 }  indicator b { value p  score scale 行为五级 } }")
    for label, pts in (("优秀", 10), ("良好", 8), ("一般", 6), ("较差", 4), ("极差", 2)):
        assert s.evaluate_one({"r": label, "p": 50}).item("a").score == pts
    assert s.evaluate_one({"r": "一般", "p": 81}).item("b").tier == "等级五"
    assert s.evaluate_one({"r": "一般", "p": 80}).item("b").tier == "等级四"
    b = kpidsl.loads('from std.bands import 四级_90_80_70, 五级_85_75_65_50\nscheme "t" { input a: number\n'
                     "  indicator x { score a } grade 五级_85_75_65_50 }")
    assert [b.evaluate_one({"a": v}).grade for v in (85, "84.99", 75, 65, 50, "49.99")] == ["A", "B", "B", "C", "D", "E"]


def test_attendance_constants_are_the_seed_numbers() -> None:
    consts = {e.name: e.node.expr for e in ENTRIES if e.module == "std.attendance"}  # type: ignore[attr-defined]
    values = {k: v.value for k, v in consts.items() if isinstance(v, n.Number)}
    assert values["迟到早退每次"] == Decimal("0.5") and values["旷工每天"] == 4
    assert values["事假每天"] == Decimal("0.5") and values["病假每天"] == Decimal("0.2")
    assert (values["警告每次"], values["小过每次"], values["大过每次"]) == (1, 3, 9)
    assert (values["表扬每次"], values["小功每次"], values["大功每次"]) == (1, 3, 9)
    assert (values["损失否决金额"], values["事假否决天数"], values["病假否决天数"]) == (1200, 7, 15)


def test_docs_stdlib_md_is_generated_from_the_sources() -> None:
    assert (ROOT / "docs" / "stdlib.md").read_text(encoding="utf-8") == render_markdown(), (
        "docs/stdlib.md is out of date: run `python -m kpidsl.catalog > docs/stdlib.md`"
    )


def test_at_least_three_examples_import_the_stdlib() -> None:
    users = [p for p in EXAMPLES.glob("*/scheme.kpi") if "from std.indicators" in p.read_text(encoding="utf-8")]
    assert len(users) >= 3  # their results are checked against the references in tests/golden


SCHEME = """from std.indicators.operations import 准时交付率
scheme "s" {{
  input 其他: score in [0, 100]
  indicator 交付 from 准时交付率 weight 50% {{ {body} }}
  indicator 其他项 weight 50% {{ score 其他 }}
}}
"""


def test_params_override_thresholds_and_points() -> None:
    base = kpidsl.loads(SCHEME.format(body=""))
    record = {"准时交付订单数": 96, "交付订单总数": 100, "其他": 80}
    assert base.evaluate_one(record).item("交付").score == 80
    stricter = kpidsl.loads(SCHEME.format(body="param 良好线 = 97%  param 及格分 = 50"))
    assert stricter.evaluate_one(record).item("交付").score == 50


def test_clauses_override_the_template() -> None:
    s = kpidsl.loads(SCHEME.format(body='on zero -> 0  code "C-1"'))
    r = s.evaluate_one({"准时交付订单数": 0, "交付订单总数": 0, "其他": 80})
    assert not r.item("交付").skipped and r.item("交付").score == 0
    assert "C-1" in s.explain({"准时交付订单数": 0, "交付订单总数": 0, "其他": 80}).text


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        (SCHEME.format(body="param 良好线条 = 90%"), "K-E0102", "did you mean '良好线'"),
        (SCHEME.format(body="").replace("from 准时交付率", "from 准时交付"), "K-E0102", "did you mean '准时交付率'"),
        (SCHEME.format(body="").replace('input 其他: score in [0, 100]', 'input 其他: score in [0, 100]\n  input 交付订单总数: money'),
         "K-E0110", "reads it as count"),
        (SCHEME.format(body="param 良好线 = 其他"), "K-E0110", "must be a plain number"),
    ],
)
def test_template_errors(text: str, code: str, fragment: str) -> None:
    s = kpidsl.loads(text)
    diags = s.check()
    assert any(d.code == code and fragment in d.message + " ".join(d.hints) for d in diags), s.render(diags)


def test_stdlib_cli() -> None:
    listing = run_kpi("stdlib", "list", "--category", "C")
    assert listing.code == 0 and "准时交付率" in listing.out and "投资回报率" not in listing.out
    show = run_kpi("stdlib", "show", "准时交付率")
    assert show.code == 0 and "On-time delivery rate" in show.out and "from std.indicators.operations import 准时交付率" in show.out
    assert run_kpi("stdlib", "show", "准时交付").code == 1
