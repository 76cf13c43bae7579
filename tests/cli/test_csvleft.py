"""`kpi eval data.csv -o out.csv` when some records hold a cell only the interpreter reads
(kpidsl/csvleft.py): those records alone go to the interpreter, the others stay the engine's, and
the file and the run summary are byte for byte the record-by-record run's (`--engine python`'s
path), wherever the records are: the first row, the middle, the last, several chunks, every row
of a chunk. And as strict: a bad cell among them still sends the run record by record, which
names every bad cell and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_kpi
from test_csvrun import COLUMNS, HEADER, SCHEME, _both, _rows, _write

from kpidsl import csvleft, csvrun, streaming

#: ASCII to full-width: `95` -> `９５`, `95%` -> `９５％` (Python's Decimal reads them; the engine does not).
FULL = str.maketrans("0123456789%", "０１２３４５６７８９％")

#: Each form in a column the scheme reads that `values.coerce` takes and the engine's reader leaves:
#: (column index, how the cell is rewritten).
FORMS: list[tuple[int, object]] = [
    (6, lambda c: c.translate(FULL)),                          # 质量得分 ９５
    (3, lambda c: c.strip().translate(FULL)),                  # 销售达成率 ９５％, ０.９
    (4, lambda c: "\u3000" + c.strip() + "\u3000"),            # 奖金基数 with ideographic spaces
    (5, lambda c: f"{c}e0" if c.strip() else "1 000"),         # 加班小时 2.5e0, or grouped by a space
    (8, lambda c: c.translate(FULL)),                          # 入职日期 ２０２４-０３-３１
    (7, lambda c: c.translate(FULL)),                          # 迟到次数 ３
]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 900 rows (the first of 700), blocks of some 300 rows, batches of 40 records."""
    monkeypatch.setattr(csvrun, "CHUNK_ROWS", 900)
    monkeypatch.setattr(csvrun, "BLOCK_CHARS", 20_000)
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 700)
    monkeypatch.setattr(csvleft, "BATCH", 40)


@pytest.fixture
def scheme(tmp_path: Path) -> Path:
    path = tmp_path / "scheme.kpi"
    path.write_text(SCHEME, encoding="utf-8")
    return path


def _odd(rows: list[str], at: list[int], form: int | None = None) -> list[str]:
    """The rows with one cell rewritten at each position (the forms in turn, or `form`)."""
    out = list(rows)
    for n, i in enumerate(at):
        cells = out[i].split(",")
        col, rewrite = FORMS[n % len(FORMS) if form is None else form]
        cells[col] = rewrite(cells[col])  # type: ignore[operator]
        out[i] = ",".join(cells)
    return out


def _plain(n: int, seed: int = 7) -> list[str]:
    """Rows without quoted fields (so that a split at commas finds the cells)."""
    return _rows(n, seed, quotes=False)


def _left(err: str, count: int, first: str) -> None:
    assert "engine: columnar (2000 records or more, and the engine covers every part of the scheme); streamed, 900 rows at a time" in err, err
    assert "record by record" not in err, err
    word = "record" if count == 1 else "records"
    assert f"{count} {word} evaluated by the interpreter, the others by the engine: " in err, err
    assert f"(the first: the record with id '{first}')" in err, err


BY = ("--columns", COLUMNS, "--by", "部门")


@pytest.mark.parametrize(("at", "form", "extra"), [
    ([0], 0, ()),                                  # the first row: the output columns are chosen from it
    ([0], 1, BY),
    ([1400], 1, BY),                               # the middle of a chunk
    ([3999], 4, ()),                               # the last row of the file
    ([5, 700, 1599, 1600, 2500, 3333], None, BY),  # several chunks, every form
])
def test_only_the_records_left_go_to_the_interpreter(tmp_path: Path, scheme: Path, at: list[int], form: int | None,
                                                     extra: tuple[str, ...]) -> None:
    data = _write(tmp_path / "data.csv", [HEADER, *_odd(_plain(3000 if at[-1] < 3000 else 4000), at, form)])
    fast, _ = _both(tmp_path, scheme, data, *extra)
    _left(fast, len(at), f"E{at[0]:05d}")


def test_every_row_of_a_chunk(tmp_path: Path, scheme: Path) -> None:
    """The rows of the second chunk (700 to 1599) all left: every batch of the interpreter, the
    formula guard counted on its lines, the summary's ids and groups in the file's order."""
    rows = _odd(_plain(2600, seed=21), list(range(700, 1600)), 0)
    data = _write(tmp_path / "data.csv", [HEADER, *rows])
    fast, _ = _both(tmp_path, scheme, data, "--columns", COLUMNS, "--by", "部门")
    _left(fast, 900, "E00700")
    assert "a cell in the column '质量得分' that only the interpreter reads" in fast


