"""A new user's trial of the speed features (issue 12) from the docs only: each finding, with the
user's material (the purchasing example, its data, the API on plain dicts and Arrow tables, the
benchmarks' workload), as a regression test."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from conftest import EXAMPLES, run_kpi

import kpidsl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import workload  # noqa: E402


@pytest.fixture(scope="module")
def scheme() -> kpidsl.Scheme:
    return kpidsl.load(workload.SCHEME)


def _rows_with_a_float_divisor() -> list[dict[str, object]]:
    rows = list(workload.rows(2500))
    rows[5]["总供货量(件)"] = 0.1 + 0.2  # 0.30000000000000004: 17 decimal places, a divisor
    return rows


def test_a_float_divisor_falls_back_to_the_interpreter(scheme: kpidsl.Scheme) -> None:
    """It raised the columnar engine's internal `Unsupported` (neither a KpiError nor the
    documented ValueError): a division too wide for 38 digits with that many places. The
    fixed-point fast path takes such a batch (the record with the float goes to the
    interpreter); the DuckDB plan cannot, so the records (built from its full plan) are then
    the interpreter's: the same results either way."""
    rows = _rows_with_a_float_divisor()
    expected = scheme.evaluate(rows, engine="python")
    for data in (rows, pa.Table.from_pylist(rows)):
        got = scheme.evaluate(data)
        assert got.column("total") == expected.column("total") and got.column("grade") == expected.column("grade")
        assert got.column(scheme.ir.item_order[0]) == expected.column(scheme.ir.item_order[0])
        assert got == expected
    try:
        columnar = scheme.evaluate(rows, engine="columnar")
    except ValueError as exc:
        assert "38 digits" in str(exc)
    else:
        assert columnar == expected


