"""The language server: pygls's `LanguageServer`, with each protocol feature handed to the module
that answers it. It keeps, per open document, the latest analysis and the latest one that read as
a scheme (for names while a line is half typed), and re-analyses a changed document after a pause
in typing (`DEBOUNCE_SECONDS`), off the event loop, publishing only if the text is still current.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..errors import KpiError
from ..messages import editor as msg
from ..source import Span
from . import actions, complete, hover, navigate, symbols
from .convert import diagnostic, from_position, path_of, to_range, uri_of, word_at
from .documents import Snapshot, analyse
from .refusals import Refused, quiet_refusals
from .state import Shared

#: Seconds without a change before a document is analysed again.
DEBOUNCE_SECONDS = 0.3


class KpiServer(LanguageServer):
    """The server's state: the documents' analyses and what the handlers share."""

    def __init__(self) -> None:
        super().__init__("kpi", __version__, text_document_sync_kind=t.TextDocumentSyncKind.Incremental)
        self.shared = Shared()
        self.latest: dict[str, Snapshot] = {}
        self.readable: dict[str, Snapshot] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    # ---------------------------------------------------------------- documents
    def snapshot(self, uri: str) -> Snapshot:
        """The analysis of the document's current text (made now if the last one is stale)."""
        doc = self.workspace.get_text_document(uri)
        text = doc.source.removeprefix("\ufeff")
        snap = self.latest.get(uri)
        if snap is None or snap.text != text:
            snap = self.remember(uri, analyse(path_of(uri), text, doc.version))
        return snap

    def remember(self, uri: str, snap: Snapshot) -> Snapshot:
        self.latest[uri] = snap
        if snap.reads:
            self.readable[uri] = snap
        return snap

    def named(self, uri: str) -> Snapshot:
        """The latest analysis that read as a scheme (the current one if it does)."""
        snap = self.snapshot(uri)
        return snap if snap.reads else self.readable.get(uri, snap)

    def publish(self, uri: str, snap: Snapshot) -> None:
        codec, lines = self.workspace.position_codec, snap.text.splitlines(keepends=True)
        found = [diagnostic(d, codec, lines, snap.path, self.shared.help_uri(d.code)) for d in snap.diagnostics]
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=snap.version))

    def schedule(self, uri: str, delay: float) -> None:
        """Analyse the document after `delay` seconds unless it changes again first."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self.pending[uri] = asyncio.ensure_future(self._validate(uri, delay))

    async def _validate(self, uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        doc = self.workspace.get_text_document(uri)
        text, version = doc.source.removeprefix("\ufeff"), doc.version
        snap = await asyncio.to_thread(analyse, path_of(uri), text, version)
        if self.workspace.get_text_document(uri).version == version:
            self.remember(uri, snap)
            self.publish(uri, snap)
        self.pending.pop(uri, None)

    # ---------------------------------------------------------------- positions
    def range_in(self, snap: Snapshot) -> Callable[[Span], t.Range]:
        codec = self.workspace.position_codec

        def convert(span: Span) -> t.Range:
            return to_range(codec, snap.lines_of(span.path) if span.path != snap.path else snap.text.splitlines(keepends=True), span)

        return convert

    def position(self, snap: Snapshot, pos: t.Position) -> tuple[int, int]:
        return from_position(self.workspace.position_codec, snap.text.splitlines(keepends=True), pos)

    def location(self, snap: Snapshot, span: Span) -> t.Location:
        lines = snap.text.splitlines(keepends=True) if span.path == snap.path else [x + "\n" for x in snap.lines_of(span.path)]
        return t.Location(uri=uri_of(span.path), range=to_range(self.workspace.position_codec, lines, span))


def build() -> KpiServer:
    """The server with every feature registered (a refused request is not logged as a crash)."""
    quiet_refusals()
    server = KpiServer()
    _register_documents(server)
    _register_navigation(server)
    _register_editing(server)
    return server


def _register_documents(server: KpiServer) -> None:
    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: KpiServer, params: t.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: KpiServer, params: t.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: KpiServer, params: t.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(t.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_files(ls: KpiServer, params: t.DidChangeWatchedFilesParams) -> None:
        # A kpi.toml, a shared module or a data file changed on disk: analyse the open documents again.
        for uri in list(ls.latest):
            ls.latest.pop(uri, None)
            ls.schedule(uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: KpiServer, params: t.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.latest.pop(uri, None)
        ls.readable.pop(uri, None)
        ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _register_navigation(server: KpiServer) -> None:
    @server.feature(t.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: KpiServer, params: t.HoverParams) -> t.Hover | None:
        snap = ls.named(params.text_document.uri)
        found = _found(ls, params.text_document.uri, params.position)
        if found is None:
            return _result_hover(ls, params.text_document.uri, params.position)
        if snap.scheme is None:
            return None
        text = hover.hover_text(snap.scheme, found.binding, found.target, found.name)
        if text is None:
            return None
        return t.Hover(contents=t.MarkupContent(kind=t.MarkupKind.Markdown, value=text),
                       range=ls.range_in(snap)(found.span) if found.span.path == snap.path else None)

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    def on_definition(ls: KpiServer, params: t.DefinitionParams) -> t.Location | None:
        snap = ls.snapshot(params.text_document.uri)
        module = navigate.imported_file(snap, *ls.position(snap, params.position))
        if module is not None:
            return ls.location(snap, module)
        found = _found(ls, params.text_document.uri, params.position)
        if found is None or found.binding is None:
            return None
        return ls.location(ls.named(params.text_document.uri), found.binding.span)

    @server.feature(t.TEXT_DOCUMENT_REFERENCES)
    def on_references(ls: KpiServer, params: t.ReferenceParams) -> list[t.Location] | None:
        found = _found(ls, params.text_document.uri, params.position)
        if found is None or found.binding is None:
            return None
        snap = ls.named(params.text_document.uri)
        spans = navigate.references(snap, found.binding, params.context.include_declaration)
        return [ls.location(snap, s) for s in spans]

    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def on_symbols(ls: KpiServer, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol]:
        snap = ls.named(params.text_document.uri)
        if snap.scheme is None:
            return []
        return symbols.outline(snap.scheme.program.module, snap.path, ls.range_in(snap))


def _result_hover(ls: KpiServer, uri: str, pos: t.Position) -> t.Hover | None:
    """A result named where nothing is bound: `expect total = 91`, the `total` statement."""
    snap = ls.snapshot(uri)
    line, col = ls.position(snap, pos)
    text = snap.line(line)
    word = word_at(text, col)
    said = hover.result_word(text, word[1], word[0]) if word is not None else None
    if word is None or said is None:
        return None
    span = Span(snap.path, line, word[1], line, word[2])
    return t.Hover(contents=t.MarkupContent(kind=t.MarkupKind.Markdown, value=said), range=ls.range_in(snap)(span))


def _found(ls: KpiServer, uri: str, pos: t.Position) -> navigate.Found | None:
    """What is at the position: in the current analysis, else by name in the last that read."""
    snap = ls.snapshot(uri)
    line, col = ls.position(snap, pos)
    if snap.reads:
        return navigate.find(snap, line, col)
    old = ls.readable.get(uri)
    if old is None or old.scheme is None:
        return None
    return navigate.by_name(old.scheme, snap.path, snap.line(line), line, col)


def _register_editing(server: KpiServer) -> None:
    @server.feature(t.TEXT_DOCUMENT_PREPARE_RENAME)
    def on_prepare_rename(ls: KpiServer, params: t.PrepareRenameParams) -> t.PrepareRenamePlaceholder | None:
        snap = ls.snapshot(params.text_document.uri)
        found = _renamable(ls, params.text_document.uri, params.position, None)
        return t.PrepareRenamePlaceholder(range=ls.range_in(snap)(found.span), placeholder=found.name)

    @server.feature(t.TEXT_DOCUMENT_RENAME)
    def on_rename(ls: KpiServer, params: t.RenameParams) -> t.WorkspaceEdit:
        uri = params.text_document.uri
        snap = ls.snapshot(uri)
        found = _renamable(ls, uri, params.position, params.new_name)
        assert found.binding is not None
        spans = navigate.rename_spans(snap, found, params.new_name, ls.shared.data)
        convert = ls.range_in(snap)
        return t.WorkspaceEdit(changes={uri: [t.TextEdit(range=convert(s), new_text=params.new_name) for s in spans]})

    @server.feature(t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=["."]))
    def on_completion(ls: KpiServer, params: t.CompletionParams) -> t.CompletionList:
        uri = params.text_document.uri
        snap = ls.snapshot(uri)
        line, col = ls.position(snap, params.position)
        items = complete.complete(snap.text, line, col, ls.named(uri).scheme, snap.path, ls.shared)
        return t.CompletionList(is_incomplete=False, items=items)

    @server.feature(t.TEXT_DOCUMENT_FORMATTING)
    def on_formatting(ls: KpiServer, params: t.DocumentFormattingParams) -> list[t.TextEdit] | None:
        from ..fmt import format_text

        doc = ls.workspace.get_text_document(params.text_document.uri)
        try:
            formatted = format_text(doc.source, path_of(doc.uri))
        except KpiError as exc:
            first = exc.diagnostics[0] if exc.diagnostics else None
            where = msg.first_error(line=first.span.line, message=first.message) if first is not None and first.span is not None else ""
            raise Refused(msg.cannot_format(where=where)) from None
        if formatted == doc.source:
            return []
        end = t.Position(line=len(doc.lines), character=0)
        return [t.TextEdit(range=t.Range(start=t.Position(line=0, character=0), end=end), new_text=formatted)]

    @server.feature(t.TEXT_DOCUMENT_CODE_ACTION, t.CodeActionOptions(
        code_action_kinds=[t.CodeActionKind.QuickFix, actions.FIX_ALL, t.CodeActionKind.RefactorRewrite]))
    def on_code_action(ls: KpiServer, params: t.CodeActionParams) -> list[t.CodeAction]:
        uri = params.text_document.uri
        snap = ls.snapshot(uri)
        line, _ = ls.position(snap, params.range.start)
        end_line, _ = ls.position(snap, params.range.end)
        return actions.actions(snap, uri, line, end_line, ls.range_in(snap), list(params.context.diagnostics),
                               list(params.context.only) if params.context.only else None)


def _renamable(ls: KpiServer, uri: str, pos: t.Position, new: str | None) -> navigate.Found:
    """What is at the position, if it can be renamed (to `new`); else a refusal the client shows."""
    snap = ls.snapshot(uri)
    if not snap.reads:
        raise Refused(msg.rename_unreadable())
    line, col = ls.position(snap, pos)
    found = navigate.find(snap, line, col)
    if found is None:
        word = word_at(snap.line(line), col)
        if word is not None and navigate.is_language(word[0]):
            raise Refused(msg.rename_language(name=word[0]))
        raise Refused(msg.rename_nothing())
    try:
        navigate.rename_spans(snap, found, new, ls.shared.data)
    except navigate.RenameRefused as exc:
        raise Refused(str(exc)) from None
    return found
