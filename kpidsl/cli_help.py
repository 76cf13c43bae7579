"""Click commands and options whose help speaks the current language, and the `--lang` option.

Click stores a command's help as given but rewrites an option's (`inspect.cleandoc`), so commands
keep their catalogue `Text` in `help` and options in `text`; both are rendered when help is shown,
in the language current then, and nothing is changed on the shared command objects.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import click

from .i18n import Lang, localize, parse_language, set_language
from .messages import cli as msg

F = TypeVar("F", bound=Callable[..., Any])


class LocalizedOption(click.Option):
    """An option whose help is a catalogue message (`text=`)."""

    def __init__(self, *args: Any, text: str | None = None, **kwargs: Any) -> None:
        kwargs.pop("help", None)  # click's own English help (`version_option` sets one) gives way to `text`
        super().__init__(*args, **kwargs)
        self.text = text

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None or self.text is None:
            return record
        spec, extra = record  # click's "[default: ...]" and the like, without a help text of ours
        words = inspect.cleandoc(localize(self.text))
        return spec, f"{words}  {extra}" if extra else words


def short_help(text: str, limit: int) -> str:
    """The first sentence of a help text, cut to `limit` display cells (a Chinese character is two)."""
    from .source import display_width

    first = inspect.cleandoc(text).split("\n\n", 1)[0].replace("\n", " ")
    for end in (". ", "。"):
        if end in first:
            first = first.split(end, 1)[0] + end.strip()
            break
    if display_width(first) <= limit:
        return first
    while first and display_width(first) > limit - 3:
        first = first[:-1]
    return first.rstrip() + "..."


def option(*decls: str, text: str, **kwargs: Any) -> Callable[[F], F]:
    """`click.option` with its help from the catalogue."""
    return click.option(*decls, cls=LocalizedOption, text=text, **kwargs)


class _Localized(click.Command):
    """Help text, usage line and section headings in the current language."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = inspect.cleandoc(localize(self.help)).partition("\f")[0] if self.help else ""
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def get_short_help_str(self, limit: int = 45) -> str:
        return short_help(localize(self.short_help or self.help or ""), limit)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=localize(msg.usage()))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        help_option = self.get_help_option(ctx)
        records = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None or isinstance(param, click.Argument):
                continue
            if param is help_option:
                record = (record[0], localize(msg.help_option()))
            records.append(record)
        if records:
            with formatter.section(localize(msg.options())):
                formatter.write_dl(records)


class LocalizedCommand(_Localized):
    """A command with help in the current language."""


class LocalizedGroup(_Localized, click.Group):
    """A command group with help in the current language; its commands are localized too."""

    command_class = LocalizedCommand

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(name, cmd) for name in self.list_commands(ctx) if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section(localize(msg.commands())):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])


LocalizedGroup.group_class = LocalizedGroup


def _choose(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is None:
        return
    lang = parse_language(value)
    if lang is None:
        raise click.BadParameter(msg.unknown_language(value=value, known=", ".join(x.value for x in Lang)), ctx, param)
    set_language(lang)


def lang_option(f: F) -> F:
    """`--lang en|zh-CN`, on the group and on every command, so it may stand anywhere; `main` has
    already chosen the language from the arguments before click runs, this validates and documents."""
    return option("--lang", text=msg.lang_option(), metavar="LANG", is_eager=True, expose_value=False, callback=_choose)(f)


def lang_in_args(args: list[str]) -> Lang | None:
    """The language named by `--lang X` or `--lang=X` in the arguments, if any and known (so that
    help and messages speak it even when the option comes after `--help`)."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return parse_language(args[i + 1])
        if arg.startswith("--lang="):
            return parse_language(arg.split("=", 1)[1])
    return None
