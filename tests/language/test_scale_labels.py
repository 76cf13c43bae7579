"""`input 工作责任心: text in 责任心分`: a text input limited to a scale's levels. The clause is
parsed with its position, resolved and checked (K-E0102/K-E0103/K-E0114/K-E0110), lowered to the
IR, and every reader refuses a cell that is not a level as K-D0207 naming the cell or the record,
with the levels (and a reliable suggestion only) in the hint; both engines refuse the same
records; `kpi fmt` prints it back; `kpi lint` suggests it (K-L0107); the editor completes and
hovers it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest
from conftest import run_kpi

import kpidsl
from kpidsl import nodes as n
from kpidsl.fmt import format_text
from kpidsl.lint import lint
from kpidsl.lint.fixes import apply, fixes_for
from kpidsl.lsp.complete import complete
from kpidsl.lsp.hover import definition_text
from kpidsl.lsp.state import Shared
from kpidsl.source import Source

SCHEME = """scheme "态度考核" {
  id 工号
  input 工号: text
  input 工作责任心: text in 责任心分 "工作责任心"
  input 协作: text in 协作等级 optional
  scale 责任心分 { 优 -> 30  良 -> 24  中 -> 18  差 -> 6 }
  scale 协作等级 { 优秀 -> 10  良好 -> 8  一般 -> 6  较差 -> 4 }
  indicator 责任心 weight 70% { value 工作责任心 score scale 责任心分 }
  indicator 协作项 weight 30% { value 协作  on missing -> skip  score scale 协作等级 }
}
"""

GOOD = [{"工号": "R01", "工作责任心": "优", "协作": "优秀"}, {"工号": "R02", "工作责任心": " 良 ", "协作": ""},
        {"工号": "R03", "工作责任心": "中", "协作": "一般"}]


def _scheme(text: str = SCHEME) -> kpidsl.Scheme:
    return kpidsl.loads(text, path="态度.kpi")


def _data_error(data: object, engine: str = "python") -> kpidsl.Diagnostic:
    with pytest.raises(kpidsl.KpiDataError) as exc:
        _scheme().evaluate(data, engine=engine)
    [d] = exc.value.diagnostics
    return d


# ------------------------------------------------------------------------------ syntax, checks, IR


def test_the_clause_is_a_node_with_the_scales_name_and_its_position() -> None:
    scheme = _scheme()
    decl = next(i for i in scheme.analysis.scheme.inputs if i.name == "工作责任心")
    assert isinstance(decl, n.InputDecl)
    assert decl.labels_from == "责任心分" and decl.label == "工作责任心"
    assert decl.labels_span is not None and (decl.labels_span.line, decl.labels_span.col) == (4, 24)
    assert decl.labels_span.end_col - decl.labels_span.col == len("责任心分")


def test_the_ir_holds_the_levels_and_the_scale() -> None:
    spec = _scheme().ir.input("工作责任心")
    assert spec is not None and spec.labels == ("优", "良", "中", "差") and spec.labels_scale == "责任心分"
    plain = _scheme().ir.input("工号")
    assert plain is not None and plain.labels is None


def _errors(text: str) -> list[kpidsl.Diagnostic]:
    return kpidsl.loads(text, path="s.kpi").check_errors()


def _one(text: str, code: str) -> kpidsl.Diagnostic:
    found = [d for d in _errors(text) if d.code == code]
    assert len(found) == 1, [(d.code, d.message) for d in _errors(text)]
    return found[0]


def test_an_unknown_scale_is_named_with_the_closest_one() -> None:
    d = _one(SCHEME.replace("text in 责任心分", "text in 责任心份"), "K-E0102")
    assert "责任心份" in d.message and d.hints == ("did you mean '责任心分'?",)
    assert d.span is not None and (d.span.line, d.span.col) == (4, 24)


def test_a_name_that_is_not_a_scale() -> None:
    d = _one(SCHEME.replace("text in 责任心分", "text in 工号"), "K-E0103")
    assert d.message == "'工号' is an input, not a scale"


def test_in_a_scale_on_a_number_input() -> None:
    d = _one(SCHEME.replace("input 协作: text in 协作等级", "input 协作: score in 协作等级"), "K-E0114")
    assert d.message == "`in 协作等级` limits a text input to the scale's levels, and '协作' is score"
    assert "in [0, 100]" in d.hints[0]


def test_a_scale_with_a_range_level_cannot_limit_a_text_input() -> None:
    text = SCHEME.replace("一般 -> 6", "一般 -> 5..7")
    d = _one(text, "K-E0114")
    assert "'一般' a range of points (5..7)" in d.message
    assert d.span is not None and d.span.line == 5


def test_a_default_and_a_test_value_must_be_levels() -> None:
    text = SCHEME.replace('text in 责任心分 "工作责任心"', 'text in 责任心分 = "忧"')
    text = text[: text.rindex("}")] + '  test "t" { given 工号 = "T", 工作责任心 = "忧忧" expect total = 30 }\n}\n'
    said = sorted(d.message for d in _errors(text) if d.code == "K-E0110")
    assert said == ["test value for '工作责任心', \"忧忧\", is not a level of 责任心分 (优, 良, 中, 差)",
                    "the default of '工作责任心', \"忧\", is not a level of 责任心分 (优, 良, 中, 差)"]


def test_a_default_that_is_a_level_fills_an_empty_cell() -> None:
    s = _scheme(SCHEME.replace('text in 责任心分 "工作责任心"', 'text in 责任心分 = "中" "工作责任心"'))
    assert s.check_errors() == []
    assert s.evaluate_one({"工号": "R1", "工作责任心": ""}).item("责任心").score == Decimal(18)


# ------------------------------------------------------------------------------ the data, every reader


def test_levels_are_read_as_every_text_cell_is() -> None:
    for engine in ("python", "columnar"):
        result = _scheme().evaluate(GOOD, engine=engine)
        assert [r.item("责任心").score for r in result.records] == [Decimal(30), Decimal(24), Decimal(18)]


def test_a_misspelt_level_in_a_csv_names_the_cell_and_lists_the_levels(tmp_path: Path) -> None:
    (tmp_path / "s.kpi").write_text(SCHEME, encoding="utf-8")
    (tmp_path / "d.csv").write_text("\ufeff工号,工作责任心,协作\nR01,优,优秀\nR02,良,\nR03,中,一般\nR04,忧,良好\n", encoding="utf-8")
    r = run_kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"))
    assert r.code == 1
    assert "error[K-D0207]: " in r.err and "d.csv: line 5, column '工作责任心': '忧' is not valid for '工作责任心' (text): " \
        "not a level of 责任心分" in r.err
    assert "d.csv:5:5" in r.err and "5 | R04,忧,良好\n  |     ^^" in r.err
    assert "hint: the levels of 责任心分: 优, 良, 中, 差; correct the cell to one of them" in r.err
    assert "did you mean" not in r.err  # one character: any one-character level is one edit away
    zh = run_kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.csv"), "--lang", "zh-CN")
    assert "“忧” 不是输入项“工作责任心”（text）的有效值：不是“责任心分”的等级" in zh.err
    assert "“责任心分”的等级：优、良、中、差" in zh.err


def test_a_misspelt_level_in_a_workbook_names_the_cell(tmp_path: Path) -> None:
    (tmp_path / "s.kpi").write_text(SCHEME, encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考核"
    for row in (["工号", "工作责任心", "协作"], ["R01", "优", "优秀"], ["R02", "良", "优透"]):
        ws.append(row)
    wb.save(tmp_path / "d.xlsx")
    for engine in ("python", "columnar"):
        r = run_kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.xlsx"), "--engine", engine)
        assert r.code == 1, r.err
        assert "'优透' is not valid for '协作' (text): not a level of 协作等级" in r.err and "C3" in r.err
        assert "hint: did you mean '优秀'? The levels of 协作等级: 优秀, 良好, 一般, 较差" in r.err


def test_a_misspelt_level_in_json_names_the_record(tmp_path: Path) -> None:
    (tmp_path / "s.kpi").write_text(SCHEME, encoding="utf-8")
    rows = [*GOOD, {"工号": "R04", "工作责任心": "优秀", "协作": "良好"}]
    (tmp_path / "d.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    r = run_kpi("eval", str(tmp_path / "s.kpi"), str(tmp_path / "d.json"))
    assert r.code == 1 and "K-D0207" in r.err and "'优秀' is not valid for '工作责任心' (text): not a level of 责任心分" in r.err


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_the_api_refuses_the_same_record_from_dicts_and_arrow(engine: str) -> None:
    bad = [*GOOD, {"工号": "R04", "工作责任心": "忧", "协作": "良好"}]
    for data, place in ((bad, "record 4 (工号 'R04')"), (pa.Table.from_pylist(bad), "row 3 (0-based, 工号 'R04'), column '工作责任心'")):
        d = _data_error(data, engine)
        assert d.code == "K-D0207"
        assert d.message == f"{place}: '忧' is not valid for '工作责任心' (text): not a level of 责任心分"
        assert d.hints == ("the levels of 责任心分: 优, 良, 中, 差; correct the cell to one of them (a new level is added to "
                           "the scale first)",)


def test_a_dataframe_is_read_as_the_dicts_are() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([*GOOD, {"工号": "R04", "工作责任心": "良", "协作": "良 好"}])
    for engine in ("python", "columnar"):
        d = _data_error(frame, engine)
        assert "'良 好' is not valid for '协作' (text): not a level of 协作等级" in d.message


def test_a_suggestion_only_when_one_level_alone_is_that_close() -> None:
    s = _scheme()
    def hint(value: str) -> str:
        with pytest.raises(kpidsl.KpiDataError) as exc:
            s.evaluate_one({"工号": "R1", "工作责任心": "优", "协作": value})
        return exc.value.diagnostics[0].hints[0]
    assert hint("优透").startswith("did you mean '优秀'?")
    assert hint("良").startswith("the levels of 协作等级")  # one character
    assert hint("较好").startswith("the levels of 协作等级")  # 较差 and 良好 are both one edit away
    assert hint("甲乙丙").startswith("the levels of 协作等级")


# ------------------------------------------------------------------------------ fmt, lint, editor


def test_the_formatter_prints_it_back() -> None:
    messy = SCHEME.replace("text in 责任心分 \"工作责任心\"", "text   in\t责任心分   \"工作责任心\"")
    out = format_text(messy, "s.kpi")
    assert "  input 工作责任心: text in 责任心分 \"工作责任心\"\n" in out
    assert format_text(out, "s.kpi") == out
    assert kpidsl.loads(out, path="s.kpi").ir.input("工作责任心").labels == ("优", "良", "中", "差")  # type: ignore[union-attr]


def test_lint_suggests_the_clause_and_its_fix_makes_the_data_checked() -> None:
    text = SCHEME.replace(" in 责任心分", "").replace(" in 协作等级", "")
    scheme = kpidsl.loads(text, path="s.kpi")
    found = [d for d in lint(scheme).diagnostics if d.code == "K-L0107"]
    assert [d.message.split("'")[1] for d in found] == ["工作责任心", "协作"]
    fixes = fixes_for(Source(text, "s.kpi"), found, scheme)
    assert all(not f.safe for f in fixes)  # a suggestion: `--fix` alone leaves it
    fixed, applied = apply(text, fixes)
    assert len(applied) == 2 and fixed == SCHEME
    assert [d.code for d in lint(_scheme(fixed)).diagnostics if d.code == "K-L0107"] == []


def test_the_editor_completes_scales_after_in_and_hovers_the_levels() -> None:
    scheme = _scheme()
    text = SCHEME.replace('text in 责任心分 "工作责任心"', "text in ")
    line = 4
    col = len("  input 工作责任心: text in ") + 1
    labels = {i.label for i in complete(text, line, col, scheme, "态度.kpi", Shared())}
    assert {"责任心分", "协作等级"} <= labels and "工号" not in labels
    decl = next(i for i in scheme.analysis.scheme.inputs if i.name == "工作责任心")
    assert "values allowed: the levels of scale `责任心分`" in definition_text(scheme, decl, "input")


def test_the_missing_value_hint_keeps_the_clause_and_its_declaration_works() -> None:
    with pytest.raises(kpidsl.KpiDataError) as exc:
        _scheme().evaluate_one({"工号": "R1", "工作责任心": "", "协作": "良好"})
    hint = exc.value.diagnostics[0].hints[-1]
    optional = 'input 工作责任心: text in 责任心分 "工作责任心" optional'
    assert f"`{optional}`" in hint, hint
    fixed = SCHEME.replace('input 工作责任心: text in 责任心分 "工作责任心"', optional).replace(
        "value 工作责任心 score", "value 工作责任心  on missing -> skip  score")
    scheme = _scheme(fixed)
    assert [d.message for d in lint(scheme).diagnostics if d.severity is kpidsl.Severity.ERROR] == []
    assert scheme.evaluate_one({"工号": "R1", "工作责任心": "", "协作": "良好"}).item("责任心").skipped
