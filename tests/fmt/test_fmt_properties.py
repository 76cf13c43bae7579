"""Properties of `kpi fmt`, on every shipped file and on generated schemes.

- `fmt(fmt(x)) == fmt(x)`;
- `parse(fmt(x))` equals `parse(x)` once spans and comments are set aside, and the comments are
  the same, in the same order;
- on the shipped examples, evaluating the formatted scheme (with the formatted stdlib) on the
  example data gives the same results, and the formatted stdlib's template tests still pass;
- full-width punctuation outside strings, and full-width digits in numbers, format exactly as their
  ASCII counterparts.
"""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, ROOT, example_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpidsl
from kpidsl import nodes as n
from kpidsl.fmt import format_text
from kpidsl.parser import parse
from kpidsl.source import Span

STDLIB = ROOT / "stdlib"
SHIPPED = sorted([*EXAMPLES.glob("*/scheme.kpi"), *STDLIB.rglob("*.kpi")])


def without_spans(value: Any) -> Any:
    """A node tree with every span (and the file's comments and path) blanked, for comparison."""
    if isinstance(value, Span):
        return None
    if isinstance(value, n.Module):
        value = dataclasses.replace(value, comments=(), path="")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(without_spans(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, (tuple, list)):
        return tuple(without_spans(v) for v in value)
    if isinstance(value, frozenset):
        return frozenset(without_spans(v) for v in value)
    return value


def assert_same_scheme(before: str, after: str) -> None:
    old, new = parse(before, "x.kpi"), parse(after, "x.kpi")
    assert without_spans(new) == without_spans(old)
    assert [c.text for c in new.comments] == [c.text for c in old.comments]


@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(ROOT)) for p in SHIPPED])
def test_shipped_file_formats_idempotently_without_changing_its_meaning(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    out = format_text(text, str(path))
    assert format_text(out, str(path)) == out
    assert_same_scheme(text, out)


def _formatted_copy(tmp: Path) -> tuple[Path, Path]:
    """The examples and the stdlib, every .kpi file formatted, under `tmp`."""
    examples, stdlib = tmp / "examples", tmp / "stdlib"
    shutil.copytree(EXAMPLES, examples)
    shutil.copytree(STDLIB, stdlib)
    for path in [*examples.rglob("*.kpi"), *stdlib.rglob("*.kpi")]:
        path.write_text(format_text(path.read_text(encoding="utf-8"), str(path)), encoding="utf-8")
    return examples, stdlib


@pytest.fixture(scope="module")
def formatted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _formatted_copy(tmp_path_factory.mktemp("formatted"))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_formatted_example_gives_the_same_results(name: str, formatted: tuple[Path, Path]) -> None:
    examples, stdlib = formatted

    def results(scheme_path: Path, stdlib_dir: Path | None) -> str:
        scheme = kpidsl.load(scheme_path, stdlib=stdlib_dir)
        return scheme.evaluate_table(scheme.read(example_data(name))).model_dump_json()

    assert results(examples / name / "scheme.kpi", stdlib) == results(EXAMPLES / name / "scheme.kpi", None)


def test_formatted_stdlib_passes_its_template_tests(formatted: tuple[Path, Path]) -> None:
    from kpidsl.testing import run_tests

    _, stdlib = formatted
    for path in sorted(stdlib.rglob("*.kpi")):
        outcomes = run_tests(kpidsl.load(path, stdlib=stdlib))
        assert all(o.passed for o in outcomes), path


# ---------------------------------------------------------------------------------- generated schemes

NAMES = ["a", "b", "完成率", "计划数", "x1", "得分"]
COMMENTS = ["# 说明", "#", '# "quoted" # twice', "# kpi 注释：全角，保持", "#---"]
FULL_WIDTH_OF = {",": "，", ":": "：", "(": "（", ")": "）", "[": "【", "]": "】", "=": "＝", "+": "＋",
                 "*": "＊", "/": "／", "{": "｛", "}": "｝", ">=": "≥", "<=": "≤"}
WIDE_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> list[str]:
    leaf = st.sampled_from(NAMES) | st.sampled_from(["1", "2.5", "95%", "0.5", "100"])
    if depth >= 3 or draw(st.integers(0, 3)) == 0:
        return [draw(leaf)]
    kind = draw(st.sampled_from(["bin", "bin", "paren", "neg", "call", "if"]))
    if kind == "bin":
        return [*draw(expressions(depth + 1)), draw(st.sampled_from(["+", "-", "*", "/"])), *draw(expressions(depth + 1))]
    if kind == "paren":
        return ["(", *draw(expressions(depth + 1)), ")"]
    if kind == "neg":
        return ["-", *draw(expressions(depth + 1))]
    if kind == "call":
        return [draw(st.sampled_from(["min", "max"])), "(", *draw(expressions(depth + 1)), ",", *draw(expressions(depth + 1)), ")"]
    chain = ["if", *draw(expressions(depth + 1)), draw(st.sampled_from([">=", "<=", "=="])), *draw(expressions(depth + 1)),
             "then", *draw(expressions(depth + 1)), "else", *draw(expressions(depth + 1))]
    return chain if depth == 0 else ["(", *chain, ")"]  # an if-expression is not an operand


@st.composite
def tiers(draw: st.DrawFn) -> list[str]:
    cuts = sorted(set(draw(st.lists(st.integers(0, 100), min_size=1, max_size=4))))
    out = [">=", f"{cuts[-1]}%", "->", "100"]
    for lo, hi in itertools.pairwise(cuts):
        out += ["[", f"{lo}%", ",", f"{hi}%", ")", "->", str(draw(st.integers(0, 99)))]
    return [*out, "else", "->", "0"]


@st.composite
def schemes(draw: st.DrawFn) -> list[str]:
    """The tokens of a scheme that parses and checks: numeric inputs, indicators, a grade."""
    toks = ["scheme", '"生成"', "{", "round", "2"]
    for name in NAMES:
        toks += ["input", name, ":", "number"]
        if draw(st.booleans()):
            toks += ["in", "[", "0", ",", "100", "]"]
        if draw(st.booleans()):
            toks += [f'"{name}列"']
    toks += ["const", "系数", "=", *draw(expressions())]
    for i in range(draw(st.integers(1, 3))):
        toks += ["indicator", f"指标{i}", "{"]
        if draw(st.booleans()):
            toks += ["code", f'"K-{i}"', "category", "F"]
        toks += ["value", *draw(expressions())]
        if draw(st.booleans()):
            toks += ["score", "ladder", "{", *draw(tiers()), "}"]
        else:
            toks += ["score", "value", "*", "100"]
        toks += ["}"]
    if draw(st.booleans()):
        toks += ["deduct", '"扣分"', *draw(expressions()), "cap", "10"]
    toks += ["grade", "on", "rounded", "{", "优秀", ">=", "90", "良好", "[", "60", ",", "90", ")", "待改进", "else", "}"]
    if draw(st.booleans()):
        toks += ["test", '"例"', "{", "given", "a", "=", "1", ",", "b", "=", "2", "expect", "指标0.value", "=", "1", "}"]
    return [*toks, "}"]


@st.composite
def layouts(draw: st.DrawFn, tokens: list[str]) -> tuple[str, str]:
    """The tokens joined with random whitespace and comments: (ASCII text, the same with some
    punctuation typed full-width)."""
    ascii_parts, wide_parts = [], []
    for i, tok in enumerate(tokens):
        wide = FULL_WIDTH_OF.get(tok, tok) if draw(st.integers(0, 9)) == 0 else tok
        if tok.endswith("%") and draw(st.integers(0, 9)) == 0:
            wide = tok[:-1] + "％"
        if tok[:1].isdigit() and draw(st.integers(0, 5)) == 0:
            wide = wide.translate(WIDE_DIGITS)  # `１００` for `100`: written back in ASCII
        ascii_parts.append(tok)
        wide_parts.append(wide)
        if i == len(tokens) - 1:
            break
        sep = draw(st.sampled_from([" ", " ", " ", "  ", "\n", "\n", "\n\n", "\n\n\n", "\t", " ;"]))
        if draw(st.integers(0, 7)) == 0:
            sep = draw(st.sampled_from(["  ", "\n"])) + draw(st.sampled_from(COMMENTS)) + "\n" + draw(st.sampled_from(["", "  ", "\n"]))
        ascii_parts.append(sep)
        wide_parts.append(sep)
    return "".join(ascii_parts) + "\n", "".join(wide_parts) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_generated_scheme_formats_idempotently_without_changing_its_meaning(data: st.DataObject) -> None:
    text, wide = data.draw(schemes().flatmap(layouts))
    out = format_text(text, "gen.kpi")
    assert format_text(out, "gen.kpi") == out
    assert_same_scheme(text, out)
    assert format_text(wide, "gen.kpi") == out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_generated_scheme_evaluates_the_same_after_formatting(data: st.DataObject) -> None:
    text, _ = data.draw(schemes().flatmap(layouts))
    out = format_text(text, "gen.kpi")
    record = {name: str(v) for name, v in zip(NAMES, data.draw(st.lists(st.integers(1, 100), min_size=6, max_size=6)), strict=True)}

    def run(source: str) -> object:
        scheme = kpidsl.loads(source, path="gen.kpi")
        try:
            return scheme.evaluate_one(record).model_dump()
        except kpidsl.KpiError as exc:
            return [(d.code, d.message) for d in exc.diagnostics]

    assert run(out) == run(text)
