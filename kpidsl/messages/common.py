"""Words every part uses: the diagnostic renderer's severities, notes, hints and location line, and
"did you mean"."""

from __future__ import annotations

import unicodedata
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
    """Names (columns, inputs, sheets) as a list, each quoted the way its language quotes, an
    invisible character in one named (`visible`)."""
    return listing(quoted(name=visible(i)) for i in items)


def is_invisible(ch: str) -> bool:
    """A character that shows as nothing or as a plain space: a zero-width space, a BOM, a
    control character, a no-break or ideographic space."""
    category = unicodedata.category(ch)
    return category in ("Cf", "Cc") or (category == "Zs" and ch != " ")


def visible(text: str) -> str:
    """The text with each invisible character named, as `⟨zero width space U+200B⟩`: a header
    copied from a web page may hold one, and a message quoting it raw would show two names that
    look the same."""
    if text.isprintable() and "\u3000" not in text and "\u00a0" not in text:
        return text
    return "".join(f"⟨{unicodedata.name(ch, 'character').lower()} U+{ord(ch):04X}⟩" if is_invisible(ch) else ch for ch in text)


# How a value is written in messages and explain (`values.describe`).


@message(en="missing", zh="缺失")
def value_missing() -> None: ...


@message(en="true", zh="是")
def value_true() -> None: ...


@message(en="false", zh="否")
def value_false() -> None: ...


@message(en='"{text}"', zh="“{text}”")
def value_text(*, text: str) -> None: ...
