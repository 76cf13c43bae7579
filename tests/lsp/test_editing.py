"""`kpi lsp` over stdio while a scheme is edited: diagnostics as you type (every syntax error, the
checks and the lint rules), completion, formatting with `kpi fmt`, and the quick fixes of
`kpi lint --fix`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lsp_client import ROOT, change, client, diagnostics, open_doc, position_of  # noqa: F401 - `client` is the fixture
from lsprotocol import types as t
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from kpidsl.fmt import format_text

SCHEME = """\
scheme "编辑中" {
  round 1
  input 工号: text
  input 完成率: percent in [0%, 100%]
  input 迟到次数: count = 0
  indicator 完成 weight 60% {
    value 完成率
    score ladder { [90%, 100%] -> 100  [80%, 90%] -> 80  < 80% -> 0 }
  }
  indicator 纪律 weight 40% { score 100 - 迟到次数 * 5  floor 0 }
  grade { A >= 90  B [80, 90)  C else }
}
"""


def _doc(u: str) -> t.TextDocumentIdentifier:
    return t.TextDocumentIdentifier(uri=u)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the workshop-director example (its scheme, data.csv and kpi.toml)."""
    out = tmp_path_factory.mktemp("lsp") / "workshop_director"
    shutil.copytree(ROOT / "examples" / "workshop_director", out)
    return out


async def test_diagnostics_follow_the_text_as_it_changes(client: LanguageClient, folder: Path) -> None:
    path = folder / "edit.kpi"
    u = open_doc(client, path, SCHEME)
    found = await diagnostics(client, u)
    assert [d.code for d in found] == ["K-L0102"]  # [80%, 90%] overlaps the tier above at 90%
    d = found[0]
    assert d.severity == t.DiagnosticSeverity.Warning and d.source == "kpi"
    assert d.code_description is not None and d.code_description.href.endswith("#k-l0102-tier-overlap")
    assert SCHEME.splitlines()[d.range.start.line][d.range.start.character:d.range.end.character] == "[80%, 90%]"
    # 25 full-width commas: the CLI shows twenty syntax errors, an editor every one
    broken = SCHEME.replace("round 1", "round 1\n" + "\n".join(f"  const c{i} = max(1， 2)" for i in range(25)))
    change(client, u, broken, 2)
    found = await diagnostics(client, u)
    assert len(found) == 25 and {d.code for d in found} == {"K-S0001"}
    assert [d.range.start.line for d in found] == list(range(2, 27))
    change(client, u, SCHEME.replace("score 100 - 迟到次数", "score 100 - 迟到数"), 3)
    found = await diagnostics(client, u)
    assert [d.code for d in found] == ["K-E0102"]  # an error stops the lint rules, as in kpi lint
    assert "did you mean '迟到次数'?" in found[0].message
    change(client, u, SCHEME.replace("[80%, 90%]", "[80%, 90%)"), 4)
    assert await diagnostics(client, u) == []


async def test_typing_quickly_is_analysed_once_the_typing_pauses(client: LanguageClient, folder: Path) -> None:
    u = open_doc(client, folder / "typing.kpi", SCHEME)
    await diagnostics(client, u)
    for version, cut in enumerate(range(len(SCHEME) - 1, len(SCHEME) - 40, -4), start=2):
        change(client, u, SCHEME[:cut], version)  # half-typed texts, one after the other
    change(client, u, SCHEME.replace("[80%, 90%]", "[80%, 90%)"), 99)
    assert await diagnostics(client, u) == []  # only the last text is reported


async def test_quick_fixes_are_the_lint_fixes(client: LanguageClient, folder: Path) -> None:
    u = open_doc(client, folder / "fixes.kpi", SCHEME)
    (overlap,) = await diagnostics(client, u)
    got = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=_doc(u), range=overlap.range, context=t.CodeActionContext(diagnostics=[overlap])))
    assert got is not None
    quick = [a for a in got if isinstance(a, t.CodeAction) and a.kind == t.CodeActionKind.QuickFix]
    assert len(quick) == 1 and quick[0].is_preferred and list(quick[0].diagnostics or []) == [overlap]
    assert quick[0].edit is not None and quick[0].edit.changes is not None
    (edit,) = quick[0].edit.changes[u]
    assert edit.new_text == "[80%, 90%)" and edit.range == overlap.range
    everything = [a for a in got if isinstance(a, t.CodeAction) and a.kind == "source.fixAll.kpi"]
    assert len(everything) == 1 and everything[0].edit is not None and everything[0].edit.changes is not None
    assert "[80%, 90%) -> 80" in everything[0].edit.changes[u][0].new_text


