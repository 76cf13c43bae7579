"""`kpi eval data.csv -o out.csv` in chunks (kpidsl/streaming.py): the same file, byte for byte,
as reading the whole data; as strict (a bad cell in a late chunk names its line and column, exits
1 and leaves no file; an id used twice across chunks is an error); one warning for a column empty
in every row; and `-v` says whether the run streamed, or why not. The chunks are made small here
so that a few thousand rows span several of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, run_kpi

from kpidsl import csvrun, streaming

FOLDER = EXAMPLES / "purchasing_manager"


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 700)
    monkeypatch.setattr(csvrun, "CHUNK_ROWS", 700)  # the run the engine writes (test_csvrun.py)
    monkeypatch.setattr(csvrun, "BLOCK_CHARS", 15_000)


def _data(tmp_path: Path, copies: int, edit: dict[int, str] | None = None) -> Path:
    """The example's rows `copies` times over with fresh ids; `edit` replaces whole data lines."""
    lines = (FOLDER / "data.csv").read_text(encoding="utf-8-sig").splitlines()
    body = [row for row in lines[1:] if row.strip()]
    rows = [f"X{i:05d}" + row[row.index(","):] for i, row in enumerate(body * copies)]
    for n, text in (edit or {}).items():
        rows[n] = text
    path = tmp_path / "data.csv"
    path.write_text("\ufeff" + "\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    return path


def _whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "why_not", lambda *args: "forced by the test")


@pytest.mark.parametrize("engine", ["columnar", "python"])
def test_a_streamed_file_equals_the_whole_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    data = _data(tmp_path, 300)  # 2,400 rows: four chunks, the last one short
    streamed, whole = tmp_path / "streamed.csv", tmp_path / "whole.csv"
    r = run_kpi("eval", str(FOLDER / "scheme.kpi"), str(data), "-o", str(streamed), "--engine", engine, "-v")
    assert r.code == 0, r.err
    assert "streamed, 700 rows at a time" in r.err
    with monkeypatch.context() as m:
        _whole(m)
        w = run_kpi("eval", str(FOLDER / "scheme.kpi"), str(data), "-o", str(whole), "--engine", engine, "-v")
    assert w.code == 0, w.err
    assert "reading the whole data at once: forced by the test" in w.err
    assert streamed.read_bytes() == whole.read_bytes()
    assert r.err.split("Run summary")[1] == w.err.split("Run summary")[1]  # the same summary


def test_a_bad_cell_in_a_late_chunk_leaves_no_file(tmp_path: Path) -> None:
    data = _data(tmp_path, 300, {2300: "X02300,张三,abc,95,1000,30,85,90"})
    out = tmp_path / "out.csv"
    out.write_text("the previous results\n", encoding="utf-8")
    r = run_kpi("eval", str(FOLDER / "scheme.kpi"), str(data), "-o", str(out))
    assert r.code == 1
    assert "line 2302" in r.err and "abc" in r.err and "^^^" in r.err, r.err  # its line, with a caret under the cell
    assert out.read_text(encoding="utf-8") == "the previous results\n"  # untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.csv")] == []  # no temporary file left


def test_an_id_used_in_two_chunks_is_an_error(tmp_path: Path) -> None:
    lines = _data(tmp_path, 300).read_text(encoding="utf-8-sig").splitlines()
    data = _data(tmp_path, 300, {2000: "X00003" + lines[2001][lines[2001].index(","):]})
    r = run_kpi("eval", str(FOLDER / "scheme.kpi"), str(data), "-o", str(tmp_path / "out.csv"))
    assert r.code == 1 and "K-D0208" in r.err and "X00003" in r.err and "line 5" in r.err, r.err
    assert not (tmp_path / "out.csv").exists()


