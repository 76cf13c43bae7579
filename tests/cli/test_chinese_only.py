"""In Chinese, every example speaks Chinese: lint, the table's headers and the run summary, the
appeal reply and the full explain, and the errors a broken data file or a zero brings, carry no
stray English word.

What may stay Latin: diagnostic codes, file paths, code quoted as written (`on zero -> 0`, the
scheme's lines in 「」), and every word the user wrote (names, labels and values in the scheme,
the stdlib files it imports and the data: `KPI`, `RRC`, grade `A`).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import EXAMPLE_NAMES, EXAMPLES, example_data, run_kpi

ROOT = EXAMPLES.parent
#: Quoted code (backticks, the scheme's lines in 「」, a keyword the parser expected in '...'), codes
#: (K-E0110), paths and file names.
QUOTED = re.compile(r"`[^`]*`|「[^」]*」|'[^'\s]*'|\bK-[A-Z]\d{4}\b|\S*[/\\]\S*|\S+\.(?:kpi|csv|xlsx|json)\b")
WORD = re.compile(r"[A-Za-z][A-Za-z_0-9]*")
#: The product's name and the literals the parser lists among what it expected.
ALWAYS = {"kpidsl", "true", "false"}


def _user_words(name: str) -> set[str]:
    texts = [ROOT.joinpath("stdlib").rglob("*.kpi"), EXAMPLES.joinpath(name).glob("*.kpi"),
             EXAMPLES.joinpath(name).glob("*.csv")]
    return {w for paths in texts for p in paths for w in WORD.findall(_read(p))}


def _read(path: Path) -> str:
    """A file as Excel writes it: UTF-8 (with or without BOM) or GB18030."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _stray(text: str, allowed: set[str]) -> list[str]:
    return [f"{w!r} in: {line.strip()}" for line in text.splitlines()
            for w in WORD.findall(QUOTED.sub(" ", line)) if w not in allowed and w not in ALWAYS]


def _golden_ids(name: str) -> list[str]:
    return sorted(p.stem.removeprefix("explain_") for p in EXAMPLES.joinpath(name).glob("explain_*.txt")
                  if not p.stem.endswith(".en"))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_output_of_an_example_is_chinese(name: str) -> None:
    scheme, data = str(EXAMPLES / name / "scheme.kpi"), str(example_data(name))
    outputs = [run_kpi("--lang", "zh-CN", "lint", scheme), run_kpi("--lang", "zh-CN", "eval", scheme, data)]
    for rid in _golden_ids(name):
        for detail in ("reply", "full"):
            outputs.append(run_kpi("--lang", "zh-CN", "explain", scheme, data, "--id", rid, "--detail", detail))
    allowed = _user_words(name)
    for r in outputs:
        assert r.code == 0, r.err
        assert not _stray(r.out + r.err, allowed)


def _broken_data(name: str, tmp: Path) -> list[Path]:
    """The example's data with every number of each row set to 0 (divisions by zero, empty
    groups) and with its last column left out (a missing input)."""
    rows = list(csv.reader(io.StringIO(_read(example_data(name)), newline="")))
    zeros = [rows[0], *([("0" if re.fullmatch(r"-?\d+(\.\d+)?%?", c) else c) for c in row] for row in rows[1:])]
    out = []
    for label, table in (("zeros", zeros), ("short", [row[:-1] for row in rows])):
        path = tmp / f"{label}_{example_data(name).name}"  # the name keeps a year it holds
        with open(path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(table)
        out.append(path)
    return out


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_errors_from_broken_data_are_chinese(name: str, tmp_path: Path) -> None:
    scheme = str(EXAMPLES / name / "scheme.kpi")
    allowed = _user_words(name)
    for data in _broken_data(name, tmp_path):
        r = run_kpi("--lang", "zh-CN", "eval", scheme, str(data))
        assert r.code in (0, 1), r.err
        assert not _stray(r.out + r.err, allowed), data.name


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "errors").glob("*.kpi")), ids=lambda p: p.stem)
def test_scheme_errors_are_chinese(path: Path) -> None:
    """The broken schemes of tests/errors (syntax, unknown names, kinds) linted in Chinese."""
    allowed = {w for p in ROOT.joinpath("stdlib").rglob("*.kpi") for w in WORD.findall(_read(p))}
    allowed |= set(WORD.findall(_read(path)))
    r = run_kpi("--lang", "zh-CN", "lint", str(path))
    assert r.code == 1
    assert not _stray(r.out + r.err, allowed)


