"""A test block's `given 完成率 = 95%` for an input read `as points` is 95%, not 0.95% (found while
building the period examples): the literal is marked as a percentage, as an Excel cell formatted
`0%` is, so the column's convention does not apply to it; a bare 95 follows the convention."""

from __future__ import annotations

from pathlib import Path

from conftest import run_kpi

SCHEME = """scheme "t" {
  input 完成率: percent as points
  indicator 完成 weight 100% {
    score 完成率 * 100
  }
}

test "written as a percentage" {
  given 完成率 = 95%
  expect 完成.score = 95
}

test "written as points" {
  given 完成率 = 95
  expect 完成.score = 95
}
"""


def test_given_percent_literal_ignores_the_points_convention(tmp_path: Path) -> None:
    path = tmp_path / "s.kpi"
    path.write_text(SCHEME, encoding="utf-8")
    r = run_kpi("test", str(path))
    assert r.code == 0, r.out + r.err
    assert "2 passed" in r.out


def test_without_as_points_a_bare_95_in_a_given_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.kpi"
    path.write_text(SCHEME.replace(" as points", ""), encoding="utf-8")
    r = run_kpi("test", str(path))
    assert r.code == 1 and "K-E0110" in r.err
