"""`kpi report` without a browser: the page's letters are the appeal replies, and an excluded
employee is listed with the reason, never counted (the browser test checks the page in Chromium)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import ROOT, run_kpi

pytest.importorskip("matplotlib", reason="kpi report draws its charts with matplotlib")


def _page(tmp_path: Path, example: str, lang: str) -> str:
    out = tmp_path / "report.html"
    result = run_kpi("report", f"examples/{example}/scheme.kpi", f"examples/{example}/data.csv", "-o", str(out),
                     "--lang", lang, cwd=ROOT)
    assert result.code == 0, result.err
    return out.read_text(encoding="utf-8")


def _letter(page: str, rid: str) -> str:
    found = re.search(rf"<section class='appeal' id='appeal-{rid}'.*?<pre class='explain'>(.*?)</pre>", page, re.S)
    assert found is not None, rid
    return html.unescape(found.group(1))


def test_each_letter_is_the_appeal_reply(tmp_path: Path) -> None:
    page = _page(tmp_path, "purchasing_manager", "zh-CN")
    reply = run_kpi("explain", "examples/purchasing_manager/scheme.kpi", "examples/purchasing_manager/data.csv",
                    "--id", "E003", "--lang", "zh-CN", cwd=ROOT).out
    assert _letter(page, "E003") == reply
    assert "距“95% 及以上”档（100 分）还差 0.5 个百分点" in _letter(page, "E003")


def test_an_excluded_employee_is_listed_with_the_reason_and_not_counted(tmp_path: Path) -> None:
    page = _page(tmp_path, "purchasing_staff", "zh-CN")
    assert "不参与考核的原因" in page
    row = re.search(r"<tr data-id='P07'.*?</tr>", page, re.S)
    assert row is not None
    assert "<td class='num' data-field='total'></td>" in row.group(0) and "因私、因病、因伤连续缺勤三十日以上" in row.group(0)
    assert "结论：本期不参加考核，原因是“因私、因病、因伤连续缺勤三十日以上”" in _letter(page, "P07")
    # 采购一组's mean is over its 6 appraised members (the reference's 71.1333…), not its 8 records
    assert re.search(r"<tr data-group='采购一组'><td>采购一组</td><td class='num'>6</td><td class='num'>71.13</td>", page)
