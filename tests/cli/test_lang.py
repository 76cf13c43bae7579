"""The command's language: `--lang` anywhere, `KPI_LANG`, the locale; help, errors and summaries."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, run_kpi

from kpidsl import i18n

SCHEME = str(EXAMPLES / "purchasing_manager" / "scheme.kpi")
DATA = str(EXAMPLES / "purchasing_manager" / "data.csv")


def test_lang_option_before_or_after_the_command() -> None:
    for args in (("--lang", "zh", "lint", SCHEME), ("lint", SCHEME, "--lang", "zh-CN"), ("lint", "--lang=zh_CN", SCHEME)):
        r = run_kpi(*args)
        assert r.code == 0 and "检查了 1 个文件：0 个错误，0 个警告" in r.err, args


def test_kpi_lang_and_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_LANG", "zh")
    assert "检查了 1 个文件" in run_kpi("lint", SCHEME).err
    assert "1 file checked" in run_kpi("lint", SCHEME, "--lang", "en").err  # the option wins
    monkeypatch.delenv("KPI_LANG")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "检查了 1 个文件" in run_kpi("lint", SCHEME).err
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert "1 file checked" in run_kpi("lint", SCHEME).err


def test_help_in_chinese_keeps_the_examples() -> None:
    r = run_kpi("eval", "--help", "--lang", "zh")
    assert r.code == 0
    assert r.out.startswith("用法：kpi eval")
    assert "按方案 SCHEME 计算" in r.out and "kpi eval scheme.kpi data.csv" in r.out
    assert "显示本帮助并退出" in r.out and "Show this message" not in r.out
    top = run_kpi("--lang", "zh", "--help").out
    assert "命令" in top and "逐步解释一条记录的得分" in top and "显示版本号并退出" in top


def test_unknown_language_is_a_usage_error() -> None:
    r = run_kpi("--lang", "fr", "lint", SCHEME)
    assert r.code == 2 and "unknown language 'fr'" in r.err


def test_errors_in_chinese(tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = run_kpi("eval", SCHEME, str(tmp_path / "缺失.csv"), "--lang", "zh")
    assert r.code == 1
    assert r.err.startswith("错误[K-D0202]：找不到数据文件：")


def test_the_command_leaves_the_callers_language_alone() -> None:
    run_kpi("--lang", "zh", "lint", SCHEME)
    assert i18n.current() is i18n.Lang.EN
    with i18n.language("zh-CN"):
        run_kpi("--lang", "en", "lint", SCHEME)
        assert i18n.current() is i18n.Lang.ZH


def test_chinese_help_wraps_by_display_width() -> None:
    """A Chinese character takes two cells: lines stay within the width, break between Chinese
    characters but never inside an English word, no line starts with a closing mark (it hangs at
    the end of the line before) and none ends with an opening one."""
    from kpidsl.cli_help import NO_LINE_END, NO_LINE_START, wrap
    from kpidsl.source import display_width

    text = ("检查阶梯的缺口和重叠、覆盖不到某些总分的等级区间、权重、未使用的名称，详见 docs/lint.md。规则可在项目的 "
            "kpi.toml 或 pyproject.toml（[tool.kpi.lint]）中配置。")
    for width in range(20, 60):
        lines = wrap(text, width, "  ", "  ").split("\n")
        # over the width only by a closing mark that may not start the next line, or one long word
        assert all(display_width(line) <= width or display_width(line[:-1]) <= width or " " not in line.strip() for line in lines), width
        assert all(line.strip()[0] not in NO_LINE_START for line in lines[1:]), width
        assert all(line.strip()[-1] not in NO_LINE_END for line in lines), width
        assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")
        assert all(w in " ".join(lines) for w in ("docs/lint.md。", "kpi.toml", "pyproject.toml"))
    r = run_kpi("lint", "--help", "--lang", "zh")
    assert max(display_width(line) for line in r.out.splitlines()) <= 80


def test_kpi_test_mismatches_in_chinese(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`kpi test` words the actual values from the catalogue: 缺失, 是, 没有错误."""
    scheme = tmp_path / "t.kpi"
    scheme.write_text('scheme "t" {\n  input a: number\n  input b: number\n'
                      '  indicator x weight 50% { value a / b  on zero -> skip  score value }\n'
                      '  indicator y weight 50% { score 10 }\n  veto "v" when a > 5 -> no bonus\n'
                      '  test "缺失" { given a = 0, b = 0 expect x.score = 1, vetoed = false }\n'
                      '  test "错误" { given a = 9, b = 1 expect vetoed = false, x.skipped = true }\n'
                      '  test "应出错" { given a = 1, b = 1 expect error = "K-R0301" }\n}\n', encoding="utf-8")
    r = run_kpi("test", str(scheme), "--lang", "zh")
    assert r.code == 1
    assert "- 期望：1\n    + 实际：缺失" in r.out
    assert "- 期望：false\n    + 实际：是" in r.out
    assert "- 期望：K-R0301\n    + 实际：没有错误" in r.out
    assert "+ actual:   missing" in run_kpi("test", str(scheme), "--lang", "en").out
