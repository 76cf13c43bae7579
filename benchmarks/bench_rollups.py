"""Roll-ups of whole periods (issue 17): weekly records of a year, rolled up into months and the
year, against the same scheme without the roll-ups, in the same run; and a hand-written Decimal
loop computing the same monthly and year-end values, which the scheme's answers must equal.

Run: python benchmarks/bench_rollups.py [--employees 1000] [--weeks 2] [--repeat 3]

Times the documented path, `scheme.evaluate(rows)` on plain dicts, for two schemes that differ
only in two roll-ups (`mean total over month { round 1 }`, `mean 月度得分 over year { round 2 at
least 6 months }`) and a field grading the year. The best of `--repeat` runs of each, in CPU
seconds, and the ratio. A measurement, not a test (tests/unit/test_benchmark_scripts.py runs it
on a tiny input).
"""

from __future__ import annotations

import argparse
import random
import time
from decimal import ROUND_HALF_UP, Decimal

import kpidsl

BODY = """
  period week
  round 1
  id 工号
  input 工号: text
  input 期间: period
  input 得分: score in [0, 100]
  bands 等级表 { 优 >= 91  良 [76, 91)  中 [61, 76)  差 else }
  indicator 周记录 { score 得分 }
"""
ROLLUPS = """
  rollup 月度得分 = mean total over month { round 1 }
  rollup 年终得分 = mean 月度得分 over year { round 2  at least 6 months }
  field 年终等级 = 等级表(年终得分)
"""


def records(employees: int, weeks: int) -> list[dict[str, object]]:
    rnd = random.Random(17)
    return [{"工号": f"E{e:05d}", "期间": f"2024-{m:02d}W{w}", "得分": rnd.randint(110, 200) / 2}
            for e in range(employees) for m in range(1, 13) for w in range(1, weeks + 1) if rnd.random() > 0.05]


def half_up(x: Decimal, places: int) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def by_hand(rows: list[dict[str, object]]) -> dict[str, Decimal | None]:
    """The year-end value of each employee: the mean of the rounded monthly means (6 months at least)."""
    weeks: dict[tuple[str, str], list[Decimal]] = {}
    for r in rows:
        total = half_up(Decimal(str(r["得分"])), 1)
        weeks.setdefault((str(r["工号"]), str(r["期间"])[:7]), []).append(total)
    months: dict[str, list[Decimal]] = {}
    for (who, _), values in weeks.items():
        months.setdefault(who, []).append(half_up(sum(values, Decimal(0)) / len(values), 1))
    return {who: half_up(sum(v, Decimal(0)) / len(v), 2) if len(v) >= 6 else None for who, v in months.items()}


def best(scheme: kpidsl.Scheme, rows: list[dict[str, object]], repeat: int) -> tuple[float, kpidsl.Results]:
    times, out = [], None
    for _ in range(repeat):
        t = time.process_time()
        out = scheme.evaluate(rows)
        times.append(time.process_time() - t)
    assert out is not None
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--employees", type=int, default=1000)
    ap.add_argument("--weeks", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rows = records(args.employees, args.weeks)
    plain = kpidsl.loads('scheme "without roll-ups" {' + BODY + "}")
    rolled = kpidsl.loads('scheme "with roll-ups" {' + BODY + ROLLUPS + "}")
    t_plain, _ = best(plain, rows, args.repeat)
    t_rolled, results = best(rolled, rows, args.repeat)
    t = time.process_time()
    expected = by_hand(rows)
    t_hand = time.process_time() - t
    differing = sum(1 for r in results.records if r.population["年终得分"] != expected[r.id])
    print(f"roll-ups of whole periods: {len(rows):,} weekly records of {args.employees:,} employees, Scheme.evaluate(rows), "
          f"best of {args.repeat} (CPU seconds)")
    print(f"  the scheme without roll-ups:                  {t_plain:6.2f} s")
    print(f"  with a monthly and a year-end roll-up, graded: {t_rolled:6.2f} s   {t_rolled / t_plain:4.2f}x the scheme without")
    print(f"  the roll-ups by hand (a Decimal loop):         {t_hand:6.2f} s")
    print(f"  year-end values differing from the Decimal loop: {differing}")


if __name__ == "__main__":
    main()
