"""Independent reference for the workshop-director example (see examples/refkit.py)."""

import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402


def num(r: dict[str, str], key: str) -> Fraction:
    return F(r[key]) if r[key].strip() else Fraction(0)  # these inputs default to 0


def main() -> None:
    rows = []
    for r in read(HERE):
        loss = num(r, "当月损失金额(元)")
        cost = 15 if loss == 0 else 13 if loss < 300 else 10 if loss < 500 else 5 if loss < 800 else 0
        q = F(r["部门品质达成率"])
        quality = 15 if q == 1 else 13 if q >= Fraction(995, 1000) else 10 if q >= Fraction(98, 100) else 5 if q >= Fraction(97, 100) else 0
        delays = num(r, "延误生产计划次数")
        delivery = 10 if delays == 0 else 8 if delays == 1 else 6 if delays <= 3 else 3 if delays <= 5 else 0
        incidents = num(r, "安全或工伤事故次数")
        safety = 15 if incidents == 0 else 7 if incidents == 1 else 0
        s5 = F(r["5S本月周平均分"])
        five_s = 10 if s5 >= 95 else 8 if s5 >= 90 else 5 if s5 >= 80 else 2 if s5 >= 75 else 0
        leave, late = num(r, "本月请假天数"), num(r, "迟到早退次数")
        if leave == 0 and late == 0:
            attendance = 5
        elif leave <= 1 and late == 0:
            attendance = 4
        elif leave <= 2 and late <= 2:
            attendance = 3
        elif leave <= 3 and late <= 3:
            attendance = 2
        else:
            attendance = 0
        rated = sum(F(r[k]) for k in ("设备管理终评", "配合协作终评", "部属管理终评", "人员培训终评"))
        total = cost + quality + delivery + safety + five_s + attendance + rated
        rounded = half_up(total, 1)
        t = Fraction(rounded)
        grade = "优秀" if t >= 90 else "良好" if t >= 80 else "合格" if t >= 60 else "待改进"
        vetoed = loss >= 1200 or num(r, "事假天数") >= 7 or num(r, "病假天数") >= 15
        rows.append([r["工号"], str(cost), str(quality), str(delivery), rounded, grade, "withheld" if vetoed else "paid"])
    write(HERE, ["id", "成本控制", "品质达成率得分", "交期管理", "total", "grade", "bonus"], rows)


if __name__ == "__main__":
    main()