async def test_full_width_punctuation_has_a_quick_fix(client: LanguageClient, folder: Path) -> None:
    text = SCHEME.replace("input 工号: text", "input 工号： text")
    u = open_doc(client, folder / "wide.kpi", text)
    (wide,) = await diagnostics(client, u)
    assert wide.code == "K-S0001"
    got = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=_doc(u), range=wide.range, context=t.CodeActionContext(diagnostics=[wide])))
    assert got is not None
    (fix,) = [a for a in got if isinstance(a, t.CodeAction) and a.kind == t.CodeActionKind.QuickFix]
    assert fix.edit is not None and fix.edit.changes is not None
    assert [e.new_text for e in fix.edit.changes[u]] == [":"]


async def test_a_suggestion_is_offered_but_not_preferred(client: LanguageClient, folder: Path) -> None:
    text = SCHEME.replace("  input 迟到次数", "  input 完成时间: days\n  input 规定时间: days in >= 1\n  input 迟到次数").replace(
        "score 100 - 迟到次数 * 5", "score 100 - (完成时间 - 规定时间 / 规定时间) - 迟到次数 * 5")
    u = open_doc(client, folder / "slip.kpi", text)
    found = await diagnostics(client, u)
    slip = next(d for d in found if d.code == "K-L0403")
    got = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=_doc(u), range=slip.range, context=t.CodeActionContext(diagnostics=[slip])))
    assert got is not None
    (fix,) = [a for a in got if isinstance(a, t.CodeAction) and a.kind == t.CodeActionKind.QuickFix and list(a.diagnostics or []) == [slip]]
    assert not fix.is_preferred and "changes the value" in fix.title


async def test_keep_the_data_column_before_renaming(client: LanguageClient, folder: Path) -> None:
    u = open_doc(client, folder / "keep.kpi", SCHEME)
    await diagnostics(client, u)
    at = position_of(SCHEME, "工号: text")
    got = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=_doc(u), range=t.Range(start=at, end=at), context=t.CodeActionContext(diagnostics=[])))
    assert got is not None
    (keep,) = [a for a in got if isinstance(a, t.CodeAction) and a.kind == t.CodeActionKind.RefactorRewrite]
    assert keep.edit is not None and keep.edit.changes is not None
    (edit,) = keep.edit.changes[u]
    assert edit.new_text == ' "工号"' and edit.range.start == position_of(SCHEME, "工号: text", offset=len("工号: text"))


