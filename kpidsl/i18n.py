"""Languages and messages: every user-facing string comes from one catalogue, in English and Chinese.

A message is declared once, in a module of `kpidsl/messages/`, as a typed function with its
English and Chinese templates (docs/i18n.md says how to add one):

    @message(en="no column for input '{name}'", zh="找不到输入“{name}”的列")
    def no_column(*, name: str) -> None: ...

Calling `no_column(name="工号")` returns a `Text`: a `str` holding the message in the language
current at the call, which also remembers its template and arguments, so a renderer can give the
same message in another language later (`localize`). Call sites are checked by mypy (every
placeholder is a keyword argument with a type); tests check that both languages use the same
placeholders.

The current language is a context variable, never a process-wide setting: `kpi` sets it from
`--lang`, `KPI_LANG` or the locale for the length of one command, an embedding application with
`with language("zh-CN"): ...`, and two threads can work in two languages at once. The library
itself never reads the environment; without a choice it speaks English.
"""

from __future__ import annotations

import os
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from decimal import Decimal
from enum import StrEnum
from typing import Generic, ParamSpec, Protocol

from .prebuilt import dataclass

P = ParamSpec("P")


class Lang(StrEnum):
    """A language messages can be given in (its BCP 47 tag)."""

    EN = "en"
    ZH = "zh-CN"


#: The language of every message until something chooses another.
DEFAULT = Lang.EN

#: Environment variables naming the locale, in POSIX order of precedence.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_CURRENT: ContextVar[Lang] = ContextVar("kpidsl_language", default=DEFAULT)


def current() -> Lang:
    """The language messages are given in here (in this thread or task)."""
    return _CURRENT.get()


def parse_language(text: str | None) -> Lang | None:
    """The language a tag or locale name stands for: `zh`, `zh-CN`, `zh_CN.UTF-8`, `Chinese
    (Simplified)_China` -> Chinese; `en`, `en_US.UTF-8`, `English` -> English; None for anything
    else (`C`, `fr_FR`, empty). Any Chinese locale gets the Simplified Chinese catalogue, which a
    reader of Traditional Chinese follows more easily than English."""
    if not text:
        return None
    tag = text.strip().split(".")[0].split("@")[0].replace("_", "-").lower()
    if tag == "zh" or tag.startswith(("zh-", "chinese")):
        return Lang.ZH
    if tag == "en" or tag.startswith(("en-", "english")):
        return Lang.EN
    return None


def language_from_environment(environ: Mapping[str, str] | None = None) -> Lang:
    """The language `kpi` uses without `--lang`: `KPI_LANG`, else the locale (the first of
    LC_ALL, LC_MESSAGES, LANG that is set, else the system's), else English. A value naming a
    language kpidsl does not have (`KPI_LANG=fr`, `LANG=C.UTF-8`) means English."""
    env = os.environ if environ is None else environ
    chosen = env.get("KPI_LANG", "").strip()
    if chosen:
        return parse_language(chosen) or DEFAULT
    for name in LOCALE_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            return parse_language(value) or DEFAULT
    if environ is None:  # no variable at all (Windows): ask the system
        import locale

        return parse_language(locale.getlocale()[0]) or DEFAULT
    return DEFAULT


@contextmanager
def language(lang: Lang | str) -> Iterator[Lang]:
    """Give messages in `lang` inside the block (this thread or task only).

    Raises:
        ValueError: `lang` names no language kpidsl has.
    """
    chosen = lang if isinstance(lang, Lang) else parse_language(lang)
    if chosen is None:
        raise ValueError(f"unknown language {lang!r}; use one of: {', '.join(x.value for x in Lang)}")
    token = _CURRENT.set(chosen)
    try:
        yield chosen
    finally:
        _CURRENT.reset(token)


def as_lang(lang: Lang | str | None) -> Lang:
    """A language given as a `Lang`, a tag or locale name (`zh-CN`, `zh`, `en`) or None (the
    current language): what every public function taking `lang` accepts.

    Raises:
        ValueError: a tag naming no language kpidsl has.
    """
    if lang is None:
        return current()
    if isinstance(lang, Lang):
        return lang
    found = parse_language(lang)
    if found is None:
        raise ValueError(f"unknown language {lang!r}; use one of: {', '.join(x.value for x in Lang)}")
    return found


def set_language(lang: Lang) -> Token[Lang]:
    """Set the language for the rest of the current context (the CLI does this once per command,
    inside a context of its own); `reset_language(token)` undoes it."""
    return _CURRENT.set(lang)


def reset_language(token: Token[Lang]) -> None:
    _CURRENT.reset(token)


# ---------------------------------------------------------------------------------- templates

