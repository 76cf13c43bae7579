"""Independent reference for the normalisation_steps example: seed 003's 考评计算表, each step
rounded half-up as the seed prints it (see scheme.kpi), with exact rationals.

The seed's own numbers are asserted: averages 78 / 72 / 96 / 84, ratios 1.282 / 1.389 / 1.042 /
1.190, highest first-adjusted score 119 and lowest 71.4, the cap 1.33, the weights 1, 1.21,
1.369, 1.44 and their square roots 1, 1.1, 1.17, 1.2, when the data is the seed's table (departments
A to D); the test blocks' rows (tests/golden) are computed the same way without them. Ranks are
competition ranks (1, 2, 2, 4).
"""

import sys
from decimal import Decimal, getcontext
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402


def r(x: Fraction, places: int) -> Fraction:
    return Fraction(half_up(x, places))


def sqrt(x: Fraction) -> Fraction:
    """The square root to 40 significant digits (it is then rounded to 3 places)."""
    getcontext().prec = 40
    return Fraction((Decimal(x.numerator) / Decimal(x.denominator)).sqrt())


def main() -> None:
    rows = read(HERE)
    depts: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        depts.setdefault(row["部门"], []).append(row)
    seed = sorted(depts) == ["A", "B", "C", "D"]
    avg = {d: r(sum(F(m["得分"]) for m in ms) / len(ms), 2) for d, ms in depts.items()}
    assert not seed or avg == {"A": 78, "B": 72, "C": 96, "D": 84}
    ratio = {d: r(100 / a, 3) for d, a in avg.items()}
    assert not seed or [half_up(ratio[d], 3) for d in "ABCD"] == ["1.282", "1.389", "1.042", "1.190"]
    first = {m["工号"]: r(F(m["得分"]) * ratio[d], 2) for d, ms in depts.items() for m in ms}
    hi, lo = max(first.values()), min(first.values())
    assert not seed or (hi, lo) == (119, Fraction("71.4"))
    cap = r((hi + lo) / (2 * lo), 2)
    assert not seed or cap == Fraction("1.33")
    score = {d: F(ms[0]["部门经理业绩得分"]) for d, ms in depts.items()}
    weight = {d: r(s / min(score.values()), 3) for d, s in score.items()}
    assert not seed or sorted(weight.values()) == [1, Fraction("1.21"), Fraction("1.369"), Fraction("1.44")]
    rooted = max(weight.values()) > cap
    if rooted:
        weight = {d: r(sqrt(w), 3) for d, w in weight.items()}
    assert not seed or sorted(weight.values()) == [1, Fraction("1.1"), Fraction("1.17"), Fraction("1.2")]
    second = {m["工号"]: r(first[m["工号"]] * weight[d], 2) for d, ms in depts.items() for m in ms}
    out = []
    for d, ms in depts.items():
        for m in ms:
            who = m["工号"]
            rank = 1 + sum(1 for v in second.values() if v > second[who])
            out.append([who, half_up(F(m["得分"]), 2), half_up(avg[d], 2), half_up(ratio[d], 3), half_up(first[who], 2),
                        half_up(weight[d], 3), half_up(cap, 2), "yes" if rooted else "no", half_up(second[who], 2), str(rank)])
    write(HERE, ["id", "total", "部门平均", "一次调比例", "一次调整后得分", "部门权分", "权分上限", "权分开方", "二次调整", "重新排序"], out)


if __name__ == "__main__":
    main()
