"""Versions, audit and calibration: `kpi diff` against an independent reference, overrides as a
layer, and the run record (replay, tampering detected by the hash chain, explain of a past run)."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_kpi

import kpidsl

CHANGE = EXAMPLES / "scheme_change"
FORCED = EXAMPLES / "forced_distribution"


# ------------------------------------------------------------------------------ kpi diff


def _diff_json(*args: str, cwd: Path | None = None) -> dict[str, object]:
    result = run_kpi("diff", *args, "--format", "json", cwd=cwd)
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


def test_diff_matches_the_independent_reference() -> None:
    """A raised tier and an added veto: the people who change, by how much and why."""
    out = _diff_json(str(CHANGE / "scheme_2024.kpi"), str(CHANGE / "scheme.kpi"), str(CHANGE / "data.csv"))
    with open(CHANGE / "expected_diff.csv", encoding="utf-8", newline="") as fh:
        expected = {r["id"]: r for r in csv.DictReader(fh)}
    people = {p["id"]: p for p in out["people"]}  # type: ignore[attr-defined]
    assert set(people) == set(expected)
    for pid, want in expected.items():
        p = people[pid]
        assert (p["old"]["total"], p["new"]["total"]) == (want["old_total"], want["new_total"]), pid
        assert (p["old"]["grade"], p["new"]["grade"]) == (want["old_grade"], want["new_grade"]), pid
        assert (p["old"]["绩效奖金"], p["new"]["绩效奖金"]) == (want["old_pay"], want["new_pay"]), pid
        nodes = [c["node"] for c in p["causes"]]
        if want["cause"] == "veto":
            assert nodes == ["veto:重大违规"], pid
        elif want["cause"] == "tier":
            assert nodes == ["indicator:销售达成率/ladder/tier:0"], pid
            assert p["causes"][0]["old"] == "tier 1 -> 100" and p["causes"][0]["new"] == "tier 2 -> 80"
        else:
            assert nodes == ["rule:绩效奖金"] and p["causes"][0]["changes"] == [], pid
    # people sorted by the money that moves for them, largest first
    moved = [abs(float(p["new"]["绩效奖金"]) - float(p["old"]["绩效奖金"])) for p in out["people"]]  # type: ignore[attr-defined]
    assert moved == sorted(moved, reverse=True)


def test_diff_reports_the_structural_changes() -> None:
    out = _diff_json(str(CHANGE / "scheme_2024.kpi"), str(CHANGE / "scheme.kpi"), str(CHANGE / "data.csv"))
    changes = {(c["change"], c["node"]) for c in out["changes"]}  # type: ignore[attr-defined]
    assert ("changed", "indicator:销售达成率/ladder/tier:0") in changes
    assert ("added", "veto:重大违规") in changes
    tier = next(c for c in out["changes"] if c["node"].endswith("tier:0"))  # type: ignore[attr-defined]
    assert (tier["old"], tier["new"]) == (">= 95% -> 100", ">= 96% -> 100")
    grades = {g["label"]: (g["old"], g["new"]) for g in out["grades"]["grade"]}  # type: ignore[index]
    assert grades == {"A": (4, 3), "B": (3, 2), "C": (1, 1), "D": (1, 3)}


def test_the_same_scheme_twice_changes_nothing() -> None:
    out = _diff_json(str(CHANGE / "scheme.kpi"), str(CHANGE / "scheme.kpi"), str(CHANGE / "data.csv"))
    assert out["changes"] == [] and out["people"] == [] and out["unchanged"] == 9


def test_diff_text_xlsx_and_html(tmp_path: Path) -> None:
    args = [str(CHANGE / "scheme_2024.kpi"), str(CHANGE / "scheme.kpi"), str(CHANGE / "data.csv")]
    text = run_kpi("diff", *args, "--lang", "zh")
    assert text.code == 0 and "新增一票否决" in text.out and "veto:重大违规" in text.out and "钱二" in text.out
    for ext in ("xlsx", "html"):
        assert run_kpi("diff", *args, "-o", str(tmp_path / f"d.{ext}")).code == 0
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "d.xlsx")
    assert wb.worksheets[0].max_row == 10  # a header and the 9 people
    page = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert "data-id='E02'" in page and "http" not in page.split("<body>")[1]


def test_diff_against_a_git_revision(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    shutil.copy(CHANGE / "data.csv", repo / "sub" / "data.csv")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run([*git[:5], "init", "-q", str(repo)], check=True)
    shutil.copy(CHANGE / "scheme_2024.kpi", repo / "sub" / "scheme.kpi")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "2024"], check=True)
    shutil.copy(CHANGE / "scheme.kpi", repo / "sub" / "scheme.kpi")
    subprocess.run([*git, "commit", "-qam", "2025"], check=True)
    out = _diff_json("HEAD~1:scheme.kpi", "scheme.kpi", "data.csv", cwd=repo / "sub")
    assert {p["id"] for p in out["people"]} == {f"E0{i}" for i in range(1, 10)}  # type: ignore[attr-defined]
    bad = run_kpi("diff", "HEAD~5:scheme.kpi", "scheme.kpi", "data.csv", cwd=repo / "sub")
    assert bad.code == 1 and "K-D0233" in bad.err


# ------------------------------------------------------------------------------ overrides


def test_overrides_show_computed_and_final_side_by_side() -> None:
    result = run_kpi("eval", str(FORCED / "scheme.kpi"), str(FORCED / "data.csv"), "--overrides", str(FORCED / "overrides.csv"),
                     "--format", "csv", "--headers", "keys")
    assert result.code == 0, result.err
    rows = {r["id"]: r for r in csv.DictReader(result.out.splitlines())}
    s07 = rows["S07"]
    assert (s07["computed:强制分布"], s07["强制分布"]) == ("C", "B")
    assert (s07["computed:绩效系数"], s07["绩效系数"]) == ("1.0", "1.2")  # the coefficient runs after the overrides
    assert s07["override_reason"] == "重点项目攻坚，校准会议同意上调一档" and s07["override_approver"] == "销售总监 王强"
    x03 = rows["X03"]
    assert (x03["computed:total"], x03["total"], x03["computed:grade"], x03["grade"]) == ("65.0", "72.0", "D", "C")
    # the 部门排名 rule runs before the overrides: S07 keeps rank 7; the pool still adds up
    assert rows["S07"]["部门排名"] == "7"
    assert sum(float(r["绩效工资"]) for k, r in rows.items() if k.startswith("S")) == pytest.approx(120000)
    assert rows["S01"]["override_reason"] == "" and rows["S01"]["computed:绩效工资"] != rows["S01"]["绩效工资"]


def test_overrides_in_json_and_explain() -> None:
    result = run_kpi("eval", str(FORCED / "scheme.kpi"), str(FORCED / "data.csv"), "--overrides", str(FORCED / "overrides.csv"),
                     "--format", "json")
    s07 = next(r for r in json.loads(result.out)["records"] if r["id"] == "S07")
    assert s07["overrides"][0] | {"source": ""} == {"field": "强制分布", "computed": "C", "final": "B", "reason": "重点项目攻坚，校准会议同意上调一档",
                                                   "approver": "销售总监 王强", "row": 2, "source": ""}
    assert s07["computed"]["绩效系数"] == "1.0" and s07["population"]["绩效系数"] == "1.2"
    explain = run_kpi("explain", str(FORCED / "scheme.kpi"), str(FORCED / "data.csv"), "--id", "S07",
                      "--overrides", str(FORCED / "overrides.csv"), "--detail", "full")
    assert explain.code == 0, explain.err
    assert "强制分布: overridden, computed \"C\", final \"B\"" in explain.out
    assert "reason: 重点项目攻坚，校准会议同意上调一档; approved by 销售总监 王强" in explain.out
    assert "绩效系数: grade B -> coefficient 1.2" in explain.out


@pytest.mark.parametrize(("row", "message"), [
    ("S99,total,80,r,a,", "no employee 'S99' in the data"),
    ("S01,grade,A+,r,a,", "'A+' is not a value of grade"),
    ("S01,奖金,1,r,a,", "no field '奖金'"),
    ("S01,total,80,,a,", "'reason' cell is empty"),
    ("S01,total,80.55,r,a,", "more places than the published total"),
    ("S01,强制分布,B,r,a,B", "强制分布 was B when this override was approved, but is now computed as \"A\""),
])
def test_an_override_that_does_not_apply_is_an_error_naming_its_row(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "o.csv"
    path.write_text("id,field,value,reason,approver,was\n" + row + "\n", encoding="utf-8")
    result = run_kpi("eval", str(FORCED / "scheme.kpi"), str(FORCED / "data.csv"), "--overrides", str(path))
    assert result.code == 1
    assert "K-D0230" in result.err and message in result.err and ("line 2" in result.err or "row 2" in result.err), result.err
    assert "Traceback" not in result.err


def test_the_overrides_block_is_checked() -> None:
    text = (FORCED / "scheme.kpi").read_text(encoding="utf-8").replace("before 部门排名, 百分位", "before 部门排名, 百分位, 绩效系数, 强制分布x")
    scheme = kpidsl.loads(text, path="s.kpi")
    messages = [d.message for d in scheme.check() if d.code == "K-E0180"]
    assert any("'强制分布x' is not a population rule" in m for m in messages)
    assert any("'绩效系数' is already listed" in m for m in messages)


def test_a_before_rule_may_not_read_an_after_rule() -> None:
    text = (FORCED / "scheme.kpi").read_text(encoding="utf-8").replace("after 强制分布, 绩效系数, 绩效工资", "after 强制分布")
    scheme = kpidsl.loads(text, path="s.kpi")
    messages = [d.message for d in scheme.check() if d.code == "K-E0180"]
    assert messages == ["'绩效系数' runs before the overrides but reads '强制分布', which runs after them"]


# ------------------------------------------------------------------------------ the run record


def _record(tmp_path: Path) -> Path:
    db = tmp_path / "runs.db"
    for args in ((str(FORCED / "scheme.kpi"), str(FORCED / "data.csv"), "--overrides", str(FORCED / "overrides.csv")),
                 (str(CHANGE / "scheme.kpi"), str(CHANGE / "data.csv"))):
        result = run_kpi("eval", *args, "--record", str(db), "--format", "csv")
        assert result.code == 0, result.err
    return db


def test_replay_proves_a_stored_run(tmp_path: Path) -> None:
    db = _record(tmp_path)
    history = run_kpi("history", "--record", str(db))
    assert history.code == 0 and "forced_distribution/scheme.kpi" in history.out and "intact" in history.err
    for run in ("1", "2"):
        result = run_kpi("replay", run, "--record", str(db))
        assert result.code == 0, result.err
        assert "every number is unchanged" in result.out
    missing = run_kpi("replay", "7", "--record", str(db))
    assert missing.code == 1 and "K-D0231" in missing.err


def test_replay_uses_the_stored_scheme_not_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "ex"
    shutil.copytree(CHANGE, folder)
    db = tmp_path / "runs.db"
    assert run_kpi("eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "--record", str(db)).code == 0
    (folder / "scheme.kpi").write_text((folder / "scheme.kpi").read_text(encoding="utf-8").replace("A 1.5", "A 1.9"), encoding="utf-8")
    assert run_kpi("replay", "1", "--record", str(db)).code == 0


def test_a_modified_stored_row_is_reported_as_tampered(tmp_path: Path) -> None:
    db = _record(tmp_path)
    with sqlite3.connect(db) as con, pytest.raises(sqlite3.IntegrityError):
        con.execute("UPDATE runs SET user = 'x'")  # append-only through SQLite
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER runs_no_update")  # as someone editing the file directly would
    con.execute("UPDATE runs SET payload = replace(payload, '\"$d\":\"16153.85\"', '\"$d\":\"26153.85\"') WHERE seq = 1")
    con.commit()
    con.close()
    for args in (("replay", "1"), ("history",), ("explain", "--run", "1", "--id", "S01")):
        result = run_kpi(*args, "--record", str(db))
        assert result.code == 1, args
        assert "K-D0232" in result.err and "1: the stored row does not match its hash" in result.err, result.err


def test_explain_of_a_past_run_is_the_explain_of_that_time(tmp_path: Path) -> None:
    db = _record(tmp_path)
    past = run_kpi("explain", "--run", "1", "--id", "S07", "--record", str(db))
    now = run_kpi("explain", str(FORCED / "scheme.kpi"), str(FORCED / "data.csv"), "--id", "S07", "--overrides", str(FORCED / "overrides.csv"))
    assert past.code == 0, past.err
    assert past.out.split("\n", 1)[1] == now.out  # the same text below the run's header line
    as_json = json.loads(run_kpi("explain", "--run", "2", "--id", "E02", "--record", str(db), "--format", "json").out)
    assert as_json["record"]["grade"] == "B" and as_json["trace"]
    assert run_kpi("explain", "--run", "1", "--id", "NOPE", "--record", str(db)).code == 1
    assert run_kpi("history", "--record", str(tmp_path / "none.db")).code == 1
