"""Independent reference for the department_satisfaction example (see examples/refkit.py).

A form's score: the ten items weighted 15/10/15/15/10/5/5/5/5/15%, an unrated item left out and
the weights of the others scaled up; rounded to 2 places. Per (rated, rating) department: the
mean of the staff forms (2 places) and the manager's form, merged as their mean (or the one there
is; none when the pair has only forms of neither), rounded to 2; the service department's score
is the mean of those over the rating departments (each department once, those with none left
out), rounded to 2.
"""

import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import half_up, read, write  # noqa: E402

ITEMS = [("工作效率", 15), ("工作态度", 10), ("招聘的及时和效果", 15), ("培训规划及培训效果", 15), ("工资核算及发放", 10),
         ("人员安置的效果", 5), ("厂区安全保卫", 5), ("车辆管理", 5), ("企业内文体活动的策划", 5), ("与各部门协调配合情况", 15)]


def form_score(r: dict[str, str]) -> Fraction:
    present = [(Fraction(r[col]), w) for col, w in ITEMS if r[col].strip()]
    return Fraction(half_up(sum(v * w for v, w in present) / sum(w for _, w in present), 2))


def main() -> None:
    rows = read(HERE)
    score = {r["表单号"]: form_score(r) for r in rows}
    pair: dict[tuple[str, str], Fraction | None] = {}
    staff: dict[tuple[str, str], Fraction | None] = {}
    manager: dict[tuple[str, str], Fraction | None] = {}
    for key in {(r["被评部门"], r["评价部门"]) for r in rows}:
        forms = [r for r in rows if (r["被评部门"], r["评价部门"]) == key]
        s = [score[r["表单号"]] for r in forms if r["填表人"] == "员工"]
        m = [score[r["表单号"]] for r in forms if r["填表人"] == "经理"]
        staff[key] = Fraction(half_up(sum(s) / len(s), 2)) if s else None
        manager[key] = sum(m) / len(m) if m else None
        both = [x for x in (staff[key], manager[key]) if x is not None]
        pair[key] = Fraction(half_up(sum(both) / len(both), 2)) if both else None
    out = []
    for r in rows:
        key = (r["被评部门"], r["评价部门"])
        raters = sorted({k[1] for k in pair if k[0] == key[0]})
        merged = [x for d in raters if (x := pair[(key[0], d)]) is not None]
        satisfaction = sum(merged) / len(merged) if merged else None
        out.append([r["表单号"], half_up(score[r["表单号"]], 2), "" if staff[key] is None else half_up(staff[key], 2),
                    "" if manager[key] is None else half_up(manager[key], 2), "" if pair[key] is None else half_up(pair[key], 2),
                    "" if satisfaction is None else half_up(satisfaction, 2), str(len(raters))])
    write(HERE, ["id", "total", "员工平均", "经理评分", "部门评价", "满意度得分", "评价部门数"], out)


if __name__ == "__main__":
    main()
