"""Independent reference for the evaluation-form example (see examples/refkit.py).

The data file is GB18030, as Excel writes CSV in a Chinese locale. Raters mark each item with a
label of the 评价尺度 (优秀 10, 良好 8, 一般 6, 较差 4, 极差 2).
"""

import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, exact, half_up, read, write  # noqa: E402

GROUPS = [(4, ["目标达成", "安全管理", "品质改良"]), (2, ["业务知识", "沟通协调"]),
          (2, ["任劳任怨", "责任心"]), (2, ["服从安排", "团队协作"])]
RATERS = ["自我评分", "直属评分", "经理评分", "总经理评分"]
POINTS = {"优秀": 10, "良好": 8, "一般": 6, "较差": 4, "极差": 2}


def main() -> None:
    rows = []
    for r in read(HERE, encoding="gb18030"):
        base = Fraction(0)
        for weight, items in GROUPS:
            item_scores = []
            for code in items:
                given = [Fraction(POINTS[r[f"{code}-{label}"]]) for label in RATERS if r[f"{code}-{label}"].strip()]
                item_scores.append(sum(given) / len(given))  # a missing rater is left out
            base += weight * sum(item_scores) / len(item_scores)
        c = {k: F(r[k]) for k in ("迟到早退次数", "旷工天数", "事假天数", "病假天数", "罚款/警告次数", "小过次数",
                                  "大过次数", "表扬次数", "小功次数", "大功次数")}
        attendance = c["迟到早退次数"] * Fraction(1, 2) + c["旷工天数"] * 4 + c["事假天数"] * Fraction(1, 2) + c["病假天数"] * Fraction(1, 5)
        penalty = c["罚款/警告次数"] + 3 * c["小过次数"] + 9 * c["大过次数"]
        reward = c["表扬次数"] + 3 * c["小功次数"] + 9 * c["大功次数"]
        total = base - attendance - penalty + reward
        rounded = half_up(total, 1)
        t = Fraction(rounded)
        grade = "A" if t >= 90 else "B" if t >= 80 else "C" if t >= 70 else "D"
        rows.append([r["工号"], half_up(base, 6), rounded, grade, half_up(base, 6), exact(attendance), exact(penalty), exact(reward)])
    write(HERE, ["id", "base_score", "total", "grade", "评估得分", "出勤扣分", "处罚扣分", "奖励加分"], rows)


if __name__ == "__main__":
    main()
