"""A new user's trial: a bad cell in a DataFrame or an Arrow table given to `Scheme.evaluate`
was named `record 6` (a position counted from 1) and by the scheme's input, not by the frame's
own terms: its index label (pandas) or its row from 0 (polars, Arrow), and its column as the
frame spells it (often an input's Chinese label). docs/api.md, "Errors"."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow as pa
import pytest

import kpidsl
from kpidsl.data.places import RecordNames
from kpidsl.errors import TableCell

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import workload  # noqa: E402

ROWS = 12
KINDS = ("pandas 100..", "pandas ids", "polars", "arrow")


@pytest.fixture(scope="module")
def scheme() -> kpidsl.Scheme:
    return kpidsl.load(workload.SCHEME)  # 按时完成采购单数 is read from the column 按时完成单数


def _columns(n: int = ROWS) -> dict[str, list[object]]:
    rows = list(workload.rows(n))
    return {c: [r[c] for r in rows] for c in rows[0]}


def _frame(kind: str, columns: dict[str, list[object]]) -> object:
    n = len(columns["工号"])
    if kind == "pandas 100..":
        return pd.DataFrame(columns, index=range(100, 100 + n))
    if kind == "pandas ids":
        return pd.DataFrame(columns, index=pd.Index([f"emp-{i}" for i in range(n)], name="员工"))
    if kind == "polars":
        return pl.DataFrame(columns, strict=False)
    return pa.table(columns)


def _place(kind: str, i: int) -> tuple[str, object]:
    """The words naming row `i` (from 0) of `_frame(kind, ...)`, and its TableCell label."""
    if kind == "pandas 100..":
        return f"index {100 + i}", 100 + i
    if kind == "pandas ids":
        return f"index 'emp-{i}'", f"emp-{i}"
    return f"row {i} (0-based", None


def _error(scheme: kpidsl.Scheme, data: object, engine: str) -> kpidsl.Diagnostic:
    with pytest.raises(kpidsl.KpiDataError) as caught:
        scheme.evaluate(data, engine=engine)
    (d,) = caught.value.diagnostics
    return d


def _named(kind: str, i: int, rid: str, column: str) -> str:
    words, _ = _place(kind, i)
    return f"{words}, 工号 '{rid}'), column '{column}'" if kind in ("polars", "arrow") else f"{words} (工号 '{rid}'), column '{column}'"


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_cell_is_named_by_the_frames_index_or_row_and_column(scheme: kpidsl.Scheme, kind: str, engine: str) -> None:
    columns = _columns()
    rid = columns["工号"][5]
    columns["按时完成单数"][5] = -3  # the input 按时完成采购单数, by its label
    d = _error(scheme, _frame(kind, columns), engine)
    assert d.code == "K-D0207"
    assert d.message == (f"{_named(kind, 5, rid, '按时完成单数')}: '-3' is not valid for '按时完成采购单数' (count): "
                         "a count cannot be negative")
    assert d.cell == TableCell(5, _place(kind, 5)[1], "按时完成单数")


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("kind", KINDS)
def test_text_a_missing_value_and_a_value_out_of_range(scheme: kpidsl.Scheme, kind: str, engine: str) -> None:
    columns = _columns()
    ids = columns["工号"]
    columns["材料价格合理性得分"] = [str(v) for v in columns["材料价格合理性得分"]]  # a column read as text
    columns["材料价格合理性得分"][2] = "优秀"
    columns["供应商管理得分"][7] = None
    columns["损失金额"][9] = -5
    with pytest.raises(kpidsl.KpiDataError) as caught:
        scheme.evaluate(_frame(kind, columns), engine=engine)
    got = [(d.message.split(": ")[0], d.cell) for d in caught.value.diagnostics]
    assert got == [(_named(kind, i, ids[i], column), TableCell(i, _place(kind, i)[1], column))
                   for i, column in ((2, "材料价格合理性得分"), (7, "供应商管理得分"), (9, "损失金额"))]
    empty = caught.value.diagnostics[1]
    assert empty.message.endswith("no value for '供应商管理评分'") and empty.hints[0].startswith("fill the cell")


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_id_used_twice_names_both_rows_so(scheme: kpidsl.Scheme, kind: str, engine: str) -> None:
    columns = _columns()
    first = columns["工号"][3]
    columns["工号"][8] = first
    d = _error(scheme, _frame(kind, columns), engine)
    again, _ = _place(kind, 8)
    earlier = _place(kind, 3)[0] + (")" if kind in ("polars", "arrow") else "")
    named = f"{again}, 工号 '{first}')" if kind in ("polars", "arrow") else f"{again} (工号 '{first}')"
    assert (d.code, d.message) == ("K-D0208", f"{named}: id '{first}' was already used on {earlier}")
    assert d.cell == TableCell(8, _place(kind, 8)[1], "工号")


def test_the_messages_in_chinese(scheme: kpidsl.Scheme) -> None:
    columns = _columns()
    columns["按时完成单数"][5] = -3
    rid = columns["工号"][5]
    expected = {"pandas 100..": f"索引 105（工号“{rid}”），列“按时完成单数”",
                "pandas ids": f"索引“emp-5”（工号“{rid}”），列“按时完成单数”",
                "polars": f"行号 5（从 0 起算，工号“{rid}”），列“按时完成单数”"}
    for kind, place in expected.items():
        with kpidsl.language("zh-CN"):
            d = _error(scheme, _frame(kind, columns), "python")
        assert d.message.startswith(f"{place}：“-3” 不是输入项“按时完成采购单数”（count）的有效值")
        assert kpidsl.render_error(kpidsl.KpiDataError([d]), scheme, lang="en").startswith("error[K-D0207]: ")


def test_the_cell_is_in_the_json_form_and_leads_back_to_the_frame(scheme: kpidsl.Scheme) -> None:
    columns = _columns()
    columns["按时完成单数"][5] = -3
    frame = _frame("pandas 100..", columns)
    d = _error(scheme, frame, "columnar")
    assert frame.loc[d.cell.label, d.cell.column] == -3 and frame.iloc[d.cell.row][d.cell.column] == -3
    assert json.loads(json.dumps(d.to_dict()))["cell"] == {"row": 5, "index": 105, "column": "按时完成单数"}


@pytest.mark.parametrize("kind", ["dicts", "polars"])
def test_dicts_keep_their_positions_from_one_and_have_no_cell(scheme: kpidsl.Scheme, kind: str) -> None:
    columns = _columns()
    columns["按时完成单数"][5] = -3
    data = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)] if kind == "dicts" else pl.DataFrame(columns, strict=False)
    d = _error(scheme, data, "columnar")
    if kind == "dicts":
        assert d.message.startswith(f"record 6 (工号 '{columns['工号'][5]}'): '-3' is not valid") and d.cell is None
        assert "cell" not in d.to_dict()
    else:
        assert d.cell is not None and d.cell.row == 5


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_two_columns_for_one_input_are_one_error_for_the_table(scheme: kpidsl.Scheme, engine: str) -> None:
    """The interpreter refused every row (`keys ... both name input`); the columnar engine read
    the first column and said nothing."""
    columns = _columns()
    columns["按时完成采购单数"] = [0] * ROWS  # the input's name beside its label
    with pytest.raises(kpidsl.KpiDataError) as caught:
        scheme.evaluate(pl.DataFrame(columns, strict=False), engine=engine)
    (d,) = caught.value.diagnostics
    assert (d.code, d.message) == ("K-D0206", "the table: columns '按时完成单数', '按时完成采购单数' both match input '按时完成采购单数'")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_ratio_among_points_names_the_column(engine: str) -> None:
    scheme = kpidsl.loads('scheme "t" { id 工号  input 工号: text  input 达成率: percent as points "达成率(%)"'
                          "  indicator 达成 { score 达成率 * 100 } }")
    frame = pd.DataFrame({"工号": ["E1", "E2", "E3"], "达成率(%)": [92, 0.95, 96]}, index=[7, 8, 9])
    d = _error(scheme, frame, engine)
    assert d.code == "K-D0212" and d.message.startswith("index 8 (工号 'E2'), column '达成率(%)': 0.95 ")
    assert d.cell == TableCell(1, 8, "达成率(%)")


def test_a_row_read_without_an_error_reads_no_index_label(scheme: kpidsl.Scheme, monkeypatch: pytest.MonkeyPatch) -> None:
    """Labels are read only for a message: the engines count positions (the columnar engine's
    records left to the interpreter included, which this workload has)."""
    import kpidsl.engines as engines

    read: list[int] = []

    class Index(list):  # type: ignore[type-arg]
        def __getitem__(self, i: int) -> object:  # type: ignore[override]
            read.append(i)
            return super().__getitem__(i)

    monkeypatch.setattr(engines, "table_names", lambda data, columns: RecordNames(columns, Index(range(100, 100 + len(data)))))
    columns = _columns(2500)
    for engine in ("python", "columnar"):
        assert len(scheme.evaluate(pa.table(columns), engine=engine)) == 2500
    assert read == []
    columns["按时完成单数"][2400] = -1
    for engine in ("python", "columnar"):
        assert _error(scheme, pa.table(columns), engine).message.startswith("index 2500 ")
    assert set(read) == {2400}  # the failing row's label alone (its words and its cell)


def test_labels_as_messages_show_them() -> None:
    names = RecordNames({}, [3, True, ("部门", 2), "x" * 50])
    assert names.record(1) == "index 3"
    assert names.record(2) == "index 'True'"  # a bool is not a number here
    assert names.record(3, "工号", "E1") == "index '('部门', 2)' (工号 'E1')"
    assert names.record(4) == f"index '{'x' * 37}...'"
    assert RecordNames({}).record(4, "工号", "#4") == "row 3 (0-based)"  # a position given as the id is no id
    assert RecordNames().record(4) == "record 4"


def test_an_input_made_the_index_is_said_to_be_the_index(scheme: kpidsl.Scheme) -> None:
    """`df.set_index("工号")` takes the id column out of the frame: K-D0205 says where it went."""
    frame = pd.DataFrame(_columns()).set_index("工号")
    with pytest.raises(kpidsl.KpiDataError) as caught:
        scheme.evaluate(frame)
    (d,) = caught.value.diagnostics
    assert (d.code, d.hints[0]) == ("K-D0205", "the DataFrame's index is '工号', not a column: pass df.reset_index() to make it one")
    assert len(scheme.evaluate(frame.reset_index())) == ROWS