def test_a_float_divisor_in_a_data_file_falls_back_too(scheme: kpidsl.Scheme, tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    workload.write_csv(path, 2500)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[6].split(",")
    cells[header.index("总供货量(件)")] = "0.30000000000000004"
    lines[6] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = scheme.read(path)
    got = scheme.evaluate_table(table)
    expected = scheme.evaluate_table(table, engine="python")
    assert got.column("total") == expected.column("total")


# -- the findings fixed on branch trial12fix

PURCHASING = EXAMPLES / "purchasing_manager"
HEADER = "工号,姓名,计划采购单数,按时完成单数,总供货量(件),被退货量(件),材料价格合理性得分,供应商管理得分\n"


def _record(**cells: object) -> dict[str, object]:
    base: dict[str, object] = {"工号": "E1", "姓名": "张伟", "计划采购单数": 100, "按时完成采购单数": 96, "总供货量": 1000,
                               "退货量": 30, "价格合理性评分": 85, "供应商管理评分": 90}
    return base | cells


# -- 2. a currency sign in a column that is not money: that is the reason, not the comma


@pytest.mark.parametrize(("cell", "plain"), [("¥1,000", "1,000"), ("1000元", "1000"), ("1,000元", "1,000"),
                                             ("￥1000", "1000"), ("$1,000.5", "1,000.5"), ("1000RMB", "1000")])
@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_currency_sign_in_a_number_column_names_the_real_reason(tmp_path: Path, cell: str, plain: str, engine: str) -> None:
    data = tmp_path / "d.csv"
    data.write_text(HEADER + f'E001,张伟,100,96,"{cell}",30,85,90\n', encoding="utf-8")
    r = run_kpi("eval", str(PURCHASING / "scheme.kpi"), str(data), "--engine", engine)
    assert r.code == 1 and "K-D0207" in r.err and "column '总供货量(件)'" in r.err
    assert "only a `money` input reads one" in r.err and f"write {plain}," in r.err
    assert "comma" not in r.err and "expected any decimal number" not in r.err
    zh = run_kpi("eval", str(PURCHASING / "scheme.kpi"), str(data), "--engine", engine, "--lang", "zh")
    assert "只有金额（`money`）输入项才读取它们" in zh.err and f"请写成 {plain}" in zh.err


def test_a_currency_sign_through_the_api_and_before_text_that_is_no_number() -> None:
    scheme = kpidsl.load(PURCHASING / "scheme.kpi")
    with pytest.raises(kpidsl.KpiError) as exc:
        scheme.evaluate([_record(总供货量="¥1,000")], engine="python")
    assert "only a `money` input reads one; write 1,000" in exc.value.diagnostics[0].message
    with pytest.raises(kpidsl.KpiError) as exc:
        scheme.evaluate([_record(总供货量="¥abc")], engine="python")
    message = exc.value.diagnostics[0].message
    assert message.endswith("only a `money` input reads one") and "write" not in message


def test_a_money_input_still_reads_currency_and_full_width_digits_are_numbers(tmp_path: Path) -> None:
    scheme = kpidsl.loads('scheme "s" {\n  id 工号\n  input 工号: text\n  input 奖金: money\n'
                          '  indicator 奖 weight 100% { score 奖金 / 100 }\n}\n', path="s.kpi")
    got = scheme.evaluate([{"工号": "A", "奖金": "¥1,000"}, {"工号": "B", "奖金": "1000元"}], engine="python")
    assert [r.total for r in got.record_data] == [Decimal(10), Decimal(10)]
    full_width = kpidsl.load(PURCHASING / "scheme.kpi").evaluate([_record(总供货量="１０００")], engine="python")
    assert full_width.record_data[0].total == kpidsl.load(PURCHASING / "scheme.kpi").evaluate([_record()]).record_data[0].total


# -- 3. API data errors: the typo'd key, a table's missing column once, the record's id


def test_a_typod_key_is_named_as_the_closest_unknown_key() -> None:
    scheme = kpidsl.load(PURCHASING / "scheme.kpi")
    record = _record()
    record["按时完成数"] = record.pop("按时完成采购单数")
    with pytest.raises(kpidsl.KpiError) as exc:
        scheme.evaluate_one(record)
    (d,) = exc.value.diagnostics
    assert d.code == "K-D0207" and "no value for '按时完成采购单数'" in d.message
    assert d.hints == ("did you mean the key '按时完成数'? It names no input; write one of '按时完成采购单数', '按时完成单数'",)
    with kpidsl.language("zh-CN"), pytest.raises(kpidsl.KpiError) as zh:
        scheme.evaluate_one(record)
    assert zh.value.diagnostics[0].hints[0].startswith("是不是键“按时完成数”？")
    with pytest.raises(kpidsl.KpiError) as none:  # a key that is there with no value is no typo
        scheme.evaluate_one(_record(按时完成采购单数=None))
    assert not any("did you mean" in h for h in none.value.diagnostics[0].hints)


@pytest.mark.parametrize("engine", ["auto", "python", "columnar"])
def test_a_table_without_an_inputs_column_is_one_error_per_input_not_per_record(engine: str) -> None:
    import pyarrow as pa

    scheme = kpidsl.load(PURCHASING / "scheme.kpi")
    rows = 2500
    columns = {k: [v] * rows for k, v in _record().items()}
    columns["按时完成数"] = columns.pop("按时完成采购单数")
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate(pa.table(columns), engine=engine)
    (d,) = exc.value.diagnostics
    assert d.code == "K-D0205" and d.message == "the table: no column for input '按时完成采购单数' (looked for '按时完成采购单数', '按时完成单数')"
    assert "'按时完成数'" in d.hints[0] and d.hints[1].startswith("the table's columns: '工号'")
    english = pa.table({"id": ["E1"] * rows, "plan": [1] * rows})
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate(english, engine=engine)
    assert len(exc.value.diagnostics) == len(scheme.ir.inputs) and all(d.code == "K-D0205" for d in exc.value.diagnostics)


@pytest.mark.parametrize("engine", ["auto", "python"])
def test_a_tables_missing_defaulted_column_is_an_error_as_a_files_is(engine: str) -> None:
    """A table's missing column for an input with a default was an empty cell in every record: a
    DataFrame read from an export with the header renamed (`客户投诉次数` for `投诉次数`) gave
    everyone the default, 0 complaints, without a word (a new-user trial, session 9). It is
    K-D0205, as in a file, whose hint offers `column optional`; declared so, the default holds."""
    import pyarrow as pa

    text = ('scheme "s" {\n  id 工号\n  input 工号: text\n  input 投诉次数: count = 0\n'
            '  indicator 基础 weight 100% { score 100 - 投诉次数 * 2 }\n}\n')
    table = pa.table({"工号": ["A", "B"] * 1500, "客户投诉次数": [3, 1] * 1500})
    with pytest.raises(kpidsl.KpiDataError) as exc:
        kpidsl.loads(text, path="s.kpi").evaluate(table, engine=engine)
    [d] = exc.value.diagnostics
    assert d.code == "K-D0205" and "投诉次数" in d.message and any("column optional" in h for h in d.hints), d
    assert any("客户投诉次数" in h for h in d.hints), d.hints  # the closest column, as an alias to declare
    optional = kpidsl.loads(text.replace("count = 0", "count = 0 column optional"), path="s.kpi")
    assert optional.evaluate(pa.table({"工号": ["A"]}), engine=engine).column("total") == [Decimal(100)]
    assert kpidsl.loads(text, path="s.kpi").evaluate([{"工号": "A"}], engine=engine).column("total") == [Decimal(100)]  # a dict's key


@pytest.mark.parametrize("engine", ["auto", "python"])
def test_a_bulk_error_names_the_records_id_beside_its_position(engine: str) -> None:
    scheme = kpidsl.load(PURCHASING / "scheme.kpi")
    records = [_record(工号=f"E{i}") for i in range(2500)]
    records[1234] = _record(工号="E1234", 计划采购单数="abc")
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate(records, engine=engine)
    assert exc.value.diagnostics[0].message.startswith("record 1235 (工号 'E1234'): 'abc' is not valid for '计划采购单数'")
    with kpidsl.language("zh-CN"), pytest.raises(kpidsl.KpiDataError) as zh:
        scheme.evaluate(records, engine=engine)
    assert zh.value.diagnostics[0].message.startswith("第 1235 条记录（工号“E1234”）：")
    records[1234] = _record(工号=None)  # no id: the position alone
    with pytest.raises(kpidsl.KpiDataError) as exc:
        scheme.evaluate(records, engine=engine)
    assert exc.value.diagnostics[0].message.startswith("record 1235: no value for '工号'")


# -- 4. BulkResults.column: the same digits on both engines, not only the same numbers


def _supported() -> list[str]:
    from conftest import EXAMPLE_NAMES

    from kpidsl.engines import columnar_engine

    return [n for n in EXAMPLE_NAMES if columnar_engine(kpidsl.load(EXAMPLES / n / "scheme.kpi"))[0] is not None]


@pytest.mark.parametrize("name", _supported())
def test_result_columns_have_the_interpreters_digits_on_the_columnar_engine(name: str) -> None:
    """`column("total_exact")` was `28.50000000000000000000` on the columnar engine and `28.5` on the
    interpreter: equal numbers, different exponents (str, JSON, a CSV written from them)."""
    scheme = kpidsl.load(EXAMPLES / name / "scheme.kpi")
    table = scheme.read(EXAMPLES / name / "data.csv")
    records = [dict(zip(table.columns, (str(c) if c is not None else None for c in r.cells), strict=False)) for r in table.rows]
    columnar, python = scheme.evaluate(records, engine="columnar"), scheme.evaluate(records, engine="python")
    assert columnar.engine == "columnar"
    from kpidsl.bulkresults import FIXED

    for column in [*(c for c in FIXED if c not in ("id", "period")), *scheme.ir.item_order]:
        assert [str(v) for v in columnar.column(column)] == [str(v) for v in python.column(column)], column


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_float_is_read_as_its_repr_as_docs_api_says(engine: str) -> None:
    scheme = kpidsl.load(PURCHASING / "scheme.kpi")
    got = scheme.evaluate([_record(价格合理性评分=0.1 + 0.2), _record(工号="E2", 价格合理性评分=0.95)], engine=engine)
    assert got.column("材料价格合理性") == [Decimal("0.30000000000000004"), Decimal("0.95")]


# -- 6. SIGTERM during `kpi eval -o`: the old output stays and no temporary file is left


def _send_when_writing(tmp_path: Path, sig: int) -> tuple[int, list[str], str]:
    """`kpi eval big.csv -o out.csv` as a real process over an existing out.csv, sent `sig` once
    its temporary output file exists; its exit status, the folder's files and out.csv's text."""
    import os
    import signal
    import subprocess
    import sys
    import time

    lines = [HEADER.rstrip("\n")] + [f"E{i},张伟,100,{90 + i % 10},1000,{i % 50},85,90" for i in range(400_000)]
    (tmp_path / "big.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    out.write_text("OLD CONTENT", encoding="utf-8")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "kpidsl", "eval", str(PURCHASING / "scheme.kpi"), str(tmp_path / "big.csv"),
                             "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 120
    while not any(".kpi-tmp-" in p.name for p in tmp_path.iterdir()):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(sig)
    proc.communicate(timeout=120)
    assert sig in (signal.SIGTERM, signal.SIGINT)
    return proc.returncode, sorted(p.name for p in tmp_path.iterdir()), out.read_text(encoding="utf-8")


def test_sigterm_while_writing_leaves_the_old_output_and_no_temporary_file(tmp_path: Path) -> None:
    import signal

    code, files, text = _send_when_writing(tmp_path, signal.SIGTERM)
    assert code == -signal.SIGTERM  # it still dies of SIGTERM (143 in a shell)
    assert files == ["big.csv", "out.csv"] and text == "OLD CONTENT"


def test_sigint_while_writing_does_the_same_and_exits_130(tmp_path: Path) -> None:
    import signal

    code, files, text = _send_when_writing(tmp_path, signal.SIGINT)
    assert code == 130
    assert files == ["big.csv", "out.csv"] and text == "OLD CONTENT"


def test_render_error_and_to_dict_take_a_language_tag(scheme: kpidsl.Scheme) -> None:
    """`lang="zh-CN"` (as docs/api.md lists the languages) gave English text with a Chinese list
    separator: only `kpidsl.Lang.ZH` was honoured (second trial of issue 12)."""
    with pytest.raises(kpidsl.KpiError) as info:
        scheme.evaluate_one({"工号": "E1", "计划采购单数": "abc"})
    exc = info.value
    chinese = kpidsl.render_error(exc, scheme, lang=kpidsl.Lang.ZH)
    assert kpidsl.render_error(exc, scheme, lang="zh-CN") == kpidsl.render_error(exc, scheme, lang="zh") == chinese
    assert chinese.startswith("错误[")
    assert exc.diagnostics[0].to_dict("zh-CN") == exc.diagnostics[0].to_dict(kpidsl.Lang.ZH)
    assert kpidsl.render_error(exc, scheme, lang="en").startswith("error[")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        kpidsl.render_error(exc, scheme, lang="fr")


def test_one_record_s_errors_name_its_id(scheme: kpidsl.Scheme) -> None:
    """`evaluate_one` said `the record: ...` although the dict had 工号 E0001 (a list's record
    was already named by its id): second trial of issue 12."""
    with pytest.raises(kpidsl.KpiError) as info:
        scheme.evaluate_one({"工号": "E0001", "计划采购单数": "abc"})
    assert "the record (工号 'E0001'): 'abc' is not valid" in kpidsl.render_error(info.value, scheme, lang="en")
    assert "该记录（工号“E0001”）" in kpidsl.render_error(info.value, scheme, lang="zh-CN")
    with pytest.raises(kpidsl.KpiError) as info:
        scheme.explain({"工号": "E0002", "计划采购单数": "-1"})
    assert "the record (工号 'E0002')" in kpidsl.render_error(info.value, scheme, lang="en")
    with pytest.raises(kpidsl.KpiError) as info:
        scheme.evaluate_one({"计划采购单数": "abc"}, record_id="张三")
    assert "the record (工号 '张三')" in kpidsl.render_error(info.value, scheme, lang="en")


@pytest.mark.parametrize("shape", ["dicts", "arrow"])
def test_bad_cells_and_an_id_used_twice_are_listed_alike_on_both_engines(shape: str) -> None:
    """The same records with two bad cells and an id used twice: the columnar engine listed only
    the id (it checked ids first and stopped), the interpreter only the cells (a new-user trial,
    session 9). Both list the bad cells, then the id used twice, as the same diagnostics."""
    scheme = kpidsl.load(PURCHASING / "scheme.kpi")
    records = [_record(工号=f"E{i}") for i in range(2500)]
    records[10] = _record(工号="E10", 计划采购单数=-2)
    records[20] = _record(工号="E20", 总供货量="待定")
    records[2400] = _record(工号="E7")
    data: object = records if shape == "dicts" else pa.Table.from_pylist([{k: str(v) for k, v in r.items()} for r in records])
    found = {}
    for engine in ("auto", "columnar", "python"):
        with pytest.raises(kpidsl.KpiDataError) as exc:
            scheme.evaluate(data, engine=engine)
        found[engine] = [(d.code, d.message) for d in exc.value.diagnostics]
    assert [code for code, _ in found["python"]] == ["K-D0207", "K-D0207", "K-D0208"], found["python"]
    assert found["auto"] == found["columnar"] == found["python"]
