"""The population stage on 100,000 employees in 50 departments.

Run: python benchmarks/bench_population.py [--employees N] [--departments D]

Times record evaluation and the population rules (rank, percentile, forced distribution with
ties, coefficients, a pool per department, normalisation, company-wide re-ranking) separately.
Issue 6 asks for seconds, not minutes. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import random
import time

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

    t = time.perf_counter()
    datas = scheme.evaluate_records(prepared)  # every record, then the population rules
    t_all = time.perf_counter() - t
    t = time.perf_counter()
    with decimal.localcontext(evaluation_context()):
        run_population(plan, datas)  # the population rules alone, again, to see their share
    t_pop = time.perf_counter() - t
    t_eval = t_all - t_pop
    print(f"population stage: {args.employees:,} employees in {args.departments} departments, 7 rules")
    print(f"  record evaluation:  {t_eval:6.2f} s")
    print(f"  population rules:   {t_pop:6.2f} s")
    print(f"  total:              {t_eval + t_pop:6.2f} s")


if __name__ == "__main__":
    main()
