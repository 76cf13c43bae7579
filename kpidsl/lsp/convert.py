"""Positions between kpidsl and the protocol: spans are 1-based lines and columns in code points;
LSP positions are 0-based, in the code units the client negotiated (UTF-16 by default). The
conversion goes through pygls's position codec over the lines of the file the span is in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types as t
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import PositionCodec
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from ..errors import Diagnostic, Severity
from ..source import Span

#: A name as the grammar reads it (`NAME` in grammar/kpidsl.lark).
NAME = re.compile(r"\d*[^\W\d]\w*")

SEVERITY = {Severity.ERROR: t.DiagnosticSeverity.Error, Severity.WARNING: t.DiagnosticSeverity.Warning,
            Severity.INFO: t.DiagnosticSeverity.Information}


def uri_of(path: str) -> str:
    return from_fs_path(str(Path(path).resolve())) or path


def path_of(uri: str) -> str:
    return to_fs_path(uri) or uri


def to_range(codec: PositionCodec, lines: Sequence[str], span: Span) -> t.Range:
    server = ServerTextRange(ServerTextPosition(span.line - 1, span.col - 1), ServerTextPosition(span.end_line - 1, span.end_col - 1))
    return codec.range_to_client_units(lines, server)


def from_position(codec: PositionCodec, lines: Sequence[str], pos: t.Position) -> tuple[int, int]:
    """The 1-based (line, column in code points) of a client position."""
    p = codec.position_from_client_units(lines, t.Position(line=pos.line, character=pos.character))
    return p.line + 1, p.character + 1


def word_at(line_text: str, col: int) -> tuple[str, int, int] | None:
    """The name under (or just before) 1-based column `col`: (name, start col, end col)."""
    for m in NAME.finditer(line_text):
        if m.start() + 1 <= col <= m.end() + 1:
            return m.group(0), m.start() + 1, m.end() + 1
    return None


def diagnostic(d: Diagnostic, codec: PositionCodec, lines: Sequence[str], here: str, help_uri: str | None) -> t.Diagnostic:
    """A finding as the protocol shows it; a finding in another file (an imported module) is
    shown on the first line, naming where it is."""
    message = d.message
    if d.span is not None and d.span.path == here:
        where = to_range(codec, lines, d.span)
    else:
        where = t.Range(start=t.Position(line=0, character=0), end=t.Position(line=0, character=0))
        if d.span is not None:
            message = f"{d.span}: {message}"
    extra = [f"hint: {h}" for h in d.hints] + list(d.notes)
    return t.Diagnostic(
        range=where,
        message="\n".join([message, *extra]),
        severity=SEVERITY[d.severity],
        code=d.code,
        code_description=t.CodeDescription(href=help_uri) if help_uri else None,
        source="kpi",
    )
