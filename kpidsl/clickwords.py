"""Click's own words in Chinese: its parser errors and help frame under `kpi --lang zh`.

kpidsl's messages come from its catalogue (`messages/`), but click words some things itself: "No
such option '--nope'.", "Try 'kpi eval --help' for help.", "Error: ...", "'x' is not one of ...",
"[default: ...]". Click looks them up with the standard `gettext` functions, the mechanism it offers
for translating them, so kpidsl gives click a gettext catalogue: ZH below (click's message ids and
their Chinese), compiled into `locale/zh_CN/LC_MESSAGES/kpidsl-click.mo` by `python -m
kpidsl.clickwords` (with Babel, a development dependency; tests/unit/test_click_words.py checks the
file is current and that a run under `--lang zh` speaks Chinese).

gettext's domain and language are process-wide, so `speaking` sets them only for the length of one
`kpi` command in `cli.main` and puts back what was there: a program embedding kpidsl, or one calling
`cli.main` in-process, keeps its own. A message id click changes in a later release simply stays
English (gettext's fallback), never wrong.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .i18n import Lang

#: The gettext domain of click's words (a file name of kpidsl's, not click's own "messages").
DOMAIN = "kpidsl-click"

#: Where the compiled catalogue lives: `<LOCALE_DIR>/zh_CN/LC_MESSAGES/kpidsl-click.mo`.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

#: Click's message ids (click 8.x; a pair is its singular and plural `ngettext` ids) and their Chinese.
#: Placeholders are click's own and must stay as they are.
ZH: dict[str | tuple[str, str], str] = {
    # The frame of every error and of --help.
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Aborted!": "已中止！",
    # Parser errors.
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): "（是不是：{possibilities}？）",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): "多出了参数（{args}）",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): "选项 {name!r} 需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): "需要 {nargs} 个值，却给了 {len} 个。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "unknown error": "未知错误",
    # Values of the options' types.
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): "{value!r} 不是可选值之一：{choices}。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的布尔值。可用的值：{states}",
    # Without {name}: click names the path kind ("File") when the option is declared, at import,
    # before a language is chosen, so it would stay English in a Chinese sentence.
    "{name} {filename!r} does not exist.": "{filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{filename!r} 是文件，这里要的是文件夹。",
    "{name} {filename!r} is a directory.": "{filename!r} 是文件夹，这里要的是文件。",
    "{name} {filename!r} is not readable.": "{filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{filename!r} 不可写。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
}


@contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """Click speaks `lang` inside: Chinese through the compiled catalogue; English as click writes
    it. gettext's current domain, its binding and `LANGUAGE` are restored afterwards."""
    if lang is not Lang.ZH:
        yield
        return
    domain, bound, language = gettext.textdomain(), gettext.bindtextdomain(DOMAIN), os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = "zh_CN"  # how gettext chooses a catalogue's language
    try:
        yield
    finally:
        gettext.textdomain(domain)
        gettext.bindtextdomain(DOMAIN, bound)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language


#: Messages whose Chinese leaves out a placeholder on purpose (see the comment in ZH): which one.
DROPPED = {msgid: frozenset({"name"}) for msgid in ZH if isinstance(msgid, str) and msgid.startswith("{name} {filename!r}")}


def compiled() -> bytes:
    """ZH as a gettext `.mo` file (Babel writes it; one plural form, as Chinese has)."""
    import io
    from datetime import UTC, datetime

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    when = datetime(2026, 11, 30, tzinfo=UTC)  # fixed, so that the file is the same on every run
    catalog = Catalog(locale="zh_CN", domain=DOMAIN, project="kpidsl", fuzzy=False, creation_date=when, revision_date=when)
    for msgid, text in ZH.items():
        catalog.add(msgid, (text,) if isinstance(msgid, tuple) else text)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def mo_file() -> Path:
    """The compiled catalogue's path."""
    return LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.mo"


if __name__ == "__main__":
    mo_file().parent.mkdir(parents=True, exist_ok=True)
    mo_file().write_bytes(compiled())
    print(f"wrote {mo_file()}")