def test_a_template_error_is_chinese_and_names_the_users_line(tmp_path: Path) -> None:
    """An error inside a stdlib template names the `indicator X from TEMPLATE` line that brought
    it in, whose `param`s the user can change; a param used as two bounds is one error."""
    scheme = tmp_path / "s.kpi"
    scheme.write_text('from std.indicators.it_ops import IT项目完成率\n\nscheme "测试" {\n'
                      '  indicator 项目 from IT项目完成率 {\n    param 良好分 = "高"\n    param 良好线 = 90% + 1%\n  }\n}\n',
                      encoding="utf-8")
    r = run_kpi("--lang", "zh-CN", "lint", str(scheme))
    assert r.code == 1
    assert f"来自 {scheme}:4:3 处 `indicator 项目 from IT项目完成率` 所用的模板" in r.out
    assert r.out.count("参数“良好线”用作档位界值，因此必须是一个数字") == 1
    allowed = {w for p in ROOT.joinpath("stdlib").rglob("*.kpi") for w in WORD.findall(_read(p))}
    assert not _stray(r.out + r.err, allowed)
    en = run_kpi("lint", str(scheme))
    assert f"note: from the template of `indicator 项目 from IT项目完成率` at {scheme}:4:3" in en.out


#: K-E0190 names the commands (`kpi sql`, `kpi eval`) and SQL.
COMMAND_WORDS = {"kpi", "sql", "eval", "SQL"}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_why_kpi_sql_cannot_express_a_scheme_is_chinese(name: str) -> None:
    """The columnar engine's reasons (population rules, periods, ...) come from the catalogue: a
    trial user saw `population rules ('部门排名')` inside the Chinese K-E0190."""
    r = run_kpi("--lang", "zh-CN", "sql", str(EXAMPLES / name / "scheme.kpi"))
    if r.code == 0:
        return  # the query itself is SQL, not a message
    assert "K-E0190" in r.err and not _stray(r.err, _user_words(name) | COMMAND_WORDS)


def test_every_reason_of_the_columnar_engine_is_chinese(tmp_path: Path) -> None:
    """Each kind of scheme the columnar engine leaves to the interpreter, whichever reason it gives
    (a date constant, periods, an exclusion, an aggregate, trimmed raters)."""
    schemes = [
        'scheme "s" {\n  id 工号\n  input 工号: text\n  input 入职日期: date\n  input 得分: score\n'
        '  indicator 完成 weight 100% { score 得分 }\n  field 新员工 = 入职日期 > date "2024-01-01"\n}\n',
        'scheme "s" {\n  id 工号\n  input 工号: text\n  input 得分: score\n  input 在岗: bool\n'
        '  exclude "离岗" when not 在岗\n  indicator 完成 weight 100% { score 得分 }\n}\n',
        'scheme "s" {\n  id 工号\n  input 工号: text\n  input 部门: text\n  input 得分: score\n'
        '  indicator 完成 weight 100% { score 得分 - mean(得分 within 部门) + 80 }\n}\n',
    ]
    for i, text in enumerate(schemes):
        path = tmp_path / f"s{i}.kpi"
        path.write_text(text, encoding="utf-8")
        r = run_kpi("--lang", "zh-CN", "sql", str(path))
        assert r.code == 1 and "K-E0190" in r.err, r.err
        assert not _stray(r.err, set(WORD.findall(text)) | COMMAND_WORDS), r.err
