"""Text -> `nodes.Module`, with every syntax error of the file reported in plain words.

Reading (with error recovery, so one run reports every syntax error) is `recovery.read`; the words
of each message are `syntax_messages.py`. This module turns a clean reading into nodes. It also
unwraps Lark's `VisitError`, so a mistake the tree transformer finds (a clause given twice) is
reported as our own error.
"""

from __future__ import annotations

from lark.exceptions import VisitError

from . import nodes as n
from .errors import Diagnostic, KpiError, KpiSyntaxError
from .messages import syntax as msg
from .recovery import MAX_NESTING, MAX_SOURCE_CHARS, MAX_SYNTAX_ERRORS, check_depth, comment_spans, read
from .source import Source, Span
from .syntax_messages import FULL_WIDTH, MISTAKE_HINTS, TERMINAL_WORDS
from .transform import ToNodes

__all__ = ["FULL_WIDTH", "MAX_NESTING", "MAX_SOURCE_CHARS", "MAX_SYNTAX_ERRORS", "MISTAKE_HINTS", "TERMINAL_WORDS", "parse"]


def parse(text: str, path: str = "<string>") -> n.Module:
    """Parse one `.kpi` file.

    Raises:
        KpiSyntaxError: the text is not a valid scheme file (every syntax error found, up to
            MAX_SYNTAX_ERRORS, each with its location), or exceeds the source limits.
    """
    source = Source(text, path)
    parsed = read(source)
    if parsed.diagnostics or parsed.tree is None:
        raise KpiSyntaxError(_first(parsed.diagnostics))
    check_depth(parsed.tree, source)
    try:
        module = ToNodes(path).transform(parsed.tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, KpiError):
            raise exc.orig_exc from None
        raise
    except RecursionError:
        raise KpiSyntaxError.single(
            "K-S0005", msg.nested_too_deeply(), Span(path, 1, 1, 1, 2)
        ) from None
    comments = tuple(
        n.Comment(source.span(start, end), text[start + 1 : end].strip())
        for start, end in comment_spans(text, parsed.tokens)
    )
    return n.Module(module.span, module.path, module.imports, module.definitions, module.scheme, module.tests, comments)


def _first(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """At most MAX_SYNTAX_ERRORS of them (a file typed with a Chinese input method can have
    hundreds of full-width characters), the last saying how many more there are."""
    if len(diagnostics) <= MAX_SYNTAX_ERRORS:
        return diagnostics
    last = diagnostics[MAX_SYNTAX_ERRORS - 1]
    more = msg.more_not_shown(count=len(diagnostics) - MAX_SYNTAX_ERRORS)
    return [*diagnostics[: MAX_SYNTAX_ERRORS - 1],
            Diagnostic(last.code, last.message, last.span, last.severity, last.hints, (*last.notes, more))]
