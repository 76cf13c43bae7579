"""`kpi lsp` over stdio: hover, go to definition (into the stdlib), find references and rename,
on the purchasing-manager example (three of its indicators are stdlib templates)."""

from __future__ import annotations

import pytest
from lsp_client import ROOT, client, diagnostics, open_doc, position_of, uri  # noqa: F401 - `client` is the fixture
from lsprotocol import types as t
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

PM = ROOT / "examples" / "purchasing_manager" / "scheme.kpi"
TEXT = PM.read_text(encoding="utf-8")
PURCHASING = ROOT / "stdlib" / "indicators" / "purchasing.kpi"


def _doc(u: str) -> t.TextDocumentIdentifier:
    return t.TextDocumentIdentifier(uri=u)


@pytest.fixture(scope="module")
async def pm(client: LanguageClient) -> str:
    u = open_doc(client, PM)
    assert await diagnostics(client, u) == []  # the example is clean
    return u


async def _hover(client: LanguageClient, u: str, needle: str, nth: int = 0, offset: int = 1) -> str:
    h = await client.text_document_hover_async(t.HoverParams(text_document=_doc(u), position=position_of(TEXT, needle, nth, offset)))
    assert h is not None, needle
    assert isinstance(h.contents, t.MarkupContent)
    return h.contents.value


async def test_hover_an_indicator_shows_weight_template_and_every_tier(client: LanguageClient, pm: str) -> None:
    text = await _hover(client, pm, "采购计划完成率.score")
    assert "weight 40%" in text and "from template `采购计划完成率`" in text
    assert "value 按时完成采购单数 / 计划采购单数" in text and "on zero -> 0" in text
    for tier in (">= 95%", "[90%, 95%)", "[85%, 90%)", "else"):
        assert tier in text
    text = await _hover(client, pm, "供应商管理 weight")
    assert "score 供应商管理评分" in text and "weight 10%" in text


async def test_hover_an_input_shows_type_and_column(client: LanguageClient, pm: str) -> None:
    text = await _hover(client, pm, "按时完成采购单数 = 96")
    assert "**input** `按时完成采购单数`: count" in text and "`按时完成单数`" in text
    text = await _hover(client, pm, "价格合理性评分: score")
    assert "allowed: `in [0, 100]`" in text


async def test_hover_a_template_shows_its_documentation(client: LanguageClient, pm: str) -> None:
    text = await _hover(client, pm, "from 采购计划完成率", offset=6)
    assert "**template** `采购计划完成率` (std.indicators.purchasing)" in text
    assert "code: PUR-P-01" in text and "English: Purchase plan completion" in text


async def test_definition_goes_into_the_stdlib(client: LanguageClient, pm: str) -> None:
    loc = await client.text_document_definition_async(t.DefinitionParams(
        text_document=_doc(pm), position=position_of(TEXT, "from 采购计划完成率", offset=6)))
    assert isinstance(loc, t.Location)
    assert loc.uri == uri(PURCHASING)
    line = PURCHASING.read_text(encoding="utf-8").splitlines()[loc.range.start.line]
    assert line == "template 采购计划完成率 {"
    assert line[loc.range.start.character:loc.range.end.character] == "采购计划完成率"


async def test_definition_of_a_name_in_a_test_block(client: LanguageClient, pm: str) -> None:
    loc = await client.text_document_definition_async(t.DefinitionParams(
        text_document=_doc(pm), position=position_of(TEXT, "供应商管理评分 = 100")))
    assert isinstance(loc, t.Location) and loc.uri == pm
    assert TEXT.splitlines()[loc.range.start.line].strip().startswith("input 供应商管理评分: score")


async def test_definition_of_an_imported_name_goes_to_the_module(client: LanguageClient, pm: str) -> None:
    loc = await client.text_document_definition_async(t.DefinitionParams(
        text_document=_doc(pm), position=position_of(TEXT, "供货质量合格率, 材料价格合理性")))
    assert isinstance(loc, t.Location) and loc.uri == uri(PURCHASING)
    assert PURCHASING.read_text(encoding="utf-8").splitlines()[loc.range.start.line] == "template 供货质量合格率 {"


async def test_references_include_the_stdlib_template_that_reads_the_input(client: LanguageClient, pm: str) -> None:
    locs = await client.text_document_references_async(t.ReferenceParams(
        text_document=_doc(pm), position=position_of(TEXT, "价格合理性评分: score"),
        context=t.ReferenceContext(include_declaration=True)))
    assert locs is not None
    mine = sorted(loc.range.start.line for loc in locs if loc.uri == pm)
    lines = TEXT.splitlines()
    assert "input 价格合理性评分" in lines[mine[0]]
    assert sum(1 for i in mine if "given 价格合理性评分" in lines[i]) == 5  # the five test blocks
    assert any(loc.uri == uri(PURCHASING) for loc in locs)  # the template's formula reads it