def test_population_rules_read_the_whole_data(tmp_path: Path) -> None:
    folder = EXAMPLES / "forced_distribution"
    r = run_kpi("eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "-o", str(tmp_path / "out.csv"), "-v")
    assert r.code == 0, r.err
    assert "reading the whole data at once: population rules and aggregates need every record at once" in r.err


def test_input_columns_of_the_whole_data_run_by_the_engine(tmp_path: Path) -> None:
    """The engine's records are built afresh at each access: the whole-data run keeps them in a
    list, so the inputs attached to them (姓名) are written, not left empty."""
    import openpyxl

    args = ("eval", str(FOLDER / "scheme.kpi"), str(FOLDER / "data.csv"), "--engine", "columnar", "--columns", "id,姓名,total", "-q")
    printed = run_kpi(*args, "--format", "csv")  # to stdout: the whole-data path
    assert printed.code == 0, printed.err
    assert [row.split(",")[1] for row in printed.out.splitlines()[1:3]] == ["张伟", "王芳"]
    out = tmp_path / "out.xlsx"
    assert run_kpi(*args, "-o", str(out)).code == 0
    ws = next(ws for ws in openpyxl.load_workbook(out).worksheets if ws["A1"].value == "工号")
    assert [ws["B2"].value, ws["B3"].value] == ["张伟", "王芳"]


PERCENT_SCHEME = """scheme "百分" {
  round 2
  id 工号
  input 工号: text
  input 达成率: percent%s
  indicator 达成 weight 100%% {
    value 达成率
    score ladder {
      >= 90%% -> 100
      < 90%% -> 50
    }
  }
}
"""


@pytest.mark.parametrize(("as_points", "values"), [
    # `as points`, every row of the first chunk above 1 point, the later chunks' 0.95 a ratio written by mistake:
    # judged by the first chunk alone, the later chunks' 0.95 were read as 0.95% (score 50), without a word
    (True, lambda i: "92" if i < 700 else "0.95"),
    # the mistake in the first chunk, the values that show it in a later one
    (True, lambda i: "0.5" if i < 700 else "92"),
    # a column reading ratios that mixes both: the hint names the whole column's cells and counts
    (False, lambda i: "95" if i % 2 else "0.95"),
])
def test_a_percent_column_is_judged_over_the_whole_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_points: bool,
                                                        values: object) -> None:
    """A percent column's convention (K-D0212) is read from every row of the file, not chunk by chunk:
    the streamed run reports exactly what reading the whole file reports, and writes nothing."""
    scheme = tmp_path / "s.kpi"
    scheme.write_text(PERCENT_SCHEME % (" as points" if as_points else ""), encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("工号,达成率\n" + "".join(f"E{i:05d},{values(i)}\n" for i in range(2100)), encoding="utf-8")  # type: ignore[operator]
    out = tmp_path / "out.csv"
    streamed = run_kpi("eval", str(scheme), str(data), "-o", str(out))
    assert streamed.code == 1 and not out.exists()
    assert "K-D0212" in streamed.err
    with monkeypatch.context() as m:
        _whole(m)
        whole = run_kpi("eval", str(scheme), str(data), "-o", str(out))
    assert whole.code == 1 and not out.exists()
    assert streamed.err == whole.err


@pytest.mark.parametrize("engine", ["auto", "python"])
def test_an_id_repeated_after_a_chunk_with_a_bad_cell_is_named_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    """A chunk with a bad cell kept its ids to itself: a later row repeating one of them was not
    named (a new user fixed the errors listed and met a new one). The streamed run lists what the
    whole run lists."""
    lines = _data(tmp_path, 300).read_text(encoding="utf-8-sig").splitlines()
    data = _data(tmp_path, 300, {100: "X00100,张三,abc,95,1000,30,85,90",
                                 2000: "X00010" + lines[2001][lines[2001].index(","):]})
    r = run_kpi("eval", str(FOLDER / "scheme.kpi"), str(data), "-o", str(tmp_path / "out.csv"), "--engine", engine)
    assert r.code == 1 and "abc" in r.err and "K-D0208" in r.err and "X00010" in r.err, r.err
    with monkeypatch.context() as m:
        _whole(m)
        w = run_kpi("eval", str(FOLDER / "scheme.kpi"), str(data), "-o", str(tmp_path / "out.csv"), "--engine", engine)
    assert w.code == 1 and r.err == w.err
