"""Words every part uses: the diagnostic renderer's severities, notes, hints and location line, and
"did you mean"."""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n import Text, listing, message


@message(en="error", zh="错误")
def error() -> None: ...


@message(en="warning", zh="警告")
def warning() -> None: ...


@message(en="info", zh="信息")
def info() -> None: ...


@message(en="{severity}[{code}]: {message}", zh="{severity}[{code}]：{message}")
def headline(*, severity: str, code: str, message: str) -> None: ...


# The arrow is the same in both languages: editors' problem matchers and grep find locations by it.
@message(en="--> {location}", zh="--> {location}")
def location(*, location: str) -> None: ...


@message(en="hint: {text}", zh="提示：{text}")
def hint(*, text: str) -> None: ...


@message(en="note: {text}", zh="说明：{text}")
def note(*, text: str) -> None: ...


@message(en="{first} (and {count} more)", zh="{first}（另有 {count} 条）")
def and_more(*, first: str, count: int) -> None: ...


@message(en="error", zh="错误")
def no_message() -> None:
    """The text of an error that carries no diagnostic (never expected)."""


@message(en="did you mean '{name}'?", zh="是不是“{name}”？")
def did_you_mean(*, name: str) -> None: ...


@message(en="'{name}'", zh="“{name}”")
def quoted(*, name: str) -> None: ...


def names(items: Iterable[str]) -> Text:
    """Names (columns, inputs, sheets) as a list, each quoted the way its language quotes."""
    return listing(quoted(name=i) for i in items)


# How a value is written in messages and explain (`values.describe`).


@message(en="missing", zh="缺失")
def value_missing() -> None: ...


@message(en="true", zh="是")
def value_true() -> None: ...


@message(en="false", zh="否")
def value_false() -> None: ...


@message(en='"{text}"', zh="“{text}”")
def value_text(*, text: str) -> None: ...
