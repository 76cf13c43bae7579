"""`kpi eval data.csv -o out.csv` written by the engine (kpidsl/csvrun.py) against the same run
written record by record (the path it replaces, kept as its fallback): the same file byte for
byte and the same run summary, on every example that streams and on data made to hit what a
client's export holds (Chinese headers, a BOM, GB18030, CRLF, quoted fields with commas and
quotes, empty cells and defaults, percent cells written three ways, money with ¥ and 元, title
lines above the header, blank lines, long quotients cut by the display rule, text that would start
a spreadsheet formula); and as strict:
a file it cannot prove clean goes record by record from the start, with today's messages."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import EXAMPLES, run_kpi

from kpidsl import csvrun, streaming

SCHEME = """
scheme "CSV 差分" {
  round 2
  id 工号

  input 工号: text
  input 姓名: text
  input 部门: text
  input 达成率: percent "销售达成率"
  input 奖金基数: money in >= 0 "奖金基数(元)"
  input 加班小时: number = 0
  input 质量分: score in [0, 100] "质量得分"
  input 迟到次数: count = 0
  input 入职日期: date optional

  indicator 销售 weight 60% {
    value 达成率
    score ladder {
      >= 100%     -> 100
      [90%, 100%) -> 80
      < 90%       -> 50
    }
  }
  indicator 质量 weight 40% { score 质量分 }

  deduct "迟到" 迟到次数 * 0.5 cap 5

  veto "无基数" when 奖金基数 == 0 -> no bonus

  grade on rounded {
    A >= 90
    B [75, 90)
    C else
  }

  field 达成 = 达成率 { percent 1 }
  field 加班折算 = 加班小时 / 3
  field 合格 = total >= 60
  field 档次 = if total >= 90 then "优秀" else "一般"
}
"""

HEADER = "工号,姓名,部门,销售达成率,奖金基数(元),加班小时,质量得分,迟到次数,入职日期"
COLUMNS = "id,姓名,部门,达成率,奖金基数,加班小时,入职日期,销售,质量,total,total_exact,grade,bonus,vetoes,无基数,达成,加班折算,合格,档次"


def _rows(n: int, seed: int = 7, *, quotes: bool = True) -> list[str]:
    rnd = random.Random(seed)
    # names and departments a spreadsheet would run as formulas: written with a leading ' (csvguard.py)
    names = (["张三", "李四", '王"五"', "赵六, 小", "Smith, J.", "欧阳娜娜", '=HYPERLINK("http://evil","x")', "@SUM(A1)"] if quotes
             else ["张三", "李四", "Smith J.", "欧阳娜娜", "+1+2", "-李四"])
    depts = ["销售一部", "销售二部", "=研发部"]
    out = []
    for i in range(n):
        rate = rnd.choice(["95%", "100%", "0.9", "0.875", "88.5%", "1", "120%", " 92% ", "66.6666666%"])
        money = rnd.choice(["0", "1200", "¥1,200.50" if quotes else "¥1200.50", "3000元", "800.5", " 95 "])
        hours = rnd.choice(["", "0", "7", "10", "2.5", "1.333"])
        score = rnd.choice(["95", "89.99", "60", "100", "0", "74.995", " 80 "])
        late = rnd.choice(["", "0", "1", "3", "12"])
        day = rnd.choice(["", "2024-03-31", "2023/1/5", "2022年7月1日"])
        name = names[rnd.randrange(len(names))]
        quoted = '"' + name.replace('"', '""') + '"' if any(c in name for c in ',"') else name
        out.append(",".join([f"E{i:05d}", quoted, depts[i % 3], rate, f'"{money}"' if "," in money else money, hours, score, late, day]))
    return out


def _write(path: Path, lines: list[str], *, encoding: str = "utf-8-sig", newline: str = "\n") -> Path:
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    return path


def _both(tmp_path: Path, scheme: Path, data: Path, *extra: str) -> tuple[str, str]:
    """Run the engine's way and record by record; assert both agree; their stderr."""
    fast, slow = tmp_path / "fast.csv", tmp_path / "slow.csv"
    f = run_kpi("eval", str(scheme), str(data), "-o", str(fast), "-v", *extra)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(csvrun, "unsupported", lambda *args: "forced by the test")
        s = run_kpi("eval", str(scheme), str(data), "-o", str(slow), "-v", *extra)
    assert f.code == s.code == 0, (f.err, s.err)
    assert fast.read_bytes() == slow.read_bytes()
    assert f.err.split("fast.csv")[-1] == s.err.split("slow.csv")[-1]  # the run summary, after "wrote ... to"
    guarded = [[line for line in r.err.splitlines() if "with a leading '" in line] for r in (f, s)]
    assert guarded[0] == guarded[1]  # -v: the same count of cells kept from starting a formula
    return f.err, s.err


