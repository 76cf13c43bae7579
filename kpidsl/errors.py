"""The exception hierarchy and the diagnostic model shared by every phase.

Errors are *generated* as `Diagnostic` values (code, severity, span, message, hints) and *reported*
by `render_text` / `render_json`, so the parser, the checks, the data readers and the evaluator all
print the same way: `file:line:col`, the source line, a caret underline and a hint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from enum import StrEnum
from numbers import Integral
from typing import Self

from .i18n import Lang, as_lang, localize
from .prebuilt import dataclass
from .source import Span, caret_line


class Severity(StrEnum):
    """How bad a diagnostic is; `error` stops evaluation, the others are reported only."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class TableCell:
    """Where a data error is in a table given to `Scheme.evaluate` (a pandas or polars DataFrame,
    an Arrow table), for a program to find it there: `row`, the row's position counted from 0
    (`df.iloc[row]`, `table.slice(row, 1)`); `label`, its pandas index label (`df.loc[label]`;
    None for polars and Arrow, which have no index); `column`, the table's column as the table
    spells it (None where the error is the row's as a whole). The message says the same in words."""

    row: int
    label: object = None
    column: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: a label that is not a whole number is given as its text."""
        label = self.label
        if label is not None and not isinstance(label, (int, str)):
            label = int(label) if isinstance(label, Integral) and not isinstance(label, bool) else str(label)
        return {"row": self.row, "index": label, "column": self.column}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about a scheme or its data, with a stable code and a location (`span` in a
    file; `cell` in a table given to the API)."""

    code: str
    message: str
    span: Span | None = None
    severity: Severity = Severity.ERROR
    hints: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    cell: TableCell | None = None

    def to_dict(self, lang: Lang | str | None = None) -> dict[str, object]:
        """JSON-ready form, used by `kpi lint --format json` and the API; the texts in `lang` (a
        `Lang` or a tag such as "zh-CN"; default: the current language), the keys and the severity
        in English for programs.

        Raises:
            ValueError: a tag naming no language kpidsl has.
        """
        lang = as_lang(lang)
        out: dict[str, object] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": localize(self.message, lang),
            "hints": [localize(h, lang) for h in self.hints],
        }
        if self.notes:
            out["notes"] = [localize(n, lang) for n in self.notes]
        if self.cell is not None:
            out["cell"] = self.cell.to_dict()
        if self.span is not None:
            out["location"] = {
                "path": self.span.path,
                "line": self.span.line,
                "column": self.span.col,
                "end_line": self.span.end_line,
                "end_column": self.span.end_col,
            }
        return out


class KpiError(Exception):
    """Root of every error caused by a scheme or its data (never by a bug in kpidsl itself)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        from .messages import common as words

        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else None
        text: str = first.message if first else words.no_message()
        if first is not None and first.span is not None:
            text = f"{first.span}: {text}"
        if len(self.diagnostics) > 1:
            text = words.and_more(first=text, count=len(self.diagnostics) - 1)
        super().__init__(text)

    @classmethod
    def single(
        cls,
        code: str,
        message: str,
        span: Span | None = None,
        hints: Iterable[str] = (),
        notes: Iterable[str] = (),
    ) -> Self:
        """An error of this class carrying one diagnostic."""
        return cls([Diagnostic(code, message, span, Severity.ERROR, tuple(hints), tuple(notes))])


class KpiSyntaxError(KpiError):
    """The scheme text does not follow the grammar (or exceeds the source limits)."""


class KpiCheckError(KpiError):
    """The scheme parses but is not valid: unknown names, type errors, bad weights, ..."""


class KpiImportError(KpiCheckError):
    """An `import` cannot be resolved or forms a cycle."""


class KpiDataError(KpiError):
    """Period data does not fit the scheme: a missing column, a cell of the wrong type, ..."""


class KpiEvalError(KpiError):
    """A record cannot be evaluated: a division by zero or a missing value with no declared outcome."""


#: Looks up the text of one line of a file, for rendering; returns "" when unknown.
LineLookup = Callable[[str, int], str]


def render_text(diagnostics: Iterable[Diagnostic], lines: LineLookup, lang: Lang | str | None = None) -> str:
    """Render diagnostics for a person: header, location, source line, caret underline, hints, in
    `lang` (default: the current language; messages not in the catalogue are shown as they are).

    ```
    error[K-E0102]: unknown name '按时单数'
      --> purchasing.kpi:14:11
       |
    14 |     value 按时单数 / planned
       |           ^^^^^^^^
       = hint: did you mean '按时完成数'?
    ```
    """
    from .messages import common as words

    lang = as_lang(lang)
    severity = {Severity.ERROR: words.error(), Severity.WARNING: words.warning(), Severity.INFO: words.info()}
    blocks = []
    for diag in diagnostics:
        out = [words.headline(severity=severity[diag.severity], code=diag.code, message=diag.message).render(lang)]
        span = diag.span
        if span is not None and span.line > 0:
            out.append("  " + words.location(location=str(span)).render(lang))
            text = lines(span.path, span.line)
            if text:
                gutter = str(span.line)
                pad = " " * len(gutter)
                end_col = span.end_col if span.end_line == span.line else len(text) + 1
                out.append(f"{pad} |")
                out.append(f"{gutter} | {text}")
                out.append(f"{pad} | {caret_line(text, span.col, end_col)}")
                prefix = f"{pad} = "
            else:
                prefix = "   = "
        else:
            prefix = "   = "
        for note in diag.notes:
            out.append(prefix + words.note(text=note).render(lang))
        for hint in diag.hints:
            out.append(prefix + words.hint(text=hint).render(lang))
        blocks.append("\n".join(out))
    return "\n\n".join(blocks)


def render_json(diagnostics: Iterable[Diagnostic], lang: Lang | str | None = None) -> str:
    """Render diagnostics as a JSON array (stable keys, UTF-8 text kept as is)."""
    import json

    return json.dumps([d.to_dict(lang) for d in diagnostics], ensure_ascii=False, indent=2)


@dataclass
class DiagnosticBag:
    """Collects diagnostics during a phase, up to a limit, so users see many errors at once."""

    limit: int = 50
    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diag: Diagnostic) -> None:
        if len(self.items) < self.limit:
            self.items.append(diag)

    def error(
        self,
        code: str,
        message: str,
        span: Span | None,
        hints: Iterable[str] = (),
        notes: Iterable[str] = (),
    ) -> None:
        self.add(Diagnostic(code, message, span, Severity.ERROR, tuple(hints), tuple(notes)))

    def warning(
        self, code: str, message: str, span: Span | None, hints: Iterable[str] = ()
    ) -> None:
        self.add(Diagnostic(code, message, span, Severity.WARNING, tuple(hints)))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics ordered by file and position, so output is stable."""

        def key(d: Diagnostic) -> tuple[str, int, int, str]:
            s = d.span
            return (s.path, s.line, s.col, d.code) if s else ("", 0, 0, d.code)

        return sorted(self.items, key=key)
