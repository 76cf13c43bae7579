"""A second new user's trial (a monthly scheme with a year-end roll-up, a pool with a vetoed
person): each finding with the user's own scheme, as a regression test."""

from __future__ import annotations

from pathlib import Path

from conftest import run_kpi

MONTHLY = """scheme "月度考核与年终汇总" {
  period month
  round 1
  id 工号

  input 工号: text
  input 姓名: text
  input 期间: period from 年度, 月份
  input 业绩得分: score in [0, 100] optional
  input 行为得分: score in [0, 100] optional
{exclude}
  indicator 业绩 weight 70% { score 业绩得分  on missing -> skip }
  indicator 行为 weight 30% { score 行为得分  on missing -> skip }

  bands 年终档 { A [90, 100]  B [80, 90)  C [70, 80)  D else }
  grade 年终档
}
"""

DATA = "工号,姓名,年度,月份,业绩得分,行为得分\nE01,张三,2024,4,90,76\nE02,李四,2024,4,84,60\nE02,李四,2024,5,,\n"


def _files(tmp_path: Path, exclude: str = "") -> list[str]:
    (tmp_path / "year.kpi").write_text(MONTHLY.replace("{exclude}", exclude), encoding="utf-8")
    (tmp_path / "data.csv").write_text(DATA, encoding="utf-8")
    return [str(tmp_path / "year.kpi"), str(tmp_path / "data.csv")]


def test_every_item_skipped_names_the_period_points_at_the_items_and_hints_an_exclude(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    en = run_kpi("eval", *paths)
    assert en.code == 1
    assert "error[K-R0304]: record 'E02', period 2024-05: every item was skipped" in en.err
    assert "year.kpi:12:3" in en.err  # the first item, not the scheme's header at 1:1
    assert 'leave such records out with a line `exclude "no data this period" when not present(业绩得分)`' in en.err
    zh = run_kpi("eval", *paths, "--lang", "zh-CN")
    assert "记录“E02”（期间 2024-05）：所有项目都不计分" in zh.err
    assert '`exclude "本期无考核数据" when not present(业绩得分)`' in zh.err
    # the hint is correct: with its line the scheme passes lint and the run leaves the month out
    fixed = _files(tmp_path, '  exclude "no data this period" when not present(业绩得分)\n')
    lint = run_kpi("lint", fixed[0])
    assert lint.code == 0, lint.out + lint.err
    ok = run_kpi("eval", *fixed, "--format", "csv")
    assert ok.code == 0, ok.err
    assert "no data this period" in ok.err or "no data this period" in ok.out


POOL = """scheme "强制分布与否决" {
  round 2
  id 工号
  input 工号: text
  input 部门: text
  input 得分: score in [0, 100]
  input 损失金额: money = 0
  input 奖金池: money
  indicator 业绩 weight 100% { score 得分 }
  veto "损失超限" when 损失金额 >= 1200 -> no bonus
  grade { A >= 90  B [80, 90)  C [70, 80)  D else }
  distribute 强制分布 by total within 部门 { A 20%  B 30%  C 30%  D 20%  boundary higher  mode separate }
  coefficient 绩效系数 from 强制分布 { A 1.5  B 1.2  C 1.0  D 0.5 }
  pool 绩效奖金 = 奖金池 split by 绩效系数 within 部门 places 2
}
"""


def test_the_pool_explanation_says_a_vetoed_persons_coefficient_is_left_out(tmp_path: Path) -> None:
    """Ten coefficients add up to 10.6; the pool divides by 9.4: the 1.2 of the person a `no bonus`
    veto withholds is not counted, and the explanation says so."""
    rows = "".join(f"E{n:02d},销售部,{score},{loss},10000\n" for n, (score, loss) in enumerate(
        [(99, 0), (95, 0), (92, 5000), (88, 0), (85, 0), (80, 0), (78, 0), (75, 0), (70, 0), (60, 0)], start=1))
    (tmp_path / "fd.kpi").write_text(POOL, encoding="utf-8")
    (tmp_path / "fd.csv").write_text("工号,部门,得分,损失金额,奖金池\n" + rows, encoding="utf-8")
    paths = [str(tmp_path / "fd.kpi"), str(tmp_path / "fd.csv")]
    zh = run_kpi("explain", *paths, "--id", "E02", "--lang", "zh-CN")
    assert zh.code == 0, zh.err
    assert "奖金池 10000（10 人，系数合计 9.4，不含 1 名因一票否决不发奖金人员的系数 1.2）；你的份额 = 10000 × 1.5 ÷ 9.4" in zh.out
    en = run_kpi("explain", *paths, "--id", "E02")
    assert ("(10 people, coefficients sum to 9.4, leaving out the coefficient 1.2 of 1 person whose bonus a `no bonus` "
            "veto withholds); your share = 10000 x 1.5 / 9.4") in en.out
