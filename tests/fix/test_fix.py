"""`kpi lint --fix`: the mechanical fixes, which never change a result, and the suggestions, which
are applied only on request. The property: every example, with overlapping tiers and bands and
full-width punctuation put in, is fixed back, and evaluates to the same results before and after."""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, run_kpi

import kpidsl
from kpidsl import ir
from kpidsl.lint import LintConfig
from kpidsl.lint.fixing import fix_text
from kpidsl.lint.intervals import condition_set

HEAD = 'scheme "t" {\n  round 0\n  input rate: percent in [0%, 100%]\n  input a: number\n  input b: number\n'


def _fixed(body: str, unsafe: bool = False) -> str:
    return fix_text(HEAD + body + "}\n", "t.kpi", LintConfig(), unsafe).after[len(HEAD):-2]


def test_an_overlapping_tier_is_narrowed_to_what_it_can_still_take() -> None:
    body = "  indicator x { value rate  score ladder { [90%, 100%] -> 100  [85%, 90%] -> 80  [0%, 90%] -> 0 } }\n"
    assert _fixed(body) == "  indicator x { value rate  score ladder { [90%, 100%] -> 100  [85%, 90%) -> 80  [0%, 85%) -> 0 } }\n"
    # a last tier written as one comparison is a first-match cascade, not an overlap (issue 9, item 19)
    cascade = "  indicator x { value rate  score ladder { [90%, 100%] -> 100  [85%, 90%] -> 80  >= 0% -> 0 } }\n"
    assert _fixed(cascade) == cascade.replace("[85%, 90%]", "[85%, 90%)")


def test_an_end_only_the_domain_supplies_stays_open() -> None:
    # `> 0%` after `>= 90%` leaves (0%, 90%) and, beyond 100%, nothing the rate can be
    body = "  indicator x { value rate  score ladder { >= 90% -> 100  [60%, 100%] -> 60  else -> 0 } }\n"
    assert _fixed(body) == "  indicator x { value rate  score ladder { >= 90% -> 100  [60%, 90%) -> 60  else -> 0 } }\n"
    cascade = "  indicator x { value rate  score ladder { >= 90% -> 100  >= 60% -> 60  else -> 0 } }\n"
    assert _fixed(cascade) == cascade  # docs/lint.md's own good example stays as written


def test_constants_and_their_names_are_kept() -> None:
    body = ("  const 达标 = 90%\n"
            "  indicator x { value rate  score ladder { >= 达标 -> 100  [80%, 达标] -> 80  < 80% -> 0 } }\n")
    assert "[80%, 达标) -> 80" in _fixed(body)


def test_band_overlap_and_bounds_too_precise_for_the_rounded_total() -> None:
    body = "  indicator x { score a  cap 100 floor 0 }\n  grade on rounded { A >= 89.5  B [75, 90]  C (60.2, 75)  D else }\n"
    # 89.5 -> 90 (the rounded total is whole), then B overlaps A only at 90: [75, 90)
    # (60.2, 75): an open low bound moves down, 60 excluded as 60.2 excluded all whole totals to 60
    assert _fixed(body) == "  indicator x { score a  cap 100 floor 0 }\n  grade on rounded { A >= 90  B [75, 90)  C (60, 75)  D else }\n"


def test_swapped_bounds() -> None:
    assert "[80, 90] -> 1" in _fixed("  indicator x { value a  score ladder { [90, 80] -> 1  else -> 0 } }\n")
    # mixed brackets: which end is open is a guess, so only a suggestion
    body = "  indicator x { value a  score ladder { [90, 80) -> 1  else -> 0 } }\n"
    assert _fixed(body) == body
    assert "[80, 90) -> 1" in _fixed(body, unsafe=True)


def test_precedence_slip_is_only_a_suggestion() -> None:
    body = "  input 完成: days\n  input 规定: days in >= 1\n  indicator x { value 完成 - 规定 / 规定  score value }\n"
    assert _fixed(body) == body
    assert "value (完成 - 规定) / 规定" in _fixed(body, unsafe=True)


