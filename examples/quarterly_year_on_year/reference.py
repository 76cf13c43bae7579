"""Independent reference for the quarterly year-on-year example (see examples/refkit.py).

The quarter is read from 年度 and 季度 as written (2024年, 一季度, 第二季度, Q3, 4). A quarter
without a score is not appraised. The total is the score rounded half-up to 1 place; growth is the
score minus the same quarter's score a year before (0 without one); the flag needs a total of 90
or more in this quarter and the 2 before it, all appraised; the year's score is the mean of its
appraised quarters' totals, rounded to 1 place, with at least 2 of them. Rows are listed by
quarter, then in the order of the file.
"""

import re
import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402

DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def quarter(text: str) -> int:
    q = re.sub(r"[第季度Qq]", "", text.strip())
    return DIGITS.get(q) or int(q)


def band(x: Fraction) -> str:
    return "A" if x >= 90 else "B" if x >= 80 else "C" if x >= 70 else "D"


def main() -> None:
    rows = read(HERE)
    score: dict[tuple[str, int], Fraction] = {}
    for r in rows:
        r["q"] = int(r["年度"].removesuffix("年")) * 4 + quarter(r["季度"]) - 1
        if r["季度绩效得分"].strip():
            score[(r["工号"], r["q"])] = F(r["季度绩效得分"])
    total = {k: Fraction(half_up(v, 1)) for k, v in score.items()}
    years: dict[tuple[str, int], list[Fraction]] = {}
    for (who, q), t in total.items():
        years.setdefault((who, q // 4), []).append(t)
    out = []
    for i, r in sorted(enumerate(rows), key=lambda x: (x[1]["q"], x[0])):
        who, q = r["工号"], r["q"]
        period = f"{q // 4}Q{q % 4 + 1}"
        if (who, q) not in score:
            out.append([who, period, "", "", "", "", "", "", "本季度未参加考核（产假、病假）"])
            continue
        t = total[(who, q)]
        growth = score[(who, q)] - score[(who, q - 4)] if (who, q - 4) in score else Fraction(0)
        flag = all((who, q - k) in total and total[(who, q - k)] >= 90 for k in range(3))
        year = years[(who, q // 4)]
        mean = Fraction(half_up(sum(year) / len(year), 1)) if len(year) >= 2 else None
        out.append([who, period, half_up(t, 1), half_up(growth, 2), "yes" if flag else "no",
                    "" if mean is None else half_up(mean, 1), band(t), "" if mean is None else band(mean), ""])
    write(HERE, ["id", "period", "total", "同比增长", "连续优秀", "年度得分", "季度等级", "年度等级", "excluded"], out)


if __name__ == "__main__":
    main()
