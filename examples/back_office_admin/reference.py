"""Independent reference for the back-office admin example (see examples/refkit.py)."""

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
        failures = F(r["系统故障次数"])
        s1 = 100 if failures < 3 else 60 if failures < 5 else 0
        parts.append((Fraction(s1), Fraction(1, 4)))
        mttr = F(r["故障修复总时长(小时)"]) / failures if failures else Fraction(0)
        s2 = 100 if mttr <= 1 else 80 if mttr <= 2 else 60 if mttr <= 4 else 0
        parts.append((Fraction(s2), Fraction(1, 4)))
        err = F(r["抽检错误条数"]) / F(r["数据抽检条数"])
        s3 = 100 if err <= Fraction(1, 1000) else 80 if err <= Fraction(5, 1000) else 60 if err <= Fraction(1, 100) else 0
        parts.append((Fraction(s3), Fraction(1, 4)))
        tickets = F(r["工单总数"])
        s4 = None
        if tickets:
            s4 = min(F(r["及时处理工单数"]) / tickets / Fraction(9, 10) * 100, Fraction(100))
            parts.append((s4, Fraction(1, 4)))
        base = sum(s * w for s, w in parts) / sum(w for _, w in parts)
        complaints = F(r["客户投诉次数"]) if r["客户投诉次数"].strip() else Fraction(0)
        total = max(base - min(complaints * 2, Fraction(10)), Fraction(0))
        rounded = half_up(total, 2)
        t = Fraction(rounded)
        grade = "A" if 85 <= t <= 100 else "B" if t >= 75 else "C" if t >= 65 else "D" if t >= 50 else "E"
        rows.append([r["工号"], half_up(s4, 6) if s4 is not None else "", rounded, grade])
    write(HERE, ["id", "工单处理及时率", "total", "grade"], rows)


if __name__ == "__main__":
    main()
