"""The exception hierarchy and the diagnostic model shared by every phase.

Errors are *generated* as `Diagnostic` values (code, severity, span, message, hints) and *reported*
by `render_text` / `render_json`, so the parser, the checks, the data readers and the evaluator all
print the same way: `file:line:col`, the source line, a caret underline and a hint.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Self

from .source import Span, caret_line


class Severity(StrEnum):
    """How bad a diagnostic is; `error` stops evaluation, the others are reported only."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about a scheme or its data, with a stable code and a location."""

    code: str
    message: str
    span: Span | None = None
    severity: Severity = Severity.ERROR
    hints: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, used by `kpi lint --format json` and the API."""
        out: dict[str, object] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hints": list(self.hints),
        }
        if self.notes:
            out["notes"] = list(self.notes)
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
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else None
        text = first.message if first else "error"
        if first is not None and first.span is not None:
            text = f"{first.span}: {text}"
        if len(self.diagnostics) > 1:
            text += f" (and {len(self.diagnostics) - 1} more)"
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


def render_text(diagnostics: Iterable[Diagnostic], lines: LineLookup) -> str:
    """Render diagnostics for a person: header, location, source line, caret underline, hints.

    ```
    error[K-E0102]: unknown name '按时单数'
      --> purchasing.kpi:14:11
       |
    14 |     value 按时单数 / planned
       |           ^^^^^^^^
       = hint: did you mean '按时完成数'?
    ```
    """
    blocks = []
    for diag in diagnostics:
        out = [f"{diag.severity.value}[{diag.code}]: {diag.message}"]
        span = diag.span
        if span is not None and span.line > 0:
            out.append(f"  --> {span.path}:{span.line}:{span.col}")
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
            out.append(f"{prefix}note: {note}")
        for hint in diag.hints:
            out.append(f"{prefix}hint: {hint}")
        blocks.append("\n".join(out))
    return "\n\n".join(blocks)


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    """Render diagnostics as a JSON array (stable keys, UTF-8 text kept as is)."""
    return json.dumps([d.to_dict() for d in diagnostics], ensure_ascii=False, indent=2)


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
