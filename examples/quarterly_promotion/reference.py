"""Independent reference for the quarterly-promotion example (see examples/refkit.py).

Pool shares to the cent by largest remainder; on equal remainders the larger weight first, then
the higher exact total (the coefficients come from the grade), then the employee id: never the
order of the rows.
"""

import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402

COEF = {"A": Fraction(12, 10), "B": Fraction(1), "C": Fraction(8, 10)}
ORDER = ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]


def main() -> None:
    rows = read(HERE)
    total = {(r["工号"], r["考核季度"]): Fraction(half_up(F(r["绩效得分"]), 1)) for r in rows}
    raw = {(r["工号"], r["考核季度"]): F(r["绩效得分"]) for r in rows}
    out = {}
    for q in ORDER:
        members = [r for r in rows if r["考核季度"] == q]
        if not members:  # a data file need not hold every quarter
            continue
        grade = {r["工号"]: "A" if total[(r["工号"], q)] >= 90 else "B" if total[(r["工号"], q)] >= 80 else "C" for r in members}
        weights = [COEF[grade[r["工号"]]] * F(r["本季在岗天数"]) / 90 for r in members]
        pool = F(members[0]["季度奖金池(元)"])
        exact = [pool * w / sum(weights) * 100 for w in weights]
        cents = [int(e) for e in exact]
        left = int(pool * 100) - sum(cents)
        tie = [(-raw[(r["工号"], q)], r["工号"]) for r in members]
        for i in sorted(range(len(members)), key=lambda i: (-(exact[i] - cents[i]), -weights[i], tie[i]))[:left]:
            cents[i] += 1
        for r, c in zip(members, cents):
            who = r["工号"]
            i = ORDER.index(q)
            prev = raw.get((who, ORDER[i - 1])) if i > 0 else None
            growth = raw[(who, q)] - prev if prev is not None else Fraction(0)
            last3 = [total.get((who, ORDER[i - k])) if i - k >= 0 else None for k in range(3)]
            flag = all(t is not None and t >= 90 for t in last3)
            so_far = [total[(who, p)] for p in ORDER[: i + 1] if (who, p) in total]
            out[(who, q)] = [who, q, half_up(total[(who, q)], 1), grade[who], half_up(growth, 1),
                             "yes" if flag else "no", half_up(sum(so_far) / len(so_far), 6), f"{c // 100}.{c % 100:02d}"]
    write(HERE, ["id", "period", "total", "grade", "环比变化", "晋升候选", "年度平均", "季度奖金"],
          [out[(r["工号"], r["考核季度"])] for r in rows])


if __name__ == "__main__":
    main()
