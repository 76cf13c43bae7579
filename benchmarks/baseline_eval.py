"""The hand-written baseline of `kpi eval data.csv -o out.csv`: stdlib csv and floats, streamed.

Run: python benchmarks/baseline_eval.py data.csv out.csv   (bench_eval.py runs it as a process)
"""

import csv
import sys

from workload import by_hand_float


def main(src: str, dst: str) -> None:
    with open(src, encoding="utf-8-sig", newline="") as f, open(dst, "w", encoding="utf-8", newline="") as g:
        out = csv.writer(g)
        out.writerow(["工号", "total", "grade"])
        for row in csv.DictReader(f):
            total, grade = by_hand_float(row)
            out.writerow([row["工号"], f"{total:.2f}", grade])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
