"""Independent reference for the network_sla example (see examples/refkit.py).

Per cluster: KQIs from the summed counters (无线接通率 = ΣRRC成功/ΣRRC请求 x ΣRAB成功/ΣRAB请求,
掉话率 = Σ掉话/ΣRAB成功, 切换成功率 = Σ切换成功/Σ切换请求); a KQI with a zero or missing sum is left
out and the other weights are scaled up; ladders as in the scheme; the SLA total rounded to 2.
Per cell: its rates (empty for no requests), and the mean of its cluster's cell rates, which is
empty when any cell of the cluster has no requests.
"""

import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import half_up, read, write  # noqa: E402


def n(text: str) -> Fraction | None:
    return Fraction(text) if text.strip() else None


def pct(x: Fraction | None) -> str:
    return "" if x is None else half_up(x * 100, 2) + "%"


def access(v: Fraction) -> int:
    return 100 if v >= Fraction(99, 100) else 80 if v >= Fraction(97, 100) else 60 if v >= Fraction(95, 100) else 0


def drops(v: Fraction) -> int:
    return 100 if v <= Fraction(5, 1000) else 80 if v <= Fraction(1, 100) else 60 if v <= Fraction(2, 100) else 0


def handover(v: Fraction) -> int:
    return 100 if v >= Fraction(98, 100) else 80 if v >= Fraction(95, 100) else 0


def ratio(a: Fraction | None, b: Fraction | None) -> Fraction | None:
    return None if a is None or b is None or b == 0 else a / b


def total(cells: list[dict[str, str]], col: str) -> Fraction | None:
    values = [n(c[col]) for c in cells if n(c[col]) is not None]
    return sum(values, Fraction(0)) if values else None


def main() -> None:
    rows = read(HERE)
    clusters: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        clusters.setdefault(r["簇"], []).append(r)
    out = []
    for r in rows:
        cells = clusters[r["簇"]]
        rrc, rab = ratio(total(cells, "RRC连接建立成功次数"), total(cells, "RRC连接请求次数")), \
            ratio(total(cells, "RAB指配建立成功的RAB数目"), total(cells, "RAB指配请求建立的RAB数目"))
        kqi = {"无线接通率": rrc * rab if rrc is not None and rab is not None else None,
               "掉话率": ratio(total(cells, "RNC请求释放的RAB数目"), total(cells, "RAB指配建立成功的RAB数目")),
               "切换成功率": ratio(total(cells, "切换成功次数"), total(cells, "切换请求次数"))}
        weights = {"无线接通率": Fraction(50, 100), "掉话率": Fraction(30, 100), "切换成功率": Fraction(20, 100)}
        scores = {"无线接通率": access, "掉话率": drops, "切换成功率": handover}
        present = {k: scores[k](v) for k, v in kqi.items() if v is not None}
        sla = sum(present[k] * weights[k] for k in present) / sum(weights[k] for k in present)
        cell_rates = [ratio(n(c["RRC连接建立成功次数"]), n(c["RRC连接请求次数"])) for c in cells]
        mean = None if any(x is None for x in cell_rates) else sum(cell_rates, Fraction(0)) / len(cell_rates)
        t = half_up(sla, 2)
        out.append([r["小区"], t, "达标" if Fraction(t) >= 80 else "未达标",
                    *(str(present[k]) if k in present else "" for k in kqi),
                    pct(ratio(n(r["RRC连接建立成功次数"]), n(r["RRC连接请求次数"]))),
                    pct(ratio(n(r["RAB指配建立成功的RAB数目"]), n(r["RAB指配请求建立的RAB数目"])))
                    , pct(mean), pct(rrc), str(len(cells)), pct(kqi["无线接通率"])])
    write(HERE, ["id", "total", "grade", "无线接通率", "掉话率", "切换成功率", "RRC建立成功率", "RAB建立成功率", "小区成功率均值",
                 "簇RRC成功率", "簇小区数", "接通率KQI"], out)


if __name__ == "__main__":
    main()
