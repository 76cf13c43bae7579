"""Independent reference for the weekly -> monthly -> year-end example (see examples/refkit.py).

Each week's total is its record rounded half-up to 1 place; a month is the mean of its weeks'
totals, rounded to 1 place; the year is the mean of the months that have a value, rounded to 2
places, given only with at least 6 such months; both graded 优 >= 91, 良 [76, 91), 中 [61, 76),
差 below. A week without a record is not appraised (and has no values). Rows are listed by week,
then in the order of the file: never by anything else.
"""

import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402


def grade(x: Fraction) -> str:
    return "优" if x >= 91 else "良" if x >= 76 else "中" if x >= 61 else "差"


def month_of(text: str) -> int:
    return int(text.removesuffix("月"))


def week_of(text: str) -> int:
    return int(text.removeprefix("第").removesuffix("周"))


def main() -> None:
    rows = read(HERE)
    for r in rows:
        r["m"], r["w"] = month_of(r["月份"]), week_of(r["周次"])
    weekly: dict[tuple[str, int], list[Fraction]] = {}
    for r in rows:
        if r["周记录得分"].strip():
            r["total"] = Fraction(half_up(F(r["周记录得分"]), 1))
            weekly.setdefault((r["工号"], r["m"]), []).append(r["total"])
    month = {k: Fraction(half_up(sum(v) / len(v), 1)) for k, v in weekly.items()}
    year: dict[str, Fraction | None] = {}
    for who in {r["工号"] for r in rows}:
        values = [v for (p, _), v in month.items() if p == who]
        year[who] = Fraction(half_up(sum(values) / len(values), 2)) if len(values) >= 6 else None
    out = []
    for i, r in sorted(enumerate(rows), key=lambda x: (x[1]["m"], x[1]["w"], x[0])):
        period = f"{r['年度']}-{r['m']:02d}W{r['w']}"
        if "total" not in r:
            out.append([r["工号"], period, "", "", "", "", "", "当周无记录（请假）"])
            continue
        m, y = month[(r["工号"], r["m"])], year[r["工号"]]
        out.append([r["工号"], period, half_up(r["total"], 1), half_up(m, 1), grade(m), "" if y is None else half_up(y, 2),
                    "" if y is None else grade(y), ""])
    write(HERE, ["id", "period", "total", "月度得分", "月度等级", "年终得分", "年终等级", "excluded"], out)


if __name__ == "__main__":
    main()
