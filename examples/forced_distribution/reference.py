"""Independent reference for the forced-distribution example (see examples/refkit.py).

Largest remainder for headcounts (ties on remainders: the better grade first), ties across a quota
line take the better grade, groups under 5 keep the absolute grade, pool shares rounded to cents by
largest remainder (ties: the larger coefficient, then the better position).
"""

import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402

GRADES = ["A", "B", "C", "D", "E"]
QUOTAS = [Fraction(1, 10), Fraction(2, 10), Fraction(4, 10), Fraction(2, 10), Fraction(1, 10)]
COEF = {"A": Fraction(14, 10), "B": Fraction(12, 10), "C": Fraction(1), "D": Fraction(8, 10), "E": Fraction(6, 10)}


def band(t: Fraction) -> str:
    return "A" if t >= 90 else "B" if t >= 80 else "C" if t >= 70 else "D" if t >= 60 else "E"


def counts(size: int) -> list[int]:
    exact = [size * q for q in QUOTAS]
    floors = [int(e) for e in exact]
    left = size - sum(floors)
    order = sorted(range(5), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def main() -> None:
    rows = [r for r in read(HERE) if r["工号"] != "合计"]  # the export's total row is not an employee
    depts: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        depts.setdefault(r["部门"], []).append(r)
    out = {}
    for dept, members in depts.items():
        totals = {m["工号"]: Fraction(half_up(F(m["考核得分"]), 1)) for m in members}
        ordered = sorted(members, key=lambda m: (-totals[m["工号"]], m["工号"]))
        n = len(members)
        rank = {m["工号"]: 1 + sum(1 for o in members if totals[o["工号"]] > totals[m["工号"]]) for m in members}
        pct = {m["工号"]: (Fraction(100) if n == 1 else Fraction(sum(1 for o in members if totals[o["工号"]] < totals[m["工号"]]) * 100, n - 1))
               for m in members}
        if n < 5:
            grade = {m["工号"]: band(totals[m["工号"]]) for m in members}
        else:
            slots = [g for g, c in zip(GRADES, counts(n)) for _ in range(c)]
            grade = {}
            i = 0
            while i < n:
                j = i
                while j + 1 < n and totals[ordered[j + 1]["工号"]] == totals[ordered[i]["工号"]]:
                    j += 1
                for k in range(i, j + 1):
                    grade[ordered[k]["工号"]] = slots[i]  # the whole tie block takes the better grade
                i = j + 1
        first = members[0]
        pool = F(first["部门标准绩效工资总额(元)"]) * F(first["部门当月实际销额(元)"]) / F(first["部门每月标准销额(元)"])
        coefs = [COEF[grade[m["工号"]]] for m in members]
        csum = sum(coefs)
        exact = [pool * c / csum * 100 for c in coefs]  # in cents
        cents = [int(e) for e in exact]
        left = int(Fraction(half_up(pool, 2)) * 100) - sum(cents)
        order = sorted(range(n), key=lambda i: (-(exact[i] - cents[i]), -coefs[i], i))
        for i in order[:left]:
            cents[i] += 1
        for m, c in zip(members, cents):
            out[m["工号"]] = [m["工号"], str(rank[m["工号"]]), half_up(pct[m["工号"]], 6), grade[m["工号"]],
                             str(COEF[grade[m["工号"]]]).replace("7/5", "1.4").replace("6/5", "1.2").replace("4/5", "0.8").replace("3/5", "0.6"),
                             f"{c // 100}.{c % 100:02d}", half_up(totals[m["工号"]], 1)]
    write(HERE, ["id", "部门排名", "百分位", "强制分布", "绩效系数", "绩效工资", "total"], [out[r["工号"]] for r in rows])


if __name__ == "__main__":
    main()
