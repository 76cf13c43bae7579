"""Independent reference for the operations-department example (see examples/refkit.py)."""

import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402


def main() -> None:
    rows = []
    for r in read(HERE):
        sales = min(F(r["季度实际销售额(元)"]) / F(r["季度目标销售额(元)"]) * 100, Fraction(120))
        satisfaction = F(r["客户满意度得分"])
        hours = F(r["平均售后响应时间(小时)"])
        response = 100 if hours <= 2 else 85 if hours <= 4 else 70 if hours <= 8 else 50 if hours <= 24 else 0
        ratio = F(r["实际运营成本(元)"]) / F(r["运营成本预算(元)"])
        cost = 100 if ratio <= 1 else 80 if ratio <= Fraction(105, 100) else 60 if ratio <= Fraction(110, 100) else 0
        delay = F(r["项目平均延误天数"])
        delivery = 100 if delay <= 0 else 80 if delay <= 3 else 60 if delay <= 7 else 30
        total = (sales * Fraction(40, 100) + satisfaction * Fraction(20, 100) + response * Fraction(15, 100)
                 + cost * Fraction(15, 100) + delivery * Fraction(10, 100))
        total = min(total, Fraction(100))
        rounded = half_up(total, 1)
        t = Fraction(rounded)
        grade = "A" if t >= 90 else "B" if t >= 80 else "C" if t >= 70 else "D" if t >= 60 else "E"
        rows.append([r["工号"], half_up(sales, 6), str(cost), rounded, grade])
    write(HERE, ["id", "销售额", "运营成本控制", "total", "grade"], rows)


if __name__ == "__main__":
    main()