async def test_rename_an_indicator_rewrites_every_use(client: LanguageClient, pm: str) -> None:
    edit = await client.text_document_rename_async(t.RenameParams(
        text_document=_doc(pm), position=position_of(TEXT, "供应商管理 weight"), new_name="供应商评价"))
    assert edit is not None and edit.changes is not None
    edits = edit.changes[pm]
    lines = TEXT.splitlines()
    assert {lines[e.range.start.line][e.range.start.character:e.range.end.character] for e in edits} == {"供应商管理"}
    assert len(edits) == 1  # defined once, no formula or test reads it yet
    edit = await client.text_document_rename_async(t.RenameParams(
        text_document=_doc(pm), position=position_of(TEXT, "采购计划完成率.score = 100"), new_name="计划完成率"))
    assert edit is not None and edit.changes is not None
    used = [e for e in edit.changes[pm] if "expect" in lines[e.range.start.line]]
    assert len(used) == 6 and all(e.new_text == "计划完成率" for e in used)


async def test_rename_an_input_with_a_label_keeps_its_column(client: LanguageClient, pm: str) -> None:
    edit = await client.text_document_rename_async(t.RenameParams(
        text_document=_doc(pm), position=position_of(TEXT, "供应商管理评分: score"), new_name="供应商得分"))
    assert edit is not None and edit.changes is not None
    assert len(edit.changes[pm]) == 1 + 5 + 1  # the declaration, five tests, the indicator's score


@pytest.mark.parametrize(("needle", "new", "why"), [
    ("工号: text", "员工编号", "has no label, so it reads the data column headed '工号'"),
    ("按时完成采购单数: count", "按时单数", "reads '按时完成采购单数' by this name"),
    ("from 采购计划完成率", "x", "is defined in std.indicators.purchasing"),
    ("供应商管理 weight", "材料价格合理性", "already the name of indicator"),
    ("供应商管理 weight", "indicator", "is a word of the language"),
    ("供应商管理 weight", "1 2", "is not a name"),
    ("total = 91", "t", "part of the language"),
])
async def test_renames_that_would_break_something_are_refused(client: LanguageClient, pm: str, needle: str, new: str,
                                                              why: str) -> None:
    offset = 6 if needle.startswith("from") else 1
    with pytest.raises(JsonRpcException) as exc:
        await client.text_document_rename_async(t.RenameParams(
            text_document=_doc(pm), position=position_of(TEXT, needle, offset=offset), new_name=new))
    assert why in exc.value.message


async def test_prepare_rename_refuses_early_and_names_the_range(client: LanguageClient, pm: str) -> None:
    ok = await client.text_document_prepare_rename_async(t.PrepareRenameParams(
        text_document=_doc(pm), position=position_of(TEXT, "供应商管理 weight", offset=2)))
    assert isinstance(ok, t.PrepareRenamePlaceholder) and ok.placeholder == "供应商管理"
    with pytest.raises(JsonRpcException) as exc:
        await client.text_document_prepare_rename_async(t.PrepareRenameParams(
            text_document=_doc(pm), position=position_of(TEXT, "工号: text")))
    assert "Give it the column as its label first" in exc.value.message


async def test_the_outline(client: LanguageClient, pm: str) -> None:
    found = await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=_doc(pm)))
    assert found is not None
    names = [s.name for s in found if isinstance(s, t.DocumentSymbol)]
    assert names[0] == "std.indicators.purchasing" and "采购部经理 KPI" in names
    scheme = next(s for s in found if isinstance(s, t.DocumentSymbol) and s.name == "采购部经理 KPI")
    inner = [(c.name, c.kind) for c in scheme.children or []]
    assert ("计划采购单数", t.SymbolKind.Variable) in inner and ("采购计划完成率", t.SymbolKind.Field) in inner
    assert ("grade", t.SymbolKind.Property) in inner
    assert sum(1 for _, k in inner if k == t.SymbolKind.Method) == 0  # the tests stand after the scheme
    assert sum(1 for s in found if isinstance(s, t.DocumentSymbol) and s.kind == t.SymbolKind.Method) == 5


async def test_a_module_imported_by_path(client: LanguageClient, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("modules")
    common = folder / "common.kpi"
    common.write_text("# 公司通用\nladder 共用阶梯 { >= 90% -> 100  else -> 60 }\n", encoding="utf-8")
    text = ('import "common.kpi"\nscheme "s" {\n  input r: percent in [0%, 100%]\n'
            "  indicator x { value r  score ladder 共用阶梯 }\n}\n")
    u = open_doc(client, folder / "s.kpi", text)
    assert await diagnostics(client, u) == []
    loc = await client.text_document_definition_async(t.DefinitionParams(
        text_document=_doc(u), position=position_of(text, "共用阶梯 }", offset=1)))
    assert isinstance(loc, t.Location) and loc.uri == uri(common) and loc.range.start.line == 1
    loc = await client.text_document_definition_async(t.DefinitionParams(
        text_document=_doc(u), position=position_of(text, "common.kpi", offset=2)))
    assert isinstance(loc, t.Location) and loc.uri == uri(common) and loc.range.start.line == 0
    with pytest.raises(JsonRpcException) as exc:
        await client.text_document_rename_async(t.RenameParams(
            text_document=_doc(u), position=position_of(text, "共用阶梯 }", offset=1), new_name="阶梯"))
    assert f"is defined in {common.resolve()}" in exc.value.message
    h = await client.text_document_hover_async(t.HoverParams(text_document=_doc(u), position=position_of(text, "共用阶梯 }", offset=1)))
    assert h is not None and isinstance(h.contents, t.MarkupContent) and ">= 90% -> 100" in h.contents.value
