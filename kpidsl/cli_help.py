"""Click commands and options whose help speaks the current language, and the `--lang` option.

Click stores a command's help as given but rewrites an option's (`inspect.cleandoc`), so commands
keep their catalogue `Text` in `help` and options in `text`; both are rendered when help is shown,
in the language current then, and nothing is changed on the shared command objects.

Click wraps help text by counting characters and breaking at spaces; Chinese has no spaces and a
character takes two terminal cells, so its lines came out twice too wide and broke inside English
words. `HelpFormatter` wraps by display width and may break between any two Chinese characters
(not before closing punctuation such as ，。）).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from .i18n import Lang, localize, parse_language, set_language
from .messages import cli as msg

F = TypeVar("F", bound=Callable[..., Any])

#: Characters that must not begin a line (they close what the line before holds).
NO_LINE_START = frozenset("，。、；：！？）》」』”’,.;:!?)]}%")

#: Characters that must not end a line (they open what follows).
NO_LINE_END = frozenset("（《「『“‘([{")


def _tokens(text: str) -> list[str]:
    """Spaces, runs of narrow characters (an English word, `--lang`), and single wide characters."""
    from .source import char_width

    out: list[str] = []
    for ch in text:
        narrow_word = char_width(ch) < 2 and not ch.isspace()
        joins = (narrow_word and not out[-1].isspace() and char_width(out[-1][-1]) < 2) or (ch.isspace() and out[-1].isspace()) if out else False
        if joins:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def wrap(text: str, width: int, initial: str = "", subsequent: str = "") -> str:
    """One paragraph filled to `width` display cells (a Chinese character is two)."""
    from .source import display_width

    lines: list[str] = []
    line, used, fresh, space = initial, display_width(initial), True, False
    for tok in _tokens(text):
        if tok.isspace():
            space = not fresh
            continue
        sep = " " if space else ""
        size = display_width(tok)
        if not fresh and used + len(sep) + size > width and tok[0] not in NO_LINE_START:
            carried = line[-1] if line[-1] in NO_LINE_END else ""  # an opening bracket moves down
            lines.append(line[: len(line) - len(carried)].rstrip())
            line, used, sep = subsequent + carried, display_width(subsequent + carried), ""
        line, used, fresh, space = line + sep + tok, used + len(sep) + size, False, False
    lines.append(line.rstrip())
    return "\n".join(lines)


def _paragraphs(text: str) -> Iterable[tuple[int, bool, str]]:
    """(indent, keep as written, text) for each paragraph; a paragraph starting with a `\\b` line is
    kept as written (click's convention), the others are joined into one line (no space between
    two Chinese characters)."""
    from .source import char_width

    block: list[str] = []
    for line in [*text.expandtabs().splitlines(), ""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            indent = len(block[0]) - len(block[0].lstrip())
            if block[0].strip() == "\b":
                yield indent, True, "\n".join(block[1:])
            else:
                joined = block[0].strip()
                for nxt in (b.strip() for b in block[1:]):
                    cjk = char_width(joined[-1]) == 2 and char_width(nxt[0]) == 2
                    joined += ("" if cjk else " ") + nxt
                yield indent, False, joined
            block = []


def wrap_text(text: str, width: int, indent: str = "") -> str:
    """Help text re-wrapped paragraph by paragraph, as click's `wrap_text` does, by display width."""
    out = []
    for extra, keep, body in _paragraphs(text):
        pad = indent + " " * extra
        if keep:
            out.append("\n".join(pad + line for line in body.splitlines()))
        else:
            out.append(wrap(body, width, pad, pad))
    return "\n\n".join(out)


class HelpFormatter(click.HelpFormatter):
    """Click's help layout, wrapped by display width (see the module's docstring)."""

    def write_text(self, text: str) -> None:
        self.write(wrap_text(text, self.width, " " * self.current_indent))
        self.write("\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        from .source import display_width

        rows = list(rows)
        first_col = min(max((display_width(a) for a, _ in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_text(second, max(self.width - first_col - 2, 10)).splitlines()
            self.write((lines[0] if lines else "") + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class _Context(click.Context):
    formatter_class = HelpFormatter


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

    context_class = _Context

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
    """A command group with help in the current language; its commands are localized too.

    Commands in `lazy` (name -> "module:attribute") are imported when they are run or listed in
    the help, as click's documentation shows for lazily loaded subcommands: `kpi lint` does not
    import the run-record commands (`kpi diff`, `history`, `replay`, `report`) to start."""

    command_class = LocalizedCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, str] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            import importlib

            module, attribute = self.lazy[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

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