def test_quoted_fields_and_names_that_start_a_formula(tmp_path: Path, scheme: Path) -> None:
    """Blocks read by `csv` (quoted commas and quotes), text guarded with a leading ', CRLF and GB18030."""
    rows = _rows(3000, seed=5)
    for i in (3, 950, 951, 2999):
        cells = rows[i].split(",")
        cells[-3] = cells[-3].translate(FULL)  # 质量得分: the third field from the end, after any quoted name
        rows[i] = ",".join(cells)
    data = _write(tmp_path / "data.csv", [HEADER, *rows], encoding="gb18030", newline="\r\n")
    fast, _ = _both(tmp_path, scheme, data, "--columns", COLUMNS)
    _left(fast, 4, "E00003")


def test_the_note_in_chinese(tmp_path: Path, scheme: Path) -> None:
    data = _write(tmp_path / "data.csv", [HEADER, *_odd(_plain(2500), [1200, 2000], 0)])
    fast, _ = _both(tmp_path, scheme, data, "--lang", "zh-CN")
    assert "2 条记录由解释器计算，其余由引擎计算：“质量得分”列中有只有解释器能读取的单元格（第一条：工号为“E01200”的记录）" in fast, fast


@pytest.mark.parametrize("edit", [
    lambda cells: cells.__setitem__(6, "１０１"),     # out of range, written in full-width digits
    lambda cells: cells.__setitem__(3, "abc"),       # no percent at all
    lambda cells: cells.__setitem__(7, "２.５"),      # a count of 2.5
])
def test_a_bad_cell_among_them_still_goes_record_by_record(tmp_path: Path, scheme: Path, edit: object) -> None:
    rows = _odd(_plain(3000), [100, 1500, 2900], 0)
    cells = rows[2000].split(",")
    edit(cells)  # type: ignore[operator]
    rows[2000] = ",".join(cells)
    data = _write(tmp_path / "data.csv", [HEADER, *rows])
    out = tmp_path / "out.csv"
    out.write_text("the previous results\n", encoding="utf-8")
    fast = run_kpi("eval", str(scheme), str(data), "-o", str(out), "-v")
    assert "the output was not written by the columnar engine but record by record: a cell or a record the engine leaves to the interpreter" in fast.err, fast.err
    slow = run_kpi("eval", str(scheme), str(data), "-o", str(out), "-v", "--engine", "python")
    assert fast.code == slow.code == 1
    assert "line 2002" in fast.err
    assert fast.err.split("record by record: ")[1].split("\n", 1)[1] == slow.err.split("record by record: ")[1].split("\n", 1)[1]
    assert out.read_text(encoding="utf-8") == "the previous results\n"  # nothing half-written
    assert [p.name for p in tmp_path.iterdir() if ".kpi-tmp-" in p.name] == []


def test_an_id_used_twice_across_chunks_that_took_different_paths(tmp_path: Path, scheme: Path) -> None:
    rows = _odd(_plain(3000), [200], 0)
    rows[2500] = "E00200" + rows[2500][6:]  # the engine's chunk repeats the id of a record the interpreter took
    data = _write(tmp_path / "data.csv", [HEADER, *rows])
    fast = run_kpi("eval", str(scheme), str(data), "-o", str(tmp_path / "out.csv"), "-v")
    assert "the output was not written by the columnar engine but record by record: an id used twice" in fast.err, fast.err
    assert fast.code == 1 and "E00200" in fast.err and not (tmp_path / "out.csv").exists()
    rows = _odd(_plain(3000), [200, 2500], 0)
    rows[2500] = "E00200" + rows[2500][6:]  # both taken by the interpreter, in different chunks
    data = _write(tmp_path / "data.csv", [HEADER, *rows])
    again = run_kpi("eval", str(scheme), str(data), "-o", str(tmp_path / "out.csv"), "-v")
    assert "the output was not written by the columnar engine but record by record: an id used twice" in again.err, again.err
    assert again.code == 1 and not (tmp_path / "out.csv").exists()


def test_a_small_plain_number_in_an_as_points_column(tmp_path: Path) -> None:
    """`０.５` among points (95 is 95%) is an error the record-by-record run judges over its chunk."""
    path = tmp_path / "scheme.kpi"
    path.write_text(SCHEME.replace('input 达成率: percent "销售达成率"', 'input 达成率: percent as points "销售达成率"'), encoding="utf-8")
    rows = []
    for r in _plain(2500):
        cells = r.split(",")
        cells[3] = "95"
        rows.append(",".join(cells))
    data = _write(tmp_path / "data.csv", [HEADER, *_odd(rows, [1800], 0)])
    fast, _ = _both(tmp_path, path, data)  # a full-width cell elsewhere: written by both
    _left(fast, 1, "E01800")
    cells = rows[1900].split(",")
    cells[3] = "０.５"
    rows[1900] = ",".join(cells)
    data = _write(tmp_path / "data.csv", [HEADER, *rows])
    fast = run_kpi("eval", str(path), str(data), "-o", str(tmp_path / "out.csv"), "-v")
    assert "the output was not written by the columnar engine but record by record: a plain number within ±1 in an 'as points' percent column" in fast.err, fast.err
    assert fast.code == 1 and "K-D0212" in fast.err and not (tmp_path / "out.csv").exists()
