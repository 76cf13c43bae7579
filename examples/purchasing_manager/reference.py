"""Independent reference for the purchasing-manager example (see examples/refkit.py)."""

import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402


def completion_score(rate: Fraction) -> int:
    if rate >= Fraction(95, 100):
        return 100
    if rate >= Fraction(90, 100):
        return 80
    if rate >= Fraction(85, 100):
        return 50
    return 0


def quality_score(rate: Fraction) -> int:
    if rate >= Fraction(95, 100):
        return 100
    if rate >= Fraction(90, 100):
        return 70
    return 0


def main() -> None:
    rows = []
    for r in read(HERE):
        planned, on_time = F(r["计划采购单数"]), F(r["按时完成单数"])
        supplied, returned = F(r["总供货量(件)"]), F(r["被退货量(件)"])
        price, supplier = F(r["材料价格合理性得分"]), F(r["供应商管理得分"])
        # on zero -> 0: no planned orders counts as a 0% completion rate.
        s1 = completion_score(on_time / planned if planned else Fraction(0))
        parts = {"s1": (Fraction(s1), Fraction(40, 100)), "s3": (price, Fraction(20, 100)), "s4": (supplier, Fraction(10, 100))}
        s2 = None
        if supplied:  # on zero -> skip: no supplies means the item is left out and re-weighted
            s2 = quality_score(1 - returned / supplied)
            parts["s2"] = (Fraction(s2), Fraction(30, 100))
        weight = sum(w for _, w in parts.values())
        total = sum(s * w for s, w in parts.values()) / weight
        rounded = half_up(total, 2)
        t = Fraction(rounded)
        grade = "A" if t >= 90 else "B" if t >= 80 else "C" if t >= 70 else "D"
        completion = on_time / planned if planned else Fraction(0)
        quality = 1 - returned / supplied if supplied else None
        rows.append([r["工号"], str(s1), "" if s2 is None else str(s2), rounded, grade, pct(completion),
                     "" if quality is None else pct(quality), "yes" if supplied == 0 else "no"])
    write(HERE, ["id", "采购计划完成率", "供货质量合格率", "total", "grade", "计划完成比例", "供货合格比例", "无供货记录"], rows)


def pct(x: Fraction) -> str:
    """A rate shown as a percentage to 2 places (the fields' `percent 2`)."""
    return half_up(x * 100, 2) + "%"


if __name__ == "__main__":
    main()
