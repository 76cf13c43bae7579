"""Independent reference for the purchasing_staff example (see examples/refkit.py).

The first exclusion that applies is the reason (joined after 2024-01-01; 30 days absent or more;
75 days of work injury or more; left on or before 2024-07-10); an excluded person has no total,
grade or rank and is left out of the group's mean and headcount. Ratings: 杰出 10, 优秀 8, 中等 5,
有待提高 2, 急需提高 0, x 10; 70% x (15/15/30/30/10%) + 30% x (30/30/20/20%); round to 1 place.
"""

import sys
from datetime import date
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import half_up, read, write  # noqa: E402

POINTS = {"杰出": 10, "优秀": 8, "中等": 5, "有待提高": 2, "急需提高": 0}
QUANT = [("时间评级", 15), ("品质评级", 15), ("数量评级", 30), ("价格评级", 30), ("效率评级", 10)]
QUAL = [("责任感评级", 30), ("合作度评级", 30), ("主动性评级", 20), ("纪律性评级", 20)]
WORDS = {"A": "杰出", "B": "优秀", "C": "中等", "D": "需提高", "E": "差"}


def reason(r: dict[str, str]) -> str:
    if date.fromisoformat(r["入职日期"]) > date(2024, 1, 1):
        return "考核期开始后进入本企业"
    if int(r["因私因病因伤连续缺勤天数"]) >= 30:
        return "因私、因病、因伤连续缺勤三十日以上"
    if int(r["因公伤连续缺勤天数"]) >= 75:
        return "因公伤连续缺勤七十五日以上"
    if r["离职日期"] and date.fromisoformat(r["离职日期"]) <= date(2024, 7, 10):
        return "考核实施日已经退职"
    return ""


def score(r: dict[str, str], items: list[tuple[str, int]]) -> Fraction:
    return sum(Fraction(POINTS[r[col]] * 10 * w, 100) for col, w in items)


def grade(t: Fraction) -> str:
    return "A" if t >= 85 else "B" if t >= 75 else "C" if t >= 65 else "D" if t >= 50 else "E"


def main() -> None:
    rows = read(HERE)
    total = {}
    for r in rows:
        if not reason(r):
            exact = score(r, QUANT) * Fraction(70, 100) + score(r, QUAL) * Fraction(30, 100)
            total[r["工号"]] = Fraction(half_up(exact, 1))
    out = []
    for r in rows:
        who = r["工号"]
        why = reason(r)
        if why:
            out.append([who, "", "", "", "", "", "", "", why])
            continue
        team = [o["工号"] for o in rows if o["小组"] == r["小组"] and o["工号"] in total]
        mean = sum(total[t] for t in team) / len(team)
        rank = 1 + sum(1 for t in team if total[t] > total[who])
        g = grade(total[who])
        out.append([who, half_up(total[who], 1), g, str(rank), WORDS[g], half_up(mean, 1), str(len(team)),
                    "yes" if total[who] > Fraction(half_up(mean, 1)) else "no", ""])
    write(HERE, ["id", "total", "grade", "组内排名", "等级说明", "小组平均", "小组参评人数", "高于小组平均", "excluded"], out)


if __name__ == "__main__":
    main()
