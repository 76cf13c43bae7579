"""The fuzz suite's large run (not part of `pytest`): many more cases than the default run, from a
seed given on the command line, checked by the same `harness.run_case`; prints what happened.

    python tests/fuzz/run_large.py --seed 1 --per-example 150 --per-module 20

Exit status 1 if any case broke a promise (each is printed with its seed, to replay it)."""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import cases, run_case


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-example", type=int, default=150)
    parser.add_argument("--per-module", type=int, default=20)
    parser.add_argument("--subprocess-every", type=int, default=0, help="run every Nth case as a process (0: none)")
    args = parser.parse_args()
    todo = cases(args.seed, args.per_example, args.per_module)
    exits: Counter[int] = Counter()
    codes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    broken: list[str] = []
    start = time.perf_counter()
    for i, case in enumerate(todo):
        process = bool(args.subprocess_every) and i % args.subprocess_every == 0
        try:
            outcome = run_case(case, subprocess=process)
        except AssertionError as exc:
            broken.append(f"{case.name}: {exc}")
            continue
        exits[outcome.code] += 1
        kinds[outcome.what.split(" ", 1)[0]] += 1
        codes.update(set(re.findall(r"error\[(K-[A-Z]\d{4})\]", outcome.text)))
    took = time.perf_counter() - start
    print(f"{len(todo)} cases (seed {args.seed}) in {took:.0f} s: exit 0: {exits[0]}, exit 1: {exits[1]}, broken: {len(broken)}")
    print("mutations:", ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("error codes:", ", ".join(f"{k} {n}" for k, n in sorted(codes.items())))
    for line in broken:
        print("BROKEN", line[:3000])
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
