"""The benchmark workload: `workload.kpi`, a seeded data generator, and the same scheme written by
hand twice (plain floats, and exact decimals), used by the benchmarks and the columnar spike.

The data is deterministic (seeded) and deliberately hits the boundaries a backend must get right:
rates of exactly 95%, 90% and 85%, zero denominators (no planned orders: the rate counts as 0; no
supplies: the item is skipped and the rest re-weighted, a division by 0.7), scores with two decimals
so that totals land on x.xx5 before rounding, the deduction cap, the floor at 0 and a loss of
exactly 1200 for the veto.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCHEME = HERE / "workload.kpi"

#: The CSV headers (the inputs' labels, as a client's file has them), in file order.
COLUMNS = ("工号", "计划采购单数", "按时完成单数", "总供货量(件)", "被退货量(件)", "材料价格合理性得分",
           "供应商管理得分", "迟到次数", "投诉次数", "损失金额")

Row = dict[str, object]


def rows(n: int, seed: int = 12) -> Iterator[Row]:
    """`n` records as plain dicts keyed by the CSV headers (ints, and floats of two decimals)."""
    rnd = random.Random(seed)
    for i in range(n):
        planned = rnd.choice((0, 20, 40, 100, 200, 300)) if rnd.random() < 0.4 else rnd.randint(1, 300)
        if planned and rnd.random() < 0.3:
            on_time = planned * rnd.choice((95, 90, 85)) // 100  # exactly on a bound when planned % 20 == 0
        else:
            on_time = rnd.randint(planned * 8 // 10, planned)
        supplied = 0 if rnd.random() < 0.1 else rnd.choice((1000, 2000, rnd.randint(100, 3000)))
        if supplied and rnd.random() < 0.3:
            returned = supplied * rnd.choice((5, 10, 15)) // 100
        else:
            returned = rnd.randint(0, supplied // 8)
        loss = rnd.choice((0, 0, 0, 1199.99, 1200, 1200.01, rnd.randint(0, 3000)))
        yield {
            "工号": f"E{i:07d}",
            "计划采购单数": planned,
            "按时完成单数": on_time,
            "总供货量(件)": supplied,
            "被退货量(件)": returned,
            "材料价格合理性得分": rnd.randint(4000, 10000) / 100,
            "供应商管理得分": rnd.randint(4000, 10000) / 100,
            "迟到次数": rnd.choice((0, 0, 1, 2, 3, 10, 12)),
            "投诉次数": rnd.choice((0, 0, 0, 1, 2, 6)),
            "损失金额": loss,
        }


#: ASCII digits to their full-width forms (`２`), which Python's `Decimal` reads and the columnar
#: engine's typed reader leaves to the interpreter.
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def write_csv(path: Path, n: int, seed: int = 12, full_width_at: int | None = None) -> None:
    """The records as a UTF-8 CSV with the client's headers (streamed: flat memory at any `n`).
    `full_width_at`: the record whose 迟到次数 cell is written in full-width digits (one cell a
    client's export may hold, which only the interpreter reads)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for i, r in enumerate(rows(n, seed)):
            cells = [r[c] for c in COLUMNS]
            if i == full_width_at:
                k = COLUMNS.index("迟到次数")
                cells[k] = str(cells[k]).translate(FULL_WIDTH)
            w.writerow(cells)


def by_hand_float(r: Mapping[str, object]) -> tuple[float, str]:
    """The scheme in plain floats, as a spreadsheet macro would compute it (fast, not exact)."""
    planned, on_time = float(r["计划采购单数"]), float(r["按时完成单数"])  # type: ignore[arg-type]
    supplied, returned = float(r["总供货量(件)"]), float(r["被退货量(件)"])  # type: ignore[arg-type]
    rate = on_time / planned if planned else 0.0
    s1 = 100 if rate >= 0.95 else 80 if rate >= 0.90 else 50 if rate >= 0.85 else 0
    num = s1 * 0.4 + float(r["材料价格合理性得分"]) * 0.2 + float(r["供应商管理得分"]) * 0.1  # type: ignore[arg-type]
    den = 0.7
    if supplied:
        q = 1 - returned / supplied
        num += (100 if q >= 0.95 else 70 if q >= 0.90 else 0) * 0.3
        den = 1.0
    deductions = min(float(r["迟到次数"]) * 0.5, 5.0) + min(float(r["投诉次数"]) * 2, 10.0)  # type: ignore[arg-type]
    total = round(max(num / den - deductions, 0.0) + 1e-9, 2)
    grade = "A" if total >= 90 else "B" if total >= 80 else "C" if total >= 70 else "D"
    if float(r["损失金额"]) >= 1200:  # type: ignore[arg-type]
        grade = "D"
    return total, grade


_D = Decimal
_P95, _P90, _P85 = _D("0.95"), _D("0.90"), _D("0.85")
_HALF, _CENT = _D("0.5"), _D("0.01")
_W1, _W2, _W3, _W4 = _D("0.4"), _D("0.3"), _D("0.2"), _D("0.1")


def _dec(x: object) -> Decimal:
    return _D(repr(x)) if isinstance(x, float) else _D(x)  # type: ignore[arg-type]


def by_hand_decimal(r: Mapping[str, object]) -> tuple[Decimal, str]:
    """The scheme in exact decimals, written by hand: what the interpreter must match.

    Call inside `exact_context()`. The one inexact step, the division by the weights present (0.7),
    keeps 34 digits, then the total is snapped to 20 places and rounded half-up, as kpidsl does.
    """
    planned, on_time = _dec(r["计划采购单数"]), _dec(r["按时完成单数"])
    supplied, returned = _dec(r["总供货量(件)"]), _dec(r["被退货量(件)"])
    rate = on_time / planned if planned else 0
    s1 = 100 if rate >= _P95 else 80 if rate >= _P90 else 50 if rate >= _P85 else 0
    num = s1 * _W1 + _dec(r["材料价格合理性得分"]) * _W3 + _dec(r["供应商管理得分"]) * _W4
    den = _W1 + _W3 + _W4
    if supplied:
        q = 1 - returned / supplied
        num += (100 if q >= _P95 else 70 if q >= _P90 else 0) * _W2
        den += _W2
    deductions = min(_dec(r["迟到次数"]) * _HALF, 5) + min(_dec(r["投诉次数"]) * 2, 10)
    total = max(num / den - deductions, _D(0))
    total = total.quantize(_D("1e-20")).quantize(_CENT, ROUND_HALF_UP)
    grade = "A" if total >= 90 else "B" if total >= 80 else "C" if total >= 70 else "D"
    if _dec(r["损失金额"]) >= 1200:
        grade = "D"
    return total, grade


def exact_context() -> localcontext:  # type: ignore[type-arg]
    """The decimal context of `by_hand_decimal` (34 digits, like kpidsl's)."""
    return localcontext(prec=34)
