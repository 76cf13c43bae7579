"""Independent reference for the pay_shares example (see examples/refkit.py).

Per 层级: competition ranks; headcounts by largest remainder (equal remainders: the better grade
first); a tie across a quota line takes the better grade; a level under 5 people keeps its band
grades. The pool = 总额 x 实际 / 标准 is split by weight (the grade's coefficient) two ways:
balanced to the fen by largest remainder (equal remainders: the larger weight, then the better
position in the distribution's order, total then id), and each share rounded half-up on its own.
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
COEF_TEXT = {"A": "1.4", "B": "1.2", "C": "1.0", "D": "0.8", "E": "0.6"}


def band(t: Fraction) -> str:
    return "A" if t >= 90 else "B" if t >= 80 else "C" if t >= 70 else "D" if t >= 60 else "E"


def counts(size: int) -> list[int]:
    exact = [size * q for q in QUOTAS]
    floors = [int(e) for e in exact]
    for i in sorted(range(5), key=lambda i: (-(exact[i] - floors[i]), i))[: size - sum(floors)]:
        floors[i] += 1
    return floors


def fen(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def main() -> None:
    rows = read(HERE)
    levels: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        levels.setdefault(r["层级"], []).append(r)
    out = {}
    for members in levels.values():
        total = {m["工号"]: Fraction(half_up(F(m["考核得分"]), 1)) for m in members}
        ordered = sorted(members, key=lambda m: (-total[m["工号"]], m["工号"]))
        n = len(members)
        rank = {m["工号"]: 1 + sum(1 for o in members if total[o["工号"]] > total[m["工号"]]) for m in members}
        if n < 5:
            grade = {m["工号"]: band(total[m["工号"]]) for m in members}
        else:
            slots = [g for g, c in zip(GRADES, counts(n)) for _ in range(c)]
            grade, i = {}, 0
            while i < n:
                j = i
                while j + 1 < n and total[ordered[j + 1]["工号"]] == total[ordered[i]["工号"]]:
                    j += 1
                for k in range(i, j + 1):
                    grade[ordered[k]["工号"]] = slots[i]
                i = j + 1
        first = members[0]
        factor = F(first["当月实际销额(元)"]) / F(first["每月标准销额(元)"])
        pool = F(first["该层级总绩效工资(元)"]) * factor
        weights = [COEF[grade[m["工号"]]] for m in members]
        wsum = sum(weights)
        exact = [pool * w / wsum * 100 for w in weights]  # in fen
        cents = [int(e) for e in exact]
        left = int(Fraction(half_up(pool, 2)) * 100) - sum(cents)
        position = {m["工号"]: p for p, m in enumerate(ordered)}
        tie = sorted(range(n), key=lambda i: (-(exact[i] - cents[i]), -weights[i], position[members[i]["工号"]]))
        for i in tie[:left]:
            cents[i] += 1
        each = [int(Fraction(half_up(e / 100, 2)) * 100) for e in exact]
        for m, c, e in zip(members, cents, each):
            who = m["工号"]
            out[who] = [who, half_up(total[who], 1), grade[who] if n < 5 else band(total[who]), str(rank[who]), grade[who],
                        COEF_TEXT[grade[who]], fen(c), fen(e), half_up(factor, 4), fen(e - c),
                        half_up(pool, 2), fen(sum(cents)), fen(sum(each))]
    write(HERE, ["id", "total", "grade", "层级排名", "强制分布", "个人权数", "平衡分配", "各自四舍五入", "绩效工资系数", "分差",
                 "层级应发", "平衡合计", "各自合计"], [out[r["工号"]] for r in rows])


if __name__ == "__main__":
    main()
