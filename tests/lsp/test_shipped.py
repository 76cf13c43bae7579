"""`kpi lsp` on every shipped example and stdlib module: no findings, an outline, a hover for every
indicator and template, definitions that land on the definition, nothing to format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lsp_client import ROOT, client, close, diagnostics, open_doc, position_of, uri  # noqa: F401 - `client` is the fixture
from lsprotocol import types as t
from pytest_lsp import LanguageClient

EXAMPLES = sorted((ROOT / "examples").glob("*/scheme.kpi"))
STDLIB = sorted((ROOT / "stdlib").rglob("*.kpi"))


def _doc(u: str) -> t.TextDocumentIdentifier:
    return t.TextDocumentIdentifier(uri=u)


async def _hover(client: LanguageClient, u: str, text: str, needle: str, offset: int) -> str:
    h = await client.text_document_hover_async(t.HoverParams(text_document=_doc(u), position=position_of(text, needle, offset=offset)))
    assert h is not None and isinstance(h.contents, t.MarkupContent), needle
    return h.contents.value


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
async def test_every_example(client: LanguageClient, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    u = open_doc(client, path)
    assert await diagnostics(client, u) == []
    outline = await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=_doc(u)))
    assert outline and any(isinstance(s, t.DocumentSymbol) and s.kind == t.SymbolKind.Namespace for s in outline)
    for m in re.finditer(r"^\s*indicator (\S+)", text, flags=re.M):
        shown = await _hover(client, u, text, m.group(0), len(m.group(0)) - 1)
        assert f"**indicator** `{m.group(1)}`" in shown
        loc = await client.text_document_definition_async(t.DefinitionParams(
            text_document=_doc(u), position=position_of(text, m.group(0), offset=len(m.group(0)) - 1)))
        assert isinstance(loc, t.Location) and loc.uri == u and loc.range.start.line == text.count("\n", 0, m.start(1))
    for m in re.finditer(r"^\s*input (\S+):", text, flags=re.M):
        assert f"**input** `{m.group(1)}`" in await _hover(client, u, text, m.group(0), len(m.group(0)) - 2)
    edits = await client.text_document_formatting_async(t.DocumentFormattingParams(
        text_document=_doc(u), options=t.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert not edits  # every shipped file is formatted
    close(client, u)


@pytest.mark.parametrize("path", STDLIB, ids=lambda p: p.relative_to(ROOT / "stdlib").as_posix())
async def test_every_stdlib_module(client: LanguageClient, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    u = open_doc(client, path)
    assert [d.code for d in await diagnostics(client, u) if d.severity == t.DiagnosticSeverity.Error] == []
    outline = await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=_doc(u)))
    assert outline is not None
    names = {s.name for s in outline if isinstance(s, t.DocumentSymbol)}
    defined = re.findall(r"^(?:template|ladder|scale|bands|const) (\S+)", text, flags=re.M)
    assert set(defined) <= names and defined
    for name in defined[:3]:
        kind = re.search(rf"^(template|ladder|scale|bands|const) {re.escape(name)}\b", text, flags=re.M)
        assert kind is not None
        shown = await _hover(client, u, text, f"{kind.group(1)} {name}", len(kind.group(1)) + 2)
        assert f"`{name}`" in shown
        loc = await client.text_document_definition_async(t.DefinitionParams(
            text_document=_doc(u), position=position_of(text, f"{kind.group(1)} {name}", offset=len(kind.group(1)) + 2)))
        assert isinstance(loc, t.Location) and loc.uri == uri(path)
    close(client, u)
