"""A real LSP client (pytest-lsp, on pygls) that starts `kpi lsp` as a subprocess and speaks to it
over stdio, as an editor does. One server per test module; documents are opened from the shipped
examples and stdlib, or from copies in a temporary folder."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "kpidsl", "lsp", "--stdio"]), scope="module")
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    params = t.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=ROOT.as_uri())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def uri(path: Path) -> str:
    return path.resolve().as_uri()


def open_doc(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    """Open a document (its text from disk unless given); returns its URI."""
    u = uri(path)
    client.diagnostics.pop(u, None)
    client.text_document_did_open(t.DidOpenTextDocumentParams(text_document=t.TextDocumentItem(
        uri=u, language_id="kpi", version=version, text=text if text is not None else path.read_text(encoding="utf-8"))))
    return u


def change(client: LanguageClient, u: str, text: str, version: int) -> None:
    """Replace the whole text of an open document (as a full-text change)."""
    client.diagnostics.pop(u, None)
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=u, version=version),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)]))


async def diagnostics(client: LanguageClient, u: str, timeout: float = 20) -> list[t.Diagnostic]:
    """The next diagnostics the server publishes for a document."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while u not in client.diagnostics:
        if loop.time() > end:
            raise AssertionError(f"no diagnostics published for {u}")
        await asyncio.sleep(0.02)
    return list(client.diagnostics[u])


def position_of(text: str, needle: str, nth: int = 0, offset: int = 0) -> t.Position:
    """The position of the `nth` occurrence of `needle` in `text` (plus `offset` characters),
    in UTF-16 code units as the protocol counts them."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    at = start + offset
    line = text.count("\n", 0, at)
    col_text = text[text.rfind("\n", 0, at) + 1 : at]
    return t.Position(line=line, character=len(col_text.encode("utf-16-le")) // 2)


def close(client: LanguageClient, u: str) -> None:
    client.text_document_did_close(t.DidCloseTextDocumentParams(text_document=t.TextDocumentIdentifier(uri=u)))
