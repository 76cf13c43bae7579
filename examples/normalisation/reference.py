"""Independent reference for the normalisation example: seed 003's worked example.

The seed states: department averages A 78, B 72, C 96, D 84, so the first adjustment factors are
100/78 = 1.282, 100/72 = 1.389, 100/96 = 1.042, 100/84 = 1.190; the highest first-adjusted score
is 119 (D1) and the lowest 71.4 (D5), so no weight may exceed (119 + 71.4) / (2 x 71.4) = 1.33;
a highest weight of 1.214 is used as it is. The department scores 80 / 85 / 97.12 / 90 give
weights 1 / 1.0625 / 1.214 / 1.125.
"""

import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402


def main() -> None:
    rows = read(HERE)
    by_dept: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_dept.setdefault(r["部门"], []).append(r)
    avg = {d: sum(F(m["考评分数"]) for m in ms) / len(ms) for d, ms in by_dept.items()}
    assert avg == {"A": 78, "B": 72, "C": 96, "D": 84}  # the seed's table
    first = {r["工号"]: F(r["考评分数"]) * 100 / avg[r["部门"]] for r in rows}
    hi, lo = max(first.values()), min(first.values())
    cap = (hi + lo) / (2 * lo)
    assert half_up(hi, 0) == "119" and half_up(lo, 1) == "71.4" and half_up(cap, 2) == "1.33"  # the seed's numbers
    dept_score = {d: F(ms[0]["部门经理业绩得分"]) for d, ms in by_dept.items()}
    low = min(dept_score.values())
    weight = {d: s / low for d, s in dept_score.items()}
    assert half_up(max(weight.values()), 3) == "1.214" and max(weight.values()) <= cap  # used as it is
    second = {r["工号"]: first[r["工号"]] * weight[r["部门"]] for r in rows}
    rank = {k: 1 + sum(1 for o in second.values() if o > v) for k, v in second.items()}
    write(HERE, ["id", "标准分", "全员排名"], [[r["工号"], half_up(second[r["工号"]], 6), str(rank[r["工号"]])] for r in rows])


if __name__ == "__main__":
    main()