@pytest.fixture
def scheme(tmp_path: Path) -> Path:
    path = tmp_path / "scheme.kpi"
    path.write_text(SCHEME, encoding="utf-8")
    return path


def _engine_ran(err: str) -> None:
    assert "engine: columnar (" in err and f"); streamed, {csvrun.CHUNK_ROWS} rows at a time" in err, err
    assert "record by record" not in err, err


@pytest.mark.parametrize(("encoding", "newline"), [("utf-8-sig", "\n"), ("utf-8", "\r\n"), ("gb18030", "\r\n")])
def test_the_engine_writes_what_the_record_by_record_run_writes(tmp_path: Path, scheme: Path, encoding: str, newline: str) -> None:
    data = _write(tmp_path / "data.csv", ["2024年3月绩效考核表,,,", "", HEADER, *_rows(2500)[:1200], "", *_rows(2500)[1200:]],
                  encoding=encoding, newline=newline)
    fast, _ = _both(tmp_path, scheme, data, "--columns", COLUMNS)
    _engine_ran(fast)
    assert f"read as {'gb18030' if encoding == 'gb18030' else 'utf-8'}" in fast
    assert "text cells starting with =, +, -, @, a tab or a carriage return were written with a leading '" in fast
    assert ",'=研发部," in (tmp_path / "fast.csv").read_text(encoding="utf-8-sig")


def test_default_columns_headers_as_keys_and_groups(tmp_path: Path, scheme: Path) -> None:
    data = _write(tmp_path / "data.csv", [HEADER, *_rows(2100, seed=3)])
    _engine_ran(_both(tmp_path, scheme, data)[0])
    _engine_ran(_both(tmp_path, scheme, data, "--headers", "keys", "--by", "部门")[0])


def test_an_id_column_that_is_no_input(tmp_path: Path) -> None:
    """`--id` names a column the scheme does not read: its cells are joined back to the results
    by row number (an id the scheme reads is carried through the query instead)."""
    path = tmp_path / "scheme.kpi"
    path.write_text(SCHEME.replace("  id 工号\n", "").replace("  input 工号: text\n", ""), encoding="utf-8")
    data = _write(tmp_path / "data.csv", [HEADER, *_rows(2100, seed=4)])
    _engine_ran(_both(tmp_path, path, data, "--id", "工号")[0])
    assert (tmp_path / "fast.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith("E00000,")


def test_words_and_headers_in_chinese(tmp_path: Path, scheme: Path) -> None:
    data = _write(tmp_path / "data.csv", [HEADER, *_rows(2100, seed=9)])
    fast, _ = _both(tmp_path, scheme, data, "--lang", "zh-CN", "--columns", COLUMNS)
    assert "计算引擎：columnar（记录不少于 2000 条，且列式引擎支持方案的全部内容）；分块流式处理" in fast, fast
    assert "发放" in (tmp_path / "fast.csv").read_text(encoding="utf-8-sig")  # bonus paid, in Chinese


def test_later_chunks_and_a_short_last_one(tmp_path: Path, scheme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvrun, "CHUNK_ROWS", 900)
    monkeypatch.setattr(csvrun, "BLOCK_CHARS", 20_000)
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 700)
    data = _write(tmp_path / "data.csv", [HEADER, *_rows(4000, seed=11)])
    fast, _ = _both(tmp_path, scheme, data, "--columns", COLUMNS, "--by", "部门")
    assert "engine: columnar (2000 records or more, and the engine covers every part of the scheme); streamed, 900 rows at a time" in fast