async def test_formatting_is_kpi_fmt(client: LanguageClient, folder: Path) -> None:
    messy = SCHEME.replace("  round 1", "round    1").replace("  grade { A >= 90  B [80, 90)  C else }", "grade {A>=90 B [80,90) C else}")
    u = open_doc(client, folder / "messy.kpi", messy)
    edits = await client.text_document_formatting_async(t.DocumentFormattingParams(
        text_document=_doc(u), options=t.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert edits is not None and len(edits) == 1
    assert edits[0].new_text == format_text(messy) and edits[0].range.start == t.Position(line=0, character=0)
    change(client, u, messy.replace("round    1", "round 1 }}"), 2)
    with pytest.raises(JsonRpcException) as exc:
        await client.text_document_formatting_async(t.DocumentFormattingParams(
            text_document=_doc(u), options=t.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert "syntax errors" in exc.value.message


async def _labels(client: LanguageClient, u: str, text: str, needle: str, offset: int) -> list[t.CompletionItem]:
    got = await client.text_document_completion_async(t.CompletionParams(
        text_document=_doc(u), position=position_of(text, needle, offset=offset)))
    assert got is not None
    return list(got.items) if isinstance(got, t.CompletionList) else list(got)


async def test_completion_offers_what_the_grammar_accepts_and_names_in_scope(client: LanguageClient, folder: Path) -> None:
    text = SCHEME.replace("  grade {", "  \n  grade {")
    u = open_doc(client, folder / "complete.kpi", text)
    await diagnostics(client, u)
    items = await _labels(client, u, text, "  \n  grade", 2)
    words = {i.label for i in items if i.kind == t.CompletionItemKind.Keyword}
    assert {"indicator", "input", "deduct", "veto", "rank", "test"} <= words
    assert "score" not in words and "scheme" not in words  # not a statement of a scheme
    # in a formula: the names in scope, the functions and results, and `and`, `or`, ... after a value
    formula = text.replace("score 100 - 迟到次数 * 5", "score 100 - ")
    change(client, u, formula, 2)
    items = await _labels(client, u, formula, "score 100 - ", 12)
    names = {i.label: i for i in items}
    assert names["迟到次数"].kind == t.CompletionItemKind.Variable and names["迟到次数"].detail == "input: count"
    assert "完成" in names and "min" in names and "base_score" in names
    assert "indicator" not in names


async def test_completion_of_fixed_words_types_and_tables(client: LanguageClient, folder: Path) -> None:
    text = SCHEME.replace("  indicator 纪律 weight 40% {", "  indicator 纪律 weight 40% {\n    direction \n")
    u = open_doc(client, folder / "choices.kpi", text)
    items = await _labels(client, u, text, "direction \n", 10)
    assert {i.label for i in items} == {"higher", "lower"}
    text = SCHEME.replace("  round 1", "  period ")
    change(client, u, text, 2)
    items = await _labels(client, u, text, "period \n", 7)
    assert {"week", "month", "quarter", "half_year", "year"} == {i.label for i in items if i.kind == t.CompletionItemKind.EnumMember}
    typed = text.replace("input 迟到次数: count", "input 迟到次数: ")
    change(client, u, typed, 3)
    items = await _labels(client, u, typed, "input 迟到次数: ", len("input 迟到次数: "))
    assert {"count", "percent", "money", "days", "text", "bool", "date"} <= {i.label for i in items}


async def test_completion_offers_stdlib_templates_with_their_import(client: LanguageClient, folder: Path) -> None:
    text = SCHEME.replace("  indicator 纪律 weight 40%", "  indicator 交付 from \n  indicator 纪律 weight 40%")
    u = open_doc(client, folder / "template.kpi", text)
    items = await _labels(client, u, text, "交付 from ", len("交付 from "))
    found = {i.label: i for i in items}
    item = found["准时交付率"]
    assert item.kind == t.CompletionItemKind.Class and item.detail == "stdlib template (std.indicators.operations)"
    assert item.additional_text_edits is not None
    (imp,) = item.additional_text_edits
    assert imp.new_text == "from std.indicators.operations import 准时交付率\n" and imp.range.start.line == 0
    assert isinstance(item.documentation, str) and "code:" in item.documentation


async def test_completion_offers_the_columns_of_the_data_file_beside_the_scheme(client: LanguageClient, folder: Path) -> None:
    path = folder / "scheme.kpi"
    text = path.read_text(encoding="utf-8")
    # forget two inputs: their columns of data.csv are now offered where an input is declared
    text = text.replace('  input 事假天数: days = 0\n', "").replace('  input 病假天数: days = 0\n', "")
    text = text.replace('  input 工号: text\n', '  input 工号: text\n  input \n')
    u = open_doc(client, path, text)
    items = await _labels(client, u, text, "  input \n", len("  input "))
    offered = {i.label: i for i in items}
    assert set(offered) == {"事假天数", "病假天数"}
    assert offered["事假天数"].insert_text == "事假天数: days" and offered["事假天数"].detail == "column of data.csv: days"



async def test_no_completion_in_comments_and_strings(client: LanguageClient, folder: Path) -> None:
    text = SCHEME.replace("  round 1", '  round 1   # 备注 \n  version "2024 ')
    u = open_doc(client, folder / "quiet.kpi", text)
    assert await _labels(client, u, text, "# 备注 ", len("# 备注 ")) == []
    assert await _labels(client, u, text, '"2024 ', len('"2024 ')) == []


async def test_a_changed_configuration_is_read_again(client: LanguageClient, folder: Path) -> None:
    u = open_doc(client, folder / "configured.kpi", SCHEME)
    (overlap,) = await diagnostics(client, u)
    assert overlap.severity == t.DiagnosticSeverity.Warning
    config = folder / "kpi.toml"
    before = config.read_text(encoding="utf-8")
    try:
        config.write_text(before + '\n[lint.severity]\ntier-overlap = "error"\n', encoding="utf-8")
        client.diagnostics.pop(u, None)
        client.workspace_did_change_watched_files(t.DidChangeWatchedFilesParams(
            changes=[t.FileEvent(uri=config.as_uri(), type=t.FileChangeType.Changed)]))
        (overlap,) = await diagnostics(client, u)
        assert overlap.severity == t.DiagnosticSeverity.Error
    finally:
        config.write_text(before, encoding="utf-8")


RESULTS_TEXT = SCHEME.replace("  grade {", "  total = base_score - deductions  # total of the items\n  grade {") + (
    'test "满分" {\n  given 工号 = "E1", 完成率 = 95%, 迟到次数 = 0\n'
    '  expect grade = "A", total = 100, vetoed = false, 完成.score = 100\n}\n')


async def _hover_at(client: LanguageClient, u: str, text: str, needle: str, offset: int = 1) -> str | None:
    h = await client.text_document_hover_async(t.HoverParams(text_document=_doc(u), position=position_of(text, needle, offset=offset)))
    if h is None:
        return None
    assert isinstance(h.contents, t.MarkupContent)
    return h.contents.value


async def test_hover_a_result_where_the_total_is_written_and_expected(client: LanguageClient, folder: Path) -> None:
    u = open_doc(client, folder / "results.kpi", RESULTS_TEXT)
    await diagnostics(client, u)
    said = await _hover_at(client, u, RESULTS_TEXT, "total = base_score")
    assert said is not None and said.startswith("**total**: the published total")
    said = await _hover_at(client, u, RESULTS_TEXT, "total = 100")
    assert said is not None and said.startswith("**total**: the published total")
    said = await _hover_at(client, u, RESULTS_TEXT, "vetoed = false")
    assert said is not None and said.startswith("**vetoed**: whether a veto fired")
    said = await _hover_at(client, u, RESULTS_TEXT, "grade = \"A\"")
    assert said is not None and "grade" in said
    said = await _hover_at(client, u, RESULTS_TEXT, "base_score - deductions")  # in a formula, as before
    assert said is not None and said.startswith("**base_score**")
    assert await _hover_at(client, u, RESULTS_TEXT, "total of the items") is None  # a comment


async def test_completion_after_expect_offers_what_a_test_may_expect(client: LanguageClient, folder: Path) -> None:
    text = RESULTS_TEXT.replace('  expect grade = "A", total = 100, vetoed = false, 完成.score = 100', "  expect ")
    u = open_doc(client, folder / "expecting.kpi", RESULTS_TEXT)
    await diagnostics(client, u)  # names come from the last version that read
    change(client, u, text, 2)
    items = await _labels(client, u, text, "  expect \n", len("  expect "))
    labels = {i.label for i in items if i.kind != t.CompletionItemKind.Keyword}
    assert labels == {"完成", "纪律", "total", "total_exact", "base_score", "deductions", "bonuses", "grade",
                      "bonus_eligible", "vetoed", "excluded", "error"}
    after = text.replace("  expect \n", "  expect total = 100, \n")
    change(client, u, after, 3)
    items = await _labels(client, u, after, "total = 100, \n", len("total = 100, "))
    assert {"vetoed", "excluded", "完成"} <= {i.label for i in items} and "完成率" not in {i.label for i in items}


async def test_a_column_two_data_files_share_is_offered_once(client: LanguageClient,
                                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("columns")
    (folder / "一月.csv").write_text("工号,姓名,抽检条数\nE1,张三,12\n", encoding="utf-8-sig")
    (folder / "二月.csv").write_text("工号,姓名,抽检条数,差错条数\nE1,张三,10,1\n", encoding="utf-8-sig")
    text = 'scheme "质检" {\n  input 工号: text\n  input \n}\n'
    u = open_doc(client, folder / "scheme.kpi", text)
    items = await _labels(client, u, text, "  input \n", len("  input "))
    labels = [i.label for i in items]
    assert sorted(labels) == sorted(["姓名", "抽检条数", "差错条数"])
    details = {i.label: i.detail for i in items}
    assert details["抽检条数"] in ("column of 一月.csv, 二月.csv: count", "column of 二月.csv, 一月.csv: count")
    assert details["差错条数"] == "column of 二月.csv: count"


async def test_completion_after_expect_in_a_template_example(client: LanguageClient,
                                                            tmp_path_factory: pytest.TempPathFactory) -> None:
    text = (ROOT / "stdlib" / "indicators" / "operations.kpi").read_text(encoding="utf-8")
    u = open_doc(client, tmp_path_factory.mktemp("module") / "operations.kpi", text)
    await diagnostics(client, u)
    typed = text.replace("expect skipped = true }", "expect ", 1)
    change(client, u, typed, 2)
    items = await _labels(client, u, typed, "交付订单总数 = 0 expect ", len("交付订单总数 = 0 expect "))
    assert {i.label for i in items if i.kind != t.CompletionItemKind.Keyword} == {"score", "value", "skipped", "error"}
