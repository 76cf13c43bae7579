"""Code actions: the fixes of `kpi lint --fix` as quick fixes (a suggestion, which would change a
result, is offered but not preferred), "fix all" as a source action, and "keep the data column",
which gives an input its name as its label so that it can be renamed without losing its column."""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types as t

from ..lint.fixes import Fix, fixes_for
from ..lint.fixing import fix_text
from ..messages import editor as msg
from ..source import Source, Span
from .documents import Snapshot

#: The kind of the action that applies every safe fix (VS Code's `editor.codeActionsOnSave`).
FIX_ALL = "source.fixAll.kpi"

ToRange = Callable[[Span], t.Range]


def actions(snap: Snapshot, uri: str, line: int, end_line: int, to_range: ToRange,
            requested: list[t.Diagnostic], only: list[str] | None) -> list[t.CodeAction]:
    """The actions for the lines [line, end_line] (1-based) of a document."""
    out: list[t.CodeAction] = []

    def wants(kind: str) -> bool:
        return not only or any(kind == o or kind.startswith(o + ".") for o in only)

    source = Source(snap.text, snap.path)
    if wants(t.CodeActionKind.QuickFix):
        for fix in fixes_for(source, snap.diagnostics, snap.scheme):
            if fix.span is None or not (fix.span.line <= end_line and line <= fix.span.end_line):
                continue
            matching = [d for d in requested if d.code == fix.code and d.range.start.line + 1 == fix.span.line]
            out.append(t.CodeAction(title=fix.title, kind=t.CodeActionKind.QuickFix, diagnostics=matching or None,
                                    is_preferred=fix.safe, edit=_edit(uri, source, fix, to_range)))
    if wants(FIX_ALL):
        fixed = fix_text(snap.text, snap.path, snap.config)
        if fixed.changed:
            whole = t.Range(start=t.Position(line=0, character=0), end=t.Position(line=len(snap.text.split("\n")), character=0))
            out.append(t.CodeAction(title=msg.fix_all(count=len(fixed.applied)), kind=FIX_ALL,
                                    edit=t.WorkspaceEdit(changes={uri: [t.TextEdit(range=whole, new_text=fixed.after)]})))
    if wants(t.CodeActionKind.RefactorRewrite):
        out += _keep_column(snap, uri, line, to_range)
    return out


def _edit(uri: str, source: Source, fix: Fix, to_range: ToRange) -> t.WorkspaceEdit:
    edits = [t.TextEdit(range=to_range(source.span(e.start, e.end)), new_text=e.text) for e in fix.edits]
    return t.WorkspaceEdit(changes={uri: edits})


def _keep_column(snap: Snapshot, uri: str, line: int, to_range: ToRange) -> list[t.CodeAction]:
    """On an input without a label: write its name as its label (`input 工号: text "工号"`)."""
    scheme = snap.scheme
    if scheme is None or scheme.program.scheme is None:
        return []
    for inp in scheme.program.scheme.inputs:
        if inp.span.path == snap.path and inp.span.line <= line <= inp.span.end_line and inp.label is None:
            at = inp.type_span
            where = Span(at.path, at.end_line, at.end_col, at.end_line, at.end_col)
            edit = t.WorkspaceEdit(changes={uri: [t.TextEdit(range=to_range(where), new_text=f" \"{inp.name}\"")]})
            return [t.CodeAction(title=msg.keep_column(name=inp.name),
                                 kind=t.CodeActionKind.RefactorRewrite, edit=edit)]
    return []