@pytest.mark.parametrize("name", ["purchasing_manager", "it_desktop_ops", "operations_dept", "workshop_director", "back_office_admin"])
def test_every_example_that_streams(tmp_path: Path, name: str) -> None:
    folder = EXAMPLES / name
    _engine_ran(_both(tmp_path, folder / "scheme.kpi", folder / "data.csv", "--engine", "columnar")[0])


@pytest.mark.parametrize(("edit", "why"), [
    ("E00010,张三,销售一部,abc,0,0,90,0,", "a cell or a record the engine leaves to the interpreter"),
    ("合计,,,,,,,,", "a summary row"),
    ("E00003,张三,销售一部,95%,0,0,90,0,", "an id used twice"),
    (",张三,销售一部,95%,0,0,90,0,", "a row without an id"),
    ("E00010,张三,销售一部,95%,0,0,90,0,,extra", "a row wider than the header"),
    ("E02300,张三,销售一部,95%,0,0,90," + "1" * 42 + ",", "the engine stopped (ConversionException)"),
])
def test_a_file_it_cannot_prove_clean_goes_record_by_record(tmp_path: Path, scheme: Path, edit: str, why: str) -> None:
    rows = _rows(2500)
    rows[2300] = edit
    data = _write(tmp_path / "data.csv", [HEADER, *rows])
    out = tmp_path / "out.csv"
    out.write_text("the previous results\n", encoding="utf-8")
    fast = run_kpi("eval", str(scheme), str(data), "-o", str(out), "-v")
    assert f"the output was not written by the columnar engine but record by record: {why}" in fast.err, fast.err
    with pytest.MonkeyPatch.context() as m:
        m.setattr(csvrun, "unsupported", lambda *args: "forced by the test")
        slow = run_kpi("eval", str(scheme), str(data), "-o", str(out), "-v")
    assert fast.code == slow.code
    assert fast.err.split("record by record: ")[1].split("\n", 1)[1] == slow.err.split("record by record: ")[1].split("\n", 1)[1]
    if fast.code:
        assert out.read_text(encoding="utf-8") == "the previous results\n"  # nothing half-written
        assert [p.name for p in tmp_path.iterdir() if ".kpi-tmp-" in p.name] == []


def test_a_coerced_cell_is_still_an_error(tmp_path: Path, scheme: Path) -> None:
    """A cell a cast would read (a count of 2.5, a score of 101, 95% in a score) is the error it always was."""
    rows = _rows(2500)
    rows[2400] = "E02400,张三,销售一部,95%,0,0,101,2.5,"
    data = _write(tmp_path / "data.csv", [HEADER, *rows])
    r = run_kpi("eval", str(scheme), str(data), "-o", str(tmp_path / "out.csv"))
    assert r.code == 1 and "line 2402" in r.err and "质量得分" in r.err and "迟到次数" in r.err, r.err
    assert not (tmp_path / "out.csv").exists()


def test_python_engine_and_small_files_are_written_record_by_record(tmp_path: Path, scheme: Path) -> None:
    data = _write(tmp_path / "data.csv", [HEADER, *_rows(2500)])
    r = run_kpi("eval", str(scheme), str(data), "-o", str(tmp_path / "out.csv"), "-v", "--engine", "python")
    assert "the output was not written by the columnar engine but record by record: --engine python" in r.err
    small = _write(tmp_path / "small.csv", [HEADER, *_rows(30)])
    r = run_kpi("eval", str(scheme), str(small), "-o", str(tmp_path / "out.csv"), "-v")
    assert "the output was not written by the columnar engine but record by record: only 30 records, too few to be worth starting the engine" in r.err


