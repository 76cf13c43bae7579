"""Independent reference for the monthly example with the year in the file name (see
examples/refkit.py).

The period is the 月份 cell (1月, 2, 三月, 04, 6月份, 十二月, ...) of the year the file's name holds.
A month with no day of attendance is not appraised. Each month: 销售达成 on the ladder (>= 100% 100,
[90%, 100%) 90, [80%, 90%) 75, below 50) weighted 70%, 回款 (the rate in points) 30%, the total
rounded half-up to 1 place; the monthly bonus is the total x 30, rounded to the yuan. A quarter is
the mean of its appraised months' totals, rounded to 1 place; the year is the mean of its quarters'
values, rounded to 1 place, with at least 2 of them; the year's bonus is the sum of the monthly
bonuses. Rows are listed by month, then in the order of the file.
"""

import re
import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402

NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
FILE = "2024年月度考核.csv"


def month(text: str) -> int:
    word = re.sub(r"月份?$", "", text.strip())
    return NUMBERS[word] if word in NUMBERS else int(word)


def ladder(rate: Fraction) -> int:
    return 100 if rate >= 1 else 90 if rate >= Fraction(9, 10) else 75 if rate >= Fraction(8, 10) else 50


def main() -> None:
    year = int(re.search(r"\d{4}", FILE).group(0))  # type: ignore[union-attr]
    rows = read(HERE, FILE)
    total: dict[tuple[str, int], Fraction] = {}
    for r in rows:
        r["m"] = month(r["月份"])
        if int(r["出勤天数"]) == 0:
            continue
        sales = ladder(F(r["实际销售额(元)"]) / F(r["目标销售额(元)"]))
        paid = F(r["回款率"]) * 100
        r["sales"], r["paid"] = sales, paid
        total[(r["工号"], r["m"])] = Fraction(half_up(Fraction(7, 10) * sales + Fraction(3, 10) * paid, 1))
    bonus = {k: Fraction(half_up(t * 30, 0)) for k, t in total.items()}
    quarters: dict[tuple[str, int], list[Fraction]] = {}
    for (who, m), t in total.items():
        quarters.setdefault((who, (m - 1) // 3), []).append(t)
    quarter = {k: Fraction(half_up(sum(v) / len(v), 1)) for k, v in quarters.items()}
    out = []
    for i, r in sorted(enumerate(rows), key=lambda x: (x[1]["m"], x[0])):
        who, m = r["工号"], r["m"]
        period = f"{year}-{m:02d}"
        if (who, m) not in total:
            out.append([who, period, "", "", "", "", "", "", "", "当月全月休假"])
            continue
        mine = [v for (p, _), v in quarter.items() if p == who]
        whole = Fraction(half_up(sum(mine) / len(mine), 1)) if len(mine) >= 2 else None
        year_bonus = sum(v for (p, _), v in bonus.items() if p == who)
        out.append([who, period, str(r["sales"]), half_up(r["paid"], 1), half_up(total[(who, m)], 1),
                    half_up(bonus[(who, m)], 0), half_up(quarter[(who, (m - 1) // 3)], 1),
                    "" if whole is None else half_up(whole, 1), half_up(year_bonus, 0), ""])
    write(HERE, ["id", "period", "销售达成", "回款", "total", "月度奖金", "季度得分", "年度得分", "年度奖金", "excluded"], out)


if __name__ == "__main__":
    main()