def test_full_width_punctuation_outside_strings_becomes_ascii_and_nothing_else_changes() -> None:
    text = 'scheme "t，逗号留在字符串里" {\n  input a： number   # 注释里的，也留着\n  indicator x { score a  cap 100 floor 0 }\n  grade { A ＞＝ 90  B else }\n}\n'
    out = fix_text(text, "t.kpi", LintConfig()).after
    assert out == 'scheme "t，逗号留在字符串里" {\n  input a: number   # 注释里的，也留着\n  indicator x { score a  cap 100 floor 0 }\n  grade { A >= 90  B else }\n}\n'


def test_line_ends_and_bom_are_kept() -> None:
    text = "\ufeff" + (HEAD + "  indicator x { value rate  score ladder { >= 90% -> 1  [0%, 90%] -> 0 } }\n}\n").replace("\n", "\r\n")
    out = fix_text(text, "t.kpi", LintConfig()).after
    assert out.startswith("\ufeff") and "[0%, 90%) -> 0" in out and out.count("\r\n") == text.count("\r\n")


def test_suppressed_and_switched_off_findings_are_not_fixed() -> None:
    body = "  indicator x { value rate  score ladder { >= 90% -> 1  [0%, 90%] -> 0 } }   # kpi: ignore tier-overlap\n"
    assert _fixed(body) == body
    config = LintConfig(ignore=frozenset({"K-L0102"}))
    text = HEAD + body.replace("   # kpi: ignore tier-overlap", "") + "}\n"
    assert fix_text(text, "t.kpi", config).after == text


# ------------------------------------------------------------------------------ the examples


def _mutations(path: Path) -> list[tuple[int, str, str]]:
    """Places where an exclusive end can become inclusive without changing any result: the value
    at that end is taken by an earlier tier (or band), which wins. (offset, old, new)"""
    scheme = kpidsl.load(path)
    text = scheme.program.sources[str(path)].text
    source = scheme.program.sources[str(path)]
    lists: list[list[ir.Cond]] = []
    for t in scheme.ir.tables:
        if isinstance(t, ir.Ladder):
            lists.append([x.cond for x in t.tiers])
    for i in scheme.ir.indicators:
        if isinstance(i.scoring, ir.LadderScoring) and not i.scoring.named:
            lists.append([x.cond for x in i.scoring.ladder.tiers])
    if scheme.ir.grade is not None:
        lists.append([b.cond for b in scheme.ir.grade.bands.bands])
    out = []
    for conds in lists:
        for k, c in enumerate(conds):
            if c.span.path != str(path) or k == 0:
                continue
            earlier = [condition_set(e) for e in conds[:k]]
            taken = earlier[0]
            for s in earlier[1:]:
                taken = s if taken is None else taken if s is None else taken.union(s)
            if taken is None:
                continue
            if isinstance(c, ir.Interval) and not c.high_inclusive and any(p.contains(c.high.value) for p in taken):
                end = source.offset(c.span.end_line, c.span.end_col) - 1
                assert text[end] == ")"
                out.append((end, ")", "]"))
            elif isinstance(c, ir.Comparison) and c.op == "<" and any(p.contains(c.bound.value) for p in taken):
                start = source.offset(c.span.line, c.span.col)
                out.append((start, "<", "<="))
    return out