def test_a_column_empty_in_every_row_is_warned_about_once(tmp_path: Path, scheme: Path) -> None:
    rows = [",".join([*r.split(",")[:5], "", *r.split(",")[6:]]) for r in _rows(4000) if r.count(",") == 8]
    assert len(rows) > 2000  # the rows without a quoted comma, 加班小时 emptied
    data = _write(tmp_path / "data.csv", [HEADER, *rows])
    fast, slow = _both(tmp_path, scheme, data)
    _engine_ran(fast)
    assert fast.count("K-D0214") == slow.count("K-D0214") == 1, fast


@pytest.mark.parametrize(("encoding", "newline"), [("utf-8-sig", "\r\n"), ("gb18030", "\r\n"), ("utf-8", "\n"), ("utf-8", "mixed")])
def test_blocks_without_quotes_are_split_in_arrow(tmp_path: Path, scheme: Path, encoding: str, newline: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Text blocks with no quote are split by Arrow (csvrun.add_text); rows short of the header
    (no date, no trailing comma), blank lines of spaces or commas, and CRLF, LF or all three line
    ends in one file (CR alone too) read as `csv` reads them."""
    monkeypatch.setattr(csvrun, "BLOCK_CHARS", 30_000)
    rows = _rows(6000, seed=5, quotes=False)
    rows = [r[:-1] if r.endswith(",") and i % 7 == 0 else r for i, r in enumerate(rows)]  # one field short
    for i in range(100, 6000, 997):
        rows.insert(i, " , ,," if i % 2 else "   ")
    if newline == "mixed":
        ends = ["\r\n", "\n", "\r"]
        data = tmp_path / "data.csv"
        data.write_bytes("".join(line + ends[i % 3 if i > 3000 else 0] for i, line in enumerate([HEADER, *rows])).encode(encoding))
    else:
        data = _write(tmp_path / "data.csv", [HEADER, *rows], encoding=encoding, newline=newline)
    fast, _ = _both(tmp_path, scheme, data, "--columns", COLUMNS, "--by", "部门")
    _engine_ran(fast)


def test_a_block_with_quotes_is_read_in_one_pass(tmp_path: Path, scheme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A block holding a quote is read by `csv`, which stops at the block's last line: its lines
    are counted once per block, not once per row (that made a 20,000-row file with one "1,000"
    cell late in it take 20 s instead of 2: a new user's trial)."""
    from kpidsl.data import stream

    counted: list[int] = []
    real = stream._line_count
    monkeypatch.setattr(stream, "_line_count", lambda text: counted.append(1) or real(text))
    monkeypatch.setattr(csvrun, "CHUNK_ROWS", 900)
    monkeypatch.setattr(csvrun, "BLOCK_CHARS", 40_000)
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 700)  # the first chunk; the blocks come after it
    rows = _rows(6000, seed=13, quotes=False)
    first, _, rest = rows[4000].partition(",")
    rows[4000] = f'{first},"张三, 销售",{rest.partition(",")[2]}'  # one quoted name with a comma, late in the file
    data = _write(tmp_path / "data.csv", [HEADER, *rows])
    fast, _ = _both(tmp_path, scheme, data, "--columns", COLUMNS)
    assert "engine: columnar (2000 records or more, and the engine covers every part of the scheme); streamed, 900 rows at a time" in fast and "record by record" not in fast
    assert 1 <= len(counted) <= 2, len(counted)  # the one block with a quote (the record-by-record run never counts)


