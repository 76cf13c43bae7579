"""Independent reference for the IT desktop-operations example (see examples/refkit.py)."""

import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402


def main() -> None:
    rows = []
    for r in read(HERE):
        parts = []
        planned, done = F(r["计划项目数"]), F(r["完成项目数"])
        s1 = None
        if planned:  # on zero -> skip
            rate = min(done / planned, Fraction(1))
            s1 = 100 if rate == 1 else 85 if rate >= Fraction(9, 10) else 70 if rate >= Fraction(8, 10) else 40
            parts.append((Fraction(s1), Fraction(30, 100)))
        s2 = F(r["IT服务满意度调查均分(1-5)"]) / 5 * 100
        parts.append((s2, Fraction(30, 100)))
        hours = F(r["网络故障时长(小时)"])
        s3 = 100 if hours == 0 else 90 if hours <= 2 else 75 if hours <= 4 else 50 if hours <= 8 else 0
        parts.append((Fraction(s3), Fraction(25, 100)))
        n = F(r["信息安全事故次数"])
        s4 = 100 if n == 0 else 60 if n == 1 else 0
        parts.append((Fraction(s4), Fraction(15, 100)))
        total = sum(s * w for s, w in parts) / sum(w for _, w in parts)
        rounded = half_up(total, 2)
        t = Fraction(rounded)
        grade = "A" if t >= 90 else "B" if t >= 80 else "C" if t >= 60 else "D"
        if r["是否发生重大信息安全事故"].strip() == "是":
            grade = "D"  # the veto sets the grade
        rows.append([r["工号"], "" if s1 is None else str(s1), rounded, grade])
    write(HERE, ["id", "IT项目完成率", "total", "grade"], rows)


if __name__ == "__main__":
    main()