def _results(folder: Path) -> list[list[str]]:
    r = run_kpi("eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "--format", "csv")
    assert r.code == 0, r.err
    return list(csv.reader(io.StringIO(r.out)))


def _copy(name: str, tmp: Path) -> tuple[Path, str, list[list[str]]]:
    """A copy of an example: its folder, the scheme's text and its results on its data."""
    folder = tmp / name
    shutil.copytree(EXAMPLES / name, folder)
    return folder, (folder / "scheme.kpi").read_text(encoding="utf-8"), _results(folder)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_overlaps_put_into_an_example_are_fixed_without_changing_a_result(name: str, tmp_path: Path) -> None:
    folder, original, before = _copy(name, tmp_path)
    path = folder / "scheme.kpi"
    places = _mutations(path)
    if not places:
        pytest.skip(f"{name} has no tier or band whose end an earlier one takes")
    text = original
    for offset, old, new in sorted(places, reverse=True):
        text = text[:offset] + new + text[offset + len(old):]
    path.write_text(text, encoding="utf-8")
    assert _results(folder) == before  # the overlaps change nothing: earlier tiers win
    r = run_kpi("lint", "--fix", str(path))
    assert "fixed" in r.err
    assert _results(folder) == before
    assert path.read_text(encoding="utf-8") == original


def _full_width(text: str) -> str:
    """`,` `:` `(` `)` `>=` written with a Chinese input method, outside strings and comments."""
    out, in_string, in_comment = [], False, False
    wide = {",": "，", ":": "：", "(": "（", ")": "）"}
    for ch in text:
        if ch == "\n":
            in_comment = False
        elif ch == '"' and not in_comment:
            in_string = not in_string
        elif ch == "#" and not in_string:
            in_comment = True
        out.append(wide.get(ch, ch) if not (in_string or in_comment) else ch)
    return "".join(out)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_full_width_punctuation_put_into_an_example_is_fixed_back(name: str, tmp_path: Path) -> None:
    folder, original, before = _copy(name, tmp_path)
    path = folder / "scheme.kpi"
    path.write_text(_full_width(original), encoding="utf-8")
    assert run_kpi("eval", str(path), str(folder / "data.csv")).code == 1  # it does not read as it is
    r = run_kpi("lint", "--fix", str(path))
    assert "fixed" in r.err, r.out + r.err
    assert path.read_text(encoding="utf-8") == original
    assert _results(folder) == before


def test_diff_shows_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.kpi"
    text = HEAD + "  indicator x { value rate  score ladder { >= 90% -> 1  [0%, 90%] -> 0 } }\n}\n"
    path.write_text(text, encoding="utf-8")
    r = run_kpi("lint", "--diff", str(path))
    assert r.code == 1
    assert "-  indicator x { value rate  score ladder { >= 90% -> 1  [0%, 90%] -> 0 } }" in r.out
    assert "+  indicator x { value rate  score ladder { >= 90% -> 1  [0%, 90%) -> 0 } }" in r.out
    assert path.read_text(encoding="utf-8") == text
    assert run_kpi("lint", "--unsafe-fixes", str(path)).code == 2  # a usage error without --fix or --diff


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_fix_writes_in_one_step_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "s.kpi"
    path.write_text(HEAD + "  indicator x { value rate  score ladder { >= 90% -> 1  [0%, 90%] -> 0 } }\n}\n", encoding="utf-8")
    path.chmod(0o640)
    r = run_kpi("lint", "--fix", str(path))
    assert r.code == 0, r.out + r.err
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["s.kpi"]  # no temporary file left
    assert "[0%, 90%) -> 0" in path.read_text(encoding="utf-8")
    assert "1 file checked: 0 errors" in r.err


def test_lint_says_how_many_findings_are_fixable(tmp_path: Path) -> None:
    path = tmp_path / "s.kpi"
    path.write_text(HEAD + "  indicator x { value rate  score ladder { >= 90% -> 1  [0%, 90%] -> 0 } }\n}\n", encoding="utf-8")
    assert "(1 fixable with `kpi lint --fix`)" in run_kpi("lint", str(path)).err


def test_fixing_speaks_chinese(tmp_path: Path) -> None:
    path = tmp_path / "s.kpi"
    path.write_text(HEAD + "  indicator x { value rate  score ladder { >= 90% -> 1  [0%, 90%] -> 0 } }\n}\n", encoding="utf-8")
    assert "（1 个可用 `kpi lint --fix` 修复）" in run_kpi("lint", str(path), "--lang", "zh-CN").err
    assert "s.kpi：修复了 1 个问题" in run_kpi("lint", "--fix", str(path), "--lang", "zh-CN").err
