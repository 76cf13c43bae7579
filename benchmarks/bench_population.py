"""The population stage on 100,000 employees in 50 departments, against a hand-written baseline.

Run: python benchmarks/bench_population.py [--employees 100000] [--departments 50]

Times the documented path, `scheme.evaluate(rows)` on plain dicts (every record, then the seven
population rules: rank, percentile, forced distribution with ties, coefficients, a pool per
department, normalisation, company-wide re-ranking), the population rules alone, and a hand-written
plain-Python version of the same seven rules (floats, sort-based, no explain, no checks) in the
same run. CPU seconds of this process, peak memory of the whole run, and the ratio of the
population stage to the baseline. Issue 12 asks for under 2 s. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections import defaultdict

import kpidsl
from kpidsl.data.records import prepare_mapping

SCHEME = """scheme "population benchmark" {
  round 1
  id 工号
  input 工号: text
  input 部门: text
  input 得分: score in [0, 100]
  input 部门得分: score in [1, 100]
  input 池: money in >= 0
  indicator 考评 { score 得分 }
  grade { A >= 90  B [80, 90)  C [70, 80)  D [60, 70)  E else }
  rank 部门排名 by total within 部门
  percentile 百分位 by total within 部门
  distribute 强制分布 by total within 部门 { A 10%  B 20%  C 40%  D 20%  E 10%  boundary higher  min_group 5 -> bands }
  coefficient 系数 from 强制分布 { A 1.4  B 1.2  C 1.0  D 0.8  E 0.6 }
  pool 绩效工资 = 池 split by 系数 within 部门
  normalise 标准分 by total within 部门 weight 部门得分
  rank 全员排名 by 标准分
}
"""


def by_hand(records: list[dict[str, object]]) -> dict[str, tuple[int, float, str, float, float, int]]:
    """The seven rules in plain Python with floats: what a consultant's script would do."""
    quotas = (("A", 0.1), ("B", 0.2), ("C", 0.4), ("D", 0.2), ("E", 0.1))
    coeff = {"A": 1.4, "B": 1.2, "C": 1.0, "D": 0.8, "E": 0.6}
    groups: dict[object, list[dict[str, object]]] = defaultdict(list)
    for r in records:
        groups[r["部门"]].append(r)
    out: dict[str, tuple[int, float, str, float, float, int]] = {}
    norm: dict[str, float] = {}
    low = min(float(g[0]["部门得分"]) for g in groups.values())  # type: ignore[arg-type]
    for members in groups.values():
        members.sort(key=lambda r: (-float(r["得分"]), str(r["工号"])))  # type: ignore[arg-type]
        size = len(members)
        counts = [int(size * q) for _, q in quotas]
        for i in sorted(range(5), key=lambda i: -(size * quotas[i][1] - counts[i]))[: size - sum(counts)]:
            counts[i] += 1
        labels = [g for (g, _), c in zip(quotas, counts, strict=True) for _ in range(c)]
        avg = sum(float(r["得分"]) for r in members) / size  # type: ignore[arg-type]
        total_coeff = sum(coeff[g] for g in labels)
        weight = float(members[0]["部门得分"]) / low  # type: ignore[arg-type]
        rank = below = 0
        for i, r in enumerate(members):
            if i == 0 or r["得分"] != members[i - 1]["得分"]:
                rank = i + 1
                end = i
                while end < size and members[end]["得分"] == r["得分"]:
                    end += 1
                below = size - end  # members ranked strictly lower
            pay = float(r["池"]) * coeff[labels[i]] / total_coeff  # type: ignore[arg-type]
            norm[str(r["工号"])] = float(r["得分"]) * 100 / avg * weight  # type: ignore[arg-type]
            out[str(r["工号"])] = (rank, below * 100 / max(size - 1, 1), labels[i], round(pay, 2), norm[str(r["工号"])], 0)
    ordered = sorted(norm, key=lambda k: -norm[k])
    for i, k in enumerate(ordered):
        out[k] = (*out[k][:5], i + 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--employees", type=int, default=100_000)
    ap.add_argument("--departments", type=int, default=50)
    args = ap.parse_args()
    rnd = random.Random(6)
    scheme = kpidsl.loads(SCHEME)
    plan = scheme.plan
    dept_score = {d: rnd.randint(60, 100) for d in range(args.departments)}
    records = []
    for i in range(args.employees):
        d = i % args.departments
        records.append({"工号": f"E{i:06d}", "部门": f"D{d:02d}", "得分": rnd.randint(40, 100), "部门得分": dept_score[d], "池": 500000})
    prepared = [(str(r["工号"]), prepare_mapping(scheme.ir, r)) for r in records]

    import decimal

    from kpidsl.numbers import evaluation_context
    from kpidsl.interp import run_population

    t = time.process_time()
    scheme.evaluate(records)  # the documented path: every record, then the population rules
    t_api = time.process_time() - t
    datas = scheme.evaluate_records(prepared)
    t = time.process_time()
    with decimal.localcontext(evaluation_context()):
        run_population(plan, datas)  # the population rules alone, again, to see their share
    t_pop = time.process_time() - t
    t = time.process_time()
    by_hand(records)
    t_base = time.process_time() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"population stage: {args.employees:,} employees in {args.departments} departments, 7 rules (CPU seconds)")
    print(f"  hand-written float baseline, 7 rules:     {t_base:6.2f} s")
    print(f"  kpidsl population rules alone:            {t_pop:6.2f} s   {t_pop / t_base:6.1f}x the baseline (target < 2 s)")
    print(f"  kpidsl Scheme.evaluate(rows), everything: {t_api:6.2f} s   {t_api / t_base:6.1f}x the baseline")
    print(f"  peak memory of this process:              {peak:6.0f} MB")


if __name__ == "__main__":
    main()
