"""The `kpi` command end to end: formats, encodings, exit codes, and bad input."""

from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_kpi

import kpidsl.api
import kpidsl.cli

PM = EXAMPLES / "purchasing_manager"
SCHEME = str(PM / "scheme.kpi")
DATA = PM / "data.csv"


def _rows() -> list[list[str]]:
    with open(DATA, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _write_csv(path: Path, rows: list[list[str]], encoding: str) -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _totals(out: str) -> dict[str, str]:
    rows = list(csv.reader(out.splitlines()))
    head = rows[0]
    return {r[0]: r[head.index("Total")] for r in rows[1:]}


with open(PM / "expected.csv", encoding="utf-8", newline="") as _fh:
    EXPECTED = {r["id"]: r["total"] for r in csv.DictReader(_fh)}


def test_version_and_help() -> None:
    r = run_kpi("--version")
    assert r.code == 0 and "0.1.0" in r.out
    for cmd in ("eval", "explain", "lint", "test"):
        h = run_kpi(cmd, "--help")
        assert h.code == 0 and "Example" in h.out


def test_eval_table_aligns_chinese_columns() -> None:
    r = run_kpi("eval", SCHEME, str(DATA))
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    from wcwidth import wcswidth

    # every row has the same display width as the header: columns line up under Chinese text
    widths = {wcswidth(line.rstrip()) for line in lines[2:]}
    assert max(widths) <= wcswidth(lines[1])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    data = _write_csv(tmp_path / "data.csv", _rows(), encoding)
    r = run_kpi("eval", SCHEME, str(data), "--format", "csv")
    assert r.code == 0, r.err
    assert _totals(r.out) == EXPECTED


def test_forcing_the_wrong_encoding_is_a_clear_error(tmp_path: Path) -> None:
    data = _write_csv(tmp_path / "data.csv", _rows(), "gb18030")
    out = tmp_path / "out.csv"
    r = run_kpi("eval", SCHEME, str(data), "--encoding", "utf-8", "-o", str(out))
    assert r.code == 1
    assert "not valid utf-8" in r.err and "--encoding" in r.err
    assert not out.exists()


def test_xlsx_in_and_out(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考核"
    for i, row in enumerate(_rows()):
        if i == 0:
            ws.append(row)
        else:
            ws.append([row[0], row[1]] + [float(x) if "." in x else int(x) for x in row[2:]])
    src = tmp_path / "一月.xlsx"
    wb.save(src)
    out = tmp_path / "results.xlsx"
    r = run_kpi("eval", SCHEME, str(src), "--sheet", "考核", "-o", str(out))
    assert r.code == 0, r.err
    res = openpyxl.load_workbook(out).active
    rows = list(res.iter_rows(values_only=True))
    head = list(rows[0])
    assert head[0] == "工号" and "Total" in head  # headers for people (tests/cli/test_workbook.py)
    by_id = {row[0]: row[head.index("Total")] for row in rows[1:]}
    assert isinstance(by_id["E003"], (int, float))  # numbers stay numbers
    assert {k: Decimal(str(v)).quantize(Decimal("0.01")) for k, v in by_id.items()} == {k: Decimal(v) for k, v in EXPECTED.items()}


def test_missing_sheet_and_truncated_xlsx(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["x"])
    src = tmp_path / "a.xlsx"
    wb.save(src)
    r = run_kpi("eval", SCHEME, str(src), "--sheet", "nope")
    assert r.code == 1 and "no sheet named 'nope'" in r.err
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(src.read_bytes()[:200])
    out = tmp_path / "o.json"
    r = run_kpi("eval", SCHEME, str(broken), "-o", str(out))
    assert r.code == 1 and "not a readable .xlsx" in r.err and not out.exists()


@pytest.mark.parametrize("kind", ["json", "jsonl"])
def test_json_inputs(tmp_path: Path, kind: str) -> None:
    rows = _rows()
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    path = tmp_path / f"data.{kind}"
    if kind == "json":
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    r = run_kpi("eval", SCHEME, str(path), "--format", "csv")
    assert r.code == 0, r.err
    assert _totals(r.out) == EXPECTED


@pytest.mark.parametrize("suffix", ["csv", "json", "jsonl"])
def test_output_files(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"results.{suffix}"
    r = run_kpi("eval", SCHEME, str(DATA), "-o", str(out))
    assert r.code == 0, r.err
    if suffix == "csv":
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens Chinese UTF-8 CSV only with a BOM
        assert _totals(raw.decode("utf-8-sig").replace("\r\n", "\n")) == EXPECTED
    elif suffix == "json":
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["scheme"] == "采购部经理 KPI"
        assert {rec["id"]: rec["total"] for rec in doc["records"]} == EXPECTED  # decimals as exact strings
    else:
        recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {rec["id"]: rec["total"] for rec in recs} == EXPECTED


def test_columns_id_and_unknown_column() -> None:
    r = run_kpi("eval", SCHEME, str(DATA), "--columns", "id,total,grade", "--format", "csv")
    assert r.out.splitlines()[0] == "工号,Total,Grade"  # the workbook's headers, in the chosen language
    keys = run_kpi("eval", SCHEME, str(DATA), "--columns", "id,total,grade", "--format", "csv", "--headers", "keys")
    assert keys.out.splitlines()[0] == "id,total,grade"
    bad = run_kpi("eval", SCHEME, str(DATA), "--columns", "id,采购计划完成", "--format", "csv")
    assert bad.code == 2 and "did you mean '采购计划完成率'" in bad.err


def test_labels_map_chinese_headers_and_verbose_reports_extra_columns(tmp_path: Path) -> None:
    rows = _rows()
    rows[0].append("备注")
    for row in rows[1:]:
        row.append("无")
    data = _write_csv(tmp_path / "d.csv", rows, "utf-8")
    r = run_kpi("eval", SCHEME, str(data), "-v", "--format", "csv")
    assert r.code == 0
    assert "columns not used by the scheme: 备注" in r.err


def test_non_numeric_cell_names_file_row_column_and_value(tmp_path: Path) -> None:
    rows = _rows()
    rows[3][2] = "二百"
    data = _write_csv(tmp_path / "d.csv", rows, "utf-8")
    out = tmp_path / "o.csv"
    r = run_kpi("eval", SCHEME, str(data), "-o", str(out))
    assert r.code == 1
    assert "line 4" in r.err and "column '计划采购单数'" in r.err and "'二百'" in r.err and "count" in r.err
    assert f"{data}:4:" in r.err  # file:line:col, then the line itself with a caret
    assert "^^" in r.err
    assert not out.exists()


def test_missing_column_lists_the_columns_found(tmp_path: Path) -> None:
    rows = [r[:2] + r[3:] for r in _rows()]
    data = _write_csv(tmp_path / "d.csv", rows, "utf-8")
    r = run_kpi("eval", SCHEME, str(data))
    assert r.code == 1 and "no column for input '计划采购单数'" in r.err and "columns found:" in r.err


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    r = run_kpi("eval", SCHEME, str(empty))
    assert r.code == 1 and "is empty" in r.err
    r = run_kpi("eval", SCHEME, str(tmp_path / "nope.csv"))
    assert r.code == 1 and "not found" in r.err
    r = run_kpi("eval", str(tmp_path / "nope.kpi"), str(DATA))
    assert r.code == 1 and "scheme file not found" in r.err


def test_scheme_with_a_syntax_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.kpi"
    bad.write_text('scheme "x" {\n  input a: count\n  indicator y { score a +  }\n}\n', encoding="utf-8")
    out = tmp_path / "o.csv"
    r = run_kpi("eval", str(bad), str(DATA), "-o", str(out))
    assert r.code == 1
    assert f"{bad}:3:" in r.err and "^" in r.err and "Traceback" not in r.err
    assert not out.exists()


def test_usage_errors_exit_2() -> None:
    assert run_kpi("eval").code == 2
    assert run_kpi("eval", SCHEME, str(DATA), "--format", "pdf").code == 2
    assert run_kpi("nosuchcommand").code == 2
    assert run_kpi("eval", SCHEME, str(DATA), "-o", "x.pdf").code == 2


def test_internal_error_exits_70_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(kpidsl.api, "load", boom)  # cli imports it from api when a command runs
    r = run_kpi("eval", SCHEME, str(DATA))
    assert r.code == 70
    assert "internal error" in r.err and "report" in r.err and "Traceback" not in r.err


def test_failure_during_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kpidsl.workbook

    out = tmp_path / "results.xlsx"

    def broken(*a: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(kpidsl.workbook, "_results_sheet", broken)
    r = run_kpi("eval", SCHEME, str(DATA), "-o", str(out))
    assert r.code == 1  # the disk, not kpidsl: a located error (issue 9), never exit 70
    assert "error[K-O0102]: cannot write" in r.err and "disk full" in r.err
    assert not out.exists() and not list(tmp_path.iterdir())


def test_explain_text_json_and_unknown_id() -> None:
    r = run_kpi("explain", SCHEME, str(DATA), "--id", "E006", "--detail", "full")
    assert r.code == 0
    assert "计划采购单数 is 0" in r.out and "on zero -> 0" in r.out and "result: total: 55.10; grade: D" in r.out
    reply = run_kpi("explain", SCHEME, str(DATA), "--id", "E006")  # the appeal reply, the default
    assert "cannot be computed (计划采购单数 is 0)" in reply.out and "In short: total 55.10, grade D." in reply.out
    j = run_kpi("explain", SCHEME, str(DATA), "--id", "E006", "--format", "json")
    doc = json.loads(j.out)
    assert doc["record"]["total"] == "55.10"
    assert any(e["step"] == "grade" for e in doc["trace"])
    missing = run_kpi("explain", SCHEME, str(DATA), "--id", "E09")
    assert missing.code == 1 and "no record with id 'E09'" in missing.err


def test_lint_text_json_and_exit_codes(tmp_path: Path) -> None:
    ok = run_kpi("lint", SCHEME)
    assert ok.code == 0 and "0 errors" in ok.err
    bad = tmp_path / "bad.kpi"
    bad.write_text('scheme "x" {\n  input a: score\n  indicator y weight 40% { score a }\n  indicator z weight 50% { score a }\n}\n', encoding="utf-8")
    r = run_kpi("lint", str(bad), "--format", "json")
    assert r.code == 1
    doc = json.loads(r.out)
    assert doc[0]["code"] == "K-E0130" and doc[0]["location"]["line"] == 3


def test_test_command_reports_a_diff(tmp_path: Path) -> None:
    scheme = tmp_path / "s.kpi"
    scheme.write_text(
        'scheme "x" {\n  input a: score\n  indicator y { score a }\n'
        '  test "ok" { given a = 5 expect total = 5 }\n'
        '  test "wrong" { given a = 5 expect total = 6, y.score = 5 }\n}\n',
        encoding="utf-8",
    )
    r = run_kpi("test", str(scheme))
    assert r.code == 1
    assert "PASS" in r.out and "FAIL" in r.out
    assert "- expected: 6" in r.out and "+ actual:   5" in r.out
    assert "1 passed, 1 failed" in r.out


def test_eval_several_files_and_period_filter(tmp_path: Path) -> None:
    rows = _rows()
    head = [*rows[0], "考核期间"]
    h1 = [head] + [[*r, "2024H1"] for r in rows[1:4]]
    h2 = [head] + [[*r, "2024H2"] for r in rows[4:]]
    a = _write_csv(tmp_path / "a.csv", h1, "utf-8")
    b = _write_csv(tmp_path / "b.csv", h2, "utf-8")
    both = run_kpi("eval", SCHEME, str(a), str(b), "--format", "csv")
    assert both.code == 0 and _totals(both.out) == EXPECTED
    only = run_kpi("eval", SCHEME, str(a), "--period", "2024H1", "--format", "json")
    assert json.loads(only.out)["period"] == "2024H1"


def test_duplicate_ids_are_an_error(tmp_path: Path) -> None:
    rows = _rows()
    rows.append(rows[1])
    data = _write_csv(tmp_path / "d.csv", rows, "utf-8")
    r = run_kpi("eval", SCHEME, str(data))
    assert r.code == 1 and "id 'E001' was already used" in r.err


def test_module_without_scheme(tmp_path: Path) -> None:
    mod = tmp_path / "m.kpi"
    mod.write_text("ladder L { >= 1 -> 1 else -> 0 }\n", encoding="utf-8")
    assert run_kpi("lint", str(mod)).code == 0
    r = run_kpi("eval", str(mod), str(DATA))
    assert r.code == 1 and "defines no scheme" in r.err


def test_copy_of_example_runs_from_another_folder(tmp_path: Path) -> None:
    shutil.copytree(PM, tmp_path / "pm")
    r = run_kpi("eval", "pm/scheme.kpi", "pm/data.csv", "--format", "csv", cwd=tmp_path)
    assert r.code == 0 and _totals(r.out) == EXPECTED


def test_title_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2024年上半年 采购部经理绩效考核表"])
    ws.append(["填表日期: 2024-07-05"])
    for row in _rows():
        ws.append(row)
    src = tmp_path / "考核表.xlsx"
    wb.save(src)
    r = run_kpi("eval", SCHEME, str(src), "--format", "csv")
    assert r.code == 0, r.err
    assert _totals(r.out) == EXPECTED
    title_csv = tmp_path / "t.csv"
    _write_csv(title_csv, [["采购部经理绩效考核表"], *_rows()], "gb18030")
    r = run_kpi("eval", SCHEME, str(title_csv), "--format", "csv")
    assert r.code == 0, r.err
    assert _totals(r.out) == EXPECTED


def test_a_test_can_expect_an_error(tmp_path: Path) -> None:
    scheme = tmp_path / "s.kpi"
    scheme.write_text(
        'scheme "x" {\n  input a: count\n  input b: count\n  indicator y { score a / b }\n'
        '  test "zero" { given a = 1, b = 0 expect error = "K-R0301" }\n'
        '  test "wrong code" { given a = 1, b = 0 expect error = "K-R0302" }\n'
        '  test "no error" { given a = 1, b = 1 expect error = "K-R0301" }\n}\n',
        encoding="utf-8",
    )
    r = run_kpi("test", str(scheme))
    assert "PASS" in r.out and "1 passed, 2 failed" in r.out
    assert "+ actual:   K-R0301" in r.out and "+ actual:   no error" in r.out


def test_the_same_id_in_two_files_is_an_error(tmp_path: Path) -> None:
    rows = _rows()
    a = _write_csv(tmp_path / "a.csv", rows[:3], "utf-8")
    b = _write_csv(tmp_path / "b.csv", [rows[0], rows[2]], "utf-8")
    r = run_kpi("eval", SCHEME, str(a), str(b))
    assert r.code == 1 and "id 'E002' is also in" in r.err


def test_unknown_format_two_matching_columns_and_a_period_with_no_rows(tmp_path: Path) -> None:
    odd = tmp_path / "data.dat"
    odd.write_text("x", encoding="utf-8")
    r = run_kpi("eval", SCHEME, str(odd))
    assert r.code == 1 and "K-D0203" in r.err
    rows = _rows()
    twice = _write_csv(tmp_path / "twice.csv", [[*rows[0], rows[0][2]]] + [[*r, r[2]] for r in rows[1:]], "utf-8")
    r = run_kpi("eval", SCHEME, str(twice))
    assert r.code == 1 and "K-D0206" in r.err and "both match" in r.err
    head = [*rows[0], "考核期间"]
    h1 = _write_csv(tmp_path / "h1.csv", [head] + [[*r, "2024H1"] for r in rows[1:]], "utf-8")
    r = run_kpi("eval", SCHEME, str(h1), "--period", "2024H2")
    assert r.code == 1 and "K-D0209" in r.err
