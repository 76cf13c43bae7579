"""Cold start of `kpi fmt` on one file, as a whole process, against a hand-written baseline.

Run: python benchmarks/bench_fmt.py [FILE] [--runs N]

Each run starts a new process, as an editor's format-on-save or a pre-commit hook does:
`kpi fmt --check FILE`. The baseline is the least any formatter process costs: a Python process
that reads the file and writes it back with trailing blanks stripped (no kpidsl, no Lark). The
first run on a machine also builds Lark's parser cache and is reported apart. The target (issue
15) is under 150 ms for the `kpi fmt` run. Runs use Python's bytecode cache (as an installed
package does) and the parser cache. A measurement, not a test: the machines are shared, so the
median of several runs is reported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "examples" / "evaluation_form" / "scheme.kpi"
BUDGET = 0.150

#: The children may write and use bytecode caches, as an installed package does (pip compiles it).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

BASELINE = (
    "import sys\n"
    "text = open(sys.argv[1], encoding='utf-8').read()\n"
    "out = ''.join(line.rstrip() + '\\n' for line in text.splitlines())\n"
    "sys.exit(out != text)\n"
)


def kpi_command() -> list[str]:
    """The installed `kpi` script next to this Python, else `python -m kpidsl`."""
    script = Path(sys.executable).with_name("kpi")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kpidsl"]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    fmt = [*kpi_command(), "fmt", "--check", args.file]
    base = [sys.executable, "-c", BASELINE, args.file]
    imports = [sys.executable, "-c", "import kpidsl.fmt, kpidsl.grammar; kpidsl.grammar.get_parser()"]
    start = time.perf_counter()
    done = subprocess.run(fmt, capture_output=True, text=True, check=False, env=ENV)
    first = time.perf_counter() - start
    if "formatted" not in done.stderr:  # the summary line; anything else means the command failed
        raise SystemExit(f"kpi fmt failed (exit {done.returncode}): {done.stderr.strip()}")
    fmt_times = [timed(fmt) for _ in range(args.runs)]
    base_times = [timed(base) for _ in range(args.runs)]
    import_times = [timed(imports) for _ in range(args.runs)]
    median = statistics.median(fmt_times)
    lines = Path(args.file).read_text(encoding="utf-8").count("\n")
    print(f"kpi fmt --check on {args.file} ({lines} lines), a new process per run, {args.runs} runs")
    print(f"  first run (may build the parser cache): {first * 1000:7.1f} ms")
    print(f"  kpi fmt:           median {median * 1000:7.1f} ms, best {min(fmt_times) * 1000:7.1f} ms")
    print(f"    of which starting Python, importing kpidsl.fmt and loading the parser: "
          f"median {statistics.median(import_times) * 1000:.1f} ms")
    print(f"  baseline (Python reads and rewrites the file): median {statistics.median(base_times) * 1000:7.1f} ms")
    print(f"  ratio kpi fmt / baseline: {median / statistics.median(base_times):.1f}x")
    print(f"  target: under {BUDGET * 1000:.0f} ms -> {'met' if median < BUDGET else 'NOT met'}")


if __name__ == "__main__":
    main()