def test_chunks_of_plain_numbers_and_chunks_of_written_ones(tmp_path: Path, scheme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk whose number column holds only plain numbers (`1200`, `-7`, `89.99`) is typed by a
    cast with no pattern per cell (`typing.flagged(plain=True)`); a later chunk of the same column
    with ` 80 `, `1,200`, `¥800.5`, blanks and defaults takes the patterns: both write what the
    record-by-record run writes, in one file."""
    from kpidsl.columnar import engine, typing

    seen: set[bool] = set()
    real = typing.flagged

    def spy(*args: object, **kwargs: object) -> object:
        seen.add(bool(args[6] if len(args) > 6 else kwargs.get("plain", False)))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "flagged", spy)
    monkeypatch.setattr(csvrun, "CHUNK_ROWS", 900)
    monkeypatch.setattr(csvrun, "BLOCK_CHARS", 20_000)
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 700)
    rnd = random.Random(17)
    rows = []
    for i in range(3000):
        written = i >= 1800  # the first two chunks plain, the rest as people write numbers
        money = rnd.choice(["¥1,200.50", "3000元", " 95 ", "800.5"] if written else ["0", "1200", "800.5", "12.25"])
        hours = rnd.choice(["", "2.5", " 7 "] if written else ["0", "7", "2.5", "1.333"])
        score = rnd.choice([" 80 ", "89.99", "100"] if written else ["95", "89.99", "60", "0", "74.995"])
        late = rnd.choice(["", "1", "12"] if written else ["0", "1", "3", "12"])
        money = f'"{money}"' if "," in money else money
        rows.append(",".join([f"E{i:05d}", "张三", "销售一部", rnd.choice(["95%", "88.5%"]), money, hours, score, late, ""]))
    data = _write(tmp_path / "data.csv", [HEADER, *rows])
    fast, _ = _both(tmp_path, scheme, data, "--columns", COLUMNS)
    assert "engine: columnar (2000 records or more, and the engine covers every part of the scheme); streamed, 900 rows at a time" in fast and "record by record" not in fast, fast
    assert "evaluated by the interpreter" not in fast, fast  # the engine read every cell itself
    assert seen == {True, False}


_LABEL_CHARS = "合计小总共和汇平均值累张三 \u3000\t\u00a0\u2003abrgndtoalsuvg-TOAL"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_LABEL_CHARS, max_size=12), min_size=1, max_size=20))
def test_the_engines_summary_label_pattern_finds_what_the_guard_finds(cells: list[str]) -> None:
    """`csvrun.summary_label_pattern` (one RE2 pattern, white space allowed inside a Chinese word)
    finds every label cell `data.guards.summary_word` finds (white space removed first); it may
    find more English ones (RE2's ASCII word boundary), which only sends a run record by record,
    never fewer; the Chinese words exactly."""
    import duckdb
    import pyarrow as pa

    from kpidsl.columnar.csvrows import lit
    from kpidsl.data.guards import SUMMARY_WORDS, summary_word

    con = duckdb.connect()
    con.register("t", pa.table({"c": pa.array(cells, pa.string())}))
    found = [bool(hit) for (hit,) in con.execute(f"SELECT regexp_matches(c, {lit(csvrun.summary_label_pattern())}) FROM t").fetchall()]
    for cell, hit in zip(cells, found, strict=True):
        word = summary_word(cell)
        if word is not None:
            assert hit, cell
        if word is None and hit:
            assert not any(w in "".join(cell.split()) for w in SUMMARY_WORDS), cell  # an English word only


def test_grades_written_as_the_csv_writer_writes_their_words(tmp_path: Path) -> None:
    """The grade cell is one of the bands' words, written as a literal (no test per row): a word
    with a comma or a quote is quoted as `csv.writer` quotes it; when a word would start a formula,
    the cell is guarded per row as before (its `'`, counted on the guard's -v line)."""
    rows = [f"E{i:05d},{(i * 37) % 101}" for i in range(2500)]
    data = _write(tmp_path / "data.csv", ["工号,分", *rows])
    for last, shown in (("C", ",C,"), ('"=C"', ",'=C,")):
        path = tmp_path / "scheme.kpi"
        path.write_text('scheme "g" {\n  round 2\n  id 工号\n  input 工号: text\n  input 分: score\n'
                        f'  indicator 质量 weight 100% {{ score 分 }}\n  veto "红线" when 分 == 13 -> grade {last}\n'
                        f'  grade on rounded {{\n    "优, 秀" >= 90\n    "\\"B\\"" [75, 90)\n    {last} else\n  }}\n}}\n',
                        encoding="utf-8")
        _engine_ran(_both(tmp_path, path, data)[0])
        text = (tmp_path / "fast.csv").read_bytes().decode("utf-8-sig")
        assert ',"优, 秀",' in text and ',"""B""",' in text and shown in text, text[:300]
