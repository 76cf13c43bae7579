"""What every lint rule sees: the scheme's IR, the checks' analysis (names, what is used), the
value ranges, and the place to put findings."""

from __future__ import annotations

from dataclasses import field

from .. import ir
from ..checks import Analysis
from ..errors import Diagnostic, Severity
from ..prebuilt import dataclass
from ..source import Span
from .ranges import RangeAnalysis


@dataclass
class LintContext:
    analysis: Analysis
    ir: ir.Scheme
    ranges: RangeAnalysis
    found: list[Diagnostic] = field(default_factory=list)
    _seen: set[tuple[str, str, int, int]] = field(default_factory=set)

    def add(self, code: str, severity: Severity, message: str, span: Span | None, hint: str | None = None) -> None:
        key = (code, span.path if span else "", span.line if span else 0, span.col if span else 0)
        if key in self._seen:  # a named ladder used twice reports its findings once
            return
        self._seen.add(key)
        self.found.append(Diagnostic(code, message, span, severity, (hint,) if hint else ()))

    def error(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.add(code, Severity.ERROR, message, span, hint)

    def warn(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.add(code, Severity.WARNING, message, span, hint)

    def info(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.add(code, Severity.INFO, message, span, hint)
