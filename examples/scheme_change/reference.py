"""Independent reference for the scheme_change example (see examples/refkit.py): both versions
computed by hand, and the diff `kpi diff scheme_2024.kpi scheme.kpi data.csv` must show.

2024: 销售达成率 = 销售额 / 销售目标 on >= 95% -> 100, [85%, 95%) -> 80, [70%, 85%) -> 60, else 0;
2025: the same with 96% for 95%, and the veto 重大违规 -> grade D. Both: total = 70% x 达成率 score +
30% x 满意度, rounded to 1 place; grades A >= 90, B [80, 90), C [60, 80), D; coefficients A 1.5,
B 1.2, C 1.0, D 0.5; each department's pool split by coefficient, in cents by largest remainder
(ties: the larger coefficient, then the higher exact total, then the id; never the row order). Writes expected.csv (2025) and
expected_diff.csv (who changes, old -> new, and the cause: tier, veto or pool).
"""

import csv
import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402

COEF = {"A": Fraction(3, 2), "B": Fraction(6, 5), "C": Fraction(1), "D": Fraction(1, 2)}
COEF_TEXT = {"A": "1.5", "B": "1.2", "C": "1.0", "D": "0.5"}


def tier(ratio: Fraction, top: Fraction) -> tuple[int, int]:
    """(tier number from 1, score) on the ladder whose first bound is `top`."""
    if ratio >= top:
        return 1, 100
    if ratio >= Fraction(85, 100):
        return 2, 80
    if ratio >= Fraction(70, 100):
        return 3, 60
    return 4, 0


def band(t: Fraction) -> str:
    return "A" if t >= 90 else "B" if t >= 80 else "C" if t >= 60 else "D"


def evaluate(rows: list[dict[str, str]], top: Fraction, veto: bool) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for r in rows:
        t, s = tier(F(r["当月销售额(元)"]) / F(r["当月销售目标(元)"]), top)
        exact_total = Fraction(7, 10) * s + Fraction(3, 10) * F(r["客户满意度"])
        total = Fraction(half_up(exact_total, 1))
        grade = band(total)
        vetoed = veto and r["是否重大违规"] == "是"
        if vetoed:
            grade = "D"
        out[r["工号"]] = {"tier": t, "score": s, "total": total, "grade": grade, "vetoed": vetoed, "dept": r["部门"],
                          "exact": exact_total}
    for dept in dict.fromkeys(r["部门"] for r in rows):
        members = [r for r in rows if r["部门"] == dept]
        pool = F(members[0]["部门奖金池(元)"])
        coefs = [COEF[str(out[m["工号"]]["grade"])] for m in members]
        exact = [pool * c / sum(coefs) * 100 for c in coefs]
        cents = [int(x) for x in exact]
        left = int(pool * 100) - sum(cents)
        tie = [(-Fraction(out[m["工号"]]["exact"]), m["工号"]) for m in members]  # type: ignore[arg-type]
        for i in sorted(range(len(members)), key=lambda i: (-(exact[i] - cents[i]), -coefs[i], tie[i]))[:left]:
            cents[i] += 1
        for m, c in zip(members, cents):
            out[m["工号"]]["pay"] = f"{c // 100}.{c % 100:02d}"
    return out


def main() -> None:
    rows = read(HERE)
    old = evaluate(rows, Fraction(95, 100), veto=False)
    new = evaluate(rows, Fraction(96, 100), veto=True)
    write(HERE, ["id", "销售达成率", "total", "grade", "绩效系数", "绩效奖金"],
          [[r["工号"], str(new[r["工号"]]["score"]), half_up(Fraction(new[r["工号"]]["total"]), 1), new[r["工号"]]["grade"],
            COEF_TEXT[str(new[r["工号"]]["grade"])], new[r["工号"]]["pay"]] for r in rows])
    diff = []
    for r in rows:
        a, b = old[r["工号"]], new[r["工号"]]
        if all(a[k] == b[k] for k in ("total", "grade", "pay")):
            continue
        cause = "veto" if b["vetoed"] else "tier" if a["tier"] != b["tier"] else "pool"
        diff.append([r["工号"], half_up(Fraction(a["total"]), 1), half_up(Fraction(b["total"]), 1), a["grade"], b["grade"],
                     a["pay"], b["pay"], cause])
    with open(HERE / "expected_diff.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "old_total", "new_total", "old_grade", "new_grade", "old_pay", "new_pay", "cause"])
        w.writerows(diff)


if __name__ == "__main__":
    main()