@dataclass(frozen=True, slots=True)
class Plural:
    """An English template with a singular and a plural form, chosen by the number in `count`
    (CLDR's English rule: "one" for exactly 1, "other" otherwise). Chinese has one form."""

    count: str
    one: str
    other: str

    def pick(self, args: Mapping[str, object]) -> str:
        n = args[self.count]
        return self.one if isinstance(n, (int, Decimal)) and n == 1 else self.other


@dataclass(frozen=True, slots=True)
class Template:
    """One message of the catalogue: its id (`area.name`) and its text in each language."""

    id: str
    en: str | Plural
    zh: str

    def forms(self, lang: Lang) -> tuple[str, ...]:
        """Every template text of one language (both English plural forms)."""
        if lang is Lang.ZH:
            return (self.zh,)
        return (self.en.one, self.en.other) if isinstance(self.en, Plural) else (self.en,)

    def render(self, lang: Lang, args: Mapping[str, object]) -> str:
        text = self.zh if lang is Lang.ZH else self.en.pick(args) if isinstance(self.en, Plural) else self.en
        return text.format_map({k: _arg(v, lang) for k, v in args.items()})


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a template (what the catalogue test compares between languages)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _arg(value: object, lang: Lang) -> str:
    if isinstance(value, Text):
        return value.render(lang)
    return str(value)


class Renderer(Protocol):
    """Something that can say itself in any language (a message with its arguments, a list)."""

    def render(self, lang: Lang) -> str: ...


@dataclass(frozen=True, slots=True)
class _Filled:
    template: Template
    args: Mapping[str, object]

    def render(self, lang: Lang) -> str:
        return self.template.render(lang, self.args)


#: How the items of a list are separated, by language: 'a', 'b' / “a”、“b”.
SEPARATORS: Mapping[Lang, str] = {Lang.EN: ", ", Lang.ZH: "、"}

#: How the clauses of a sentence are separated: line 5, column 'x' / 第 5 行，列“x”.
CLAUSES: Mapping[Lang, str] = {Lang.EN: ", ", Lang.ZH: "，"}


@dataclass(frozen=True, slots=True)
class _Listing:
    items: tuple[str, ...]
    separators: Mapping[Lang, str]

    def render(self, lang: Lang) -> str:
        return self.separators[lang].join(_arg(i, lang) for i in self.items)


class Text(str):
    """A message, as text in the language current when it was made, that can be rendered again
    in another language (`render`, or `localize` for any string). Joining it into an f-string
    gives a plain `str`: compose messages with message arguments instead, so they stay whole.

    Pickling keeps only the text (a `Text` crossing a process boundary arrives as a `str`)."""

    _source: Renderer

    def __new__(cls, source: Renderer, lang: Lang | None = None) -> Text:
        self = super().__new__(cls, source.render(lang or current()))
        self._source = source
        return self

    @property
    def id(self) -> str | None:
        """The catalogue id of the message (None for a list)."""
        return self._source.template.id if isinstance(self._source, _Filled) else None

    def render(self, lang: Lang) -> str:
        return self._source.render(lang)

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        return (str, (str(self),))


def localize(text: str, lang: Lang | None = None) -> str:
    """`text` in `lang` (default: the current language) when it is a `Text`; other strings (names,
    values, messages of parts not yet in the catalogue) as they are."""
    if isinstance(text, Text):
        return text.render(lang or current())
    return text


def listing(items: Iterable[str], separators: Mapping[Lang, str] = SEPARATORS) -> Text:
    """Items as one text, separated the way each language separates a list (or, with `CLAUSES`,
    the parts of a sentence)."""
    return Text(_Listing(tuple(items), separators))


class Message(Generic[P]):
    """A catalogue entry as a typed function: call it with its keyword arguments to get a `Text`."""

    def __init__(self, template: Template, params: tuple[str, ...], doc: str | None) -> None:
        self.template = template
        self.params = params
        self.__doc__ = doc

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> Text:
        if args:
            raise TypeError(f"message {self.template.id} takes keyword arguments only")
        return Text(_Filled(self.template, kwargs))

    def __repr__(self) -> str:
        return f"<message {self.template.id}>"


def message(*, en: str | Plural, zh: str) -> Callable[[Callable[P, None]], Message[P]]:
    """Declare a catalogue entry; the decorated function gives its id (`<module>.<name>`) and the
    names and types of its placeholders (keyword-only parameters), and is never run."""

    def declare(stub: Callable[P, None]) -> Message[P]:
        area = stub.__module__.rsplit(".", 1)[-1]
        code = stub.__code__  # cheaper than inspect.signature, and the stubs take keywords only
        params = code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
        return Message(Template(f"{area}.{stub.__name__}", en, zh), params, stub.__doc__)

    return declare
