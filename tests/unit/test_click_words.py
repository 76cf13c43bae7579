"""Click's own words under `--lang zh` (kpidsl/clickwords.py): the compiled catalogue is current,
every entry is one of click's message ids with the same placeholders, a run speaks Chinese, and
gettext's process-wide state is put back after the command."""

from __future__ import annotations

import ast
import gettext
import os
import string
from pathlib import Path

import click
import pytest
from conftest import EXAMPLES, run_kpi

from kpidsl import cli, clickwords

SCHEME = str(EXAMPLES / "purchasing_manager" / "scheme.kpi")


def _click_ids() -> set[str | tuple[str, str]]:
    """The ids click passes to gettext and ngettext, read from its source."""
    ids: set[str | tuple[str, str]] = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if node.func.id == "_" and len(texts) == 1:
                    ids.add(texts[0])
                elif node.func.id == "ngettext" and len(texts) == 2:
                    ids.add((texts[0], texts[1]))
    return ids


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_compiled_catalogue_is_current() -> None:
    assert clickwords.mo_file().read_bytes() == clickwords.compiled(), "run: python -m kpidsl.clickwords"


@pytest.mark.parametrize("msgid", list(clickwords.ZH), ids=str)
def test_each_entry_is_a_click_message_with_its_placeholders(msgid: str | tuple[str, str]) -> None:
    assert msgid in _click_ids(), "click no longer says this: drop or update the entry"
    forms = msgid if isinstance(msgid, tuple) else (msgid,)
    allowed = set().union(*(_fields(f) for f in forms))
    needed = _fields(forms[-1]) - clickwords.DROPPED.get(msgid, frozenset())  # type: ignore[call-overload]
    assert _fields(clickwords.ZH[msgid]) <= allowed and _fields(clickwords.ZH[msgid]) >= needed


def test_click_speaks_chinese_under_lang_zh_and_english_otherwise() -> None:
    zh = run_kpi("--lang", "zh", "eval", "--nope", SCHEME, "x.csv")
    assert zh.code == 2
    assert "错误：没有选项 '--nope'。" in zh.err and "运行“kpi eval --help”查看帮助。" in zh.err and "Error" not in zh.err
    bad = run_kpi("eval", SCHEME, "x.csv", "--format", "foo", "--lang", "zh")
    assert "'--format' 的值无效：'foo' 不是可选值之一：" in bad.err
    missing = run_kpi("eval", SCHEME, "--lang", "zh")
    assert "错误：缺少参数 'DATA...'" in missing.err
    en = run_kpi("--lang", "en", "eval", "--nope", SCHEME, "x.csv")
    assert "Error: No such option '--nope'." in en.err and "Try 'kpi eval --help' for help." in en.err


def test_gettext_state_is_restored_after_a_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANGUAGE", "fr")
    domain = gettext.textdomain()
    assert cli.main(["--lang", "zh", "eval", "--nope"]) == 2
    assert "没有选项" in capsys.readouterr().err
    assert gettext.textdomain() == domain and os.environ["LANGUAGE"] == "fr"
    monkeypatch.delenv("LANGUAGE")
    cli.main(["--lang", "zh", "eval", "--nope"])
    assert "LANGUAGE" not in os.environ
