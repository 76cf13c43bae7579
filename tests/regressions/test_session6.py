"""Usability fixes of session 6: what a user sees of an explanation printed or shown in a notebook."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, run_kpi

import kpidsl

RECORD = {"工号": "E1", "姓名": "张伟", "计划采购单数": 100, "按时完成单数": 96, "总供货量": 1000, "退货量": 30,
          "价格合理性评分": 85.5, "供应商管理评分": 90}


def test_an_explanation_prints_as_the_reply_and_shows_as_one_line() -> None:
    scheme = kpidsl.load(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    explanation = scheme.explain(RECORD)
    assert repr(explanation) == f"<Explanation of E1: total 96.10, grade A, {len(explanation.events)} steps>"
    assert str(explanation) == explanation.render()
    assert "In short: total 96.10, grade A." in str(explanation) and "1. Your data\n" in str(explanation)
    with kpidsl.language("zh-CN"):
        assert str(explanation).startswith(explanation.render("zh-CN")[:20]) and "考核数据" in str(explanation)
    assert isinstance(explanation, kpidsl.Explanation)


@pytest.mark.parametrize("output", ["out.csv", "out.xlsx", None])
def test_a_missing_or_folder_data_file_is_k_d0202_on_every_path(tmp_path: Path, output: str | None) -> None:
    """CSV -> CSV streams (its progress bar counted the file's lines first): it crashed, exit 70."""
    scheme = str(EXAMPLES / "purchasing_manager" / "scheme.kpi")
    out = ["-o", str(tmp_path / output)] if output else []
    for data, words in ((tmp_path / "nofile.csv", "data file not found"), (tmp_path, "is a folder")):
        r = run_kpi("eval", scheme, str(data), *out)
        assert (r.code, r.err.splitlines()[0].split("]")[0]) == (1, "error[K-D0202"), r.err
        assert words in r.err and "internal error" not in r.err
    assert not any(tmp_path.glob("out*"))
