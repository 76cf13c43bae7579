"""`kpi lint` on a generated scheme of 200 indicators (ladders, ratios, groups, vetoes).

Run: python benchmarks/bench_lint.py [--indicators N]

Prints the time to parse, check and lint. The target (issue 4) is under one second for 200
indicators. A measurement, not a test: the machines are shared.
"""

from __future__ import annotations

import argparse
import time

import kpidsl
from kpidsl.lint import lint


def generate(n: int) -> str:
    lines = ['scheme "生成的 200 指标方案" {', "  round 2", "  id 工号", "  input 工号: text"]
    groups = 10
    per = n // groups
    for i in range(n):
        lines.append(f"  input 完成{i}: count")
        lines.append(f"  input 计划{i}: count in >= 1")
    lines.append("  input 损失: money in >= 0 = 0")
    for g in range(groups):
        lines.append(f"  group 组{g} weight 10% {{")
        for j in range(per):
            i = g * per + j
            weight = "10%" if per == 10 else f"{100 / per:.4f}%"
            lines.append(f"    indicator 指标{i} weight {weight} {{")
            lines.append(f'      code "G-{i:03d}"')
            lines.append("      direction higher")
            lines.append(f"      value min(完成{i} / 计划{i}, 1)")
            lines.append("      score ladder {")
            lines.append("        >= 95%      -> 100")
            lines.append("        [90%, 95%)  -> 80")
            lines.append("        [85%, 90%)  -> 60")
            lines.append("        [70%, 85%)  -> 40")
            lines.append("        < 70%       -> 0")
            lines.append("      }")
            lines.append("    }")
        lines.append("  }")
    lines.append('  veto "重大损失" when 损失 >= 2000 -> no bonus')
    lines.append("  grade on rounded { A >= 90  B [80, 90)  C [70, 80)  D else }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--indicators", type=int, default=200)
    args = ap.parse_args()
    text = generate(args.indicators)
    best = float("inf")
    findings = 0
    for _ in range(3):
        t = time.perf_counter()
        scheme = kpidsl.loads(text, path="generated.kpi")
        report = lint(scheme)
        best = min(best, time.perf_counter() - t)
        findings = len(report.diagnostics)
    lines = text.count("\n")
    print(f"kpi lint on a generated scheme: {args.indicators} indicators, {lines} lines")
    print(f"  parse + checks + lint: {best:.3f} s (best of 3), {findings} finding(s)")
    print(f"  target: under 1 s -> {'met' if best < 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
