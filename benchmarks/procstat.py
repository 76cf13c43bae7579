"""Measure a command as a whole process: wall time, CPU time (user + system) and peak memory.

`os.wait4` returns the resource usage of exactly the child waited for (ru_maxrss: its peak
resident set, in KiB on Linux), so nothing else running on the machine is counted. A memory limit
(`ulimit -v`) keeps a runaway measurement from taking the shared machine down with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Usage:
    wall: float
    cpu: float
    peak_mb: float
    code: int


def child_env() -> dict[str, str]:
    """The environment for measured children: bytecode caching on (as an installed kpidsl has it),
    and this folder on the path for the baseline scripts."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), env.get("PYTHONPATH", "")) if p)
    return env


def run(argv: Sequence[str], memory_limit_mb: int | None = None) -> Usage:
    """Run `argv` to completion (its output discarded) and return what it used.

    The command is started by a small helper process (this file run as a script), not by this
    one: Linux carries the peak memory of the process that forks into the child's ru_maxrss, so a
    child of a large benchmark process would report at least that process's size.
    """
    cmd = list(argv)
    if memory_limit_mb is not None:
        cmd = ["/bin/sh", "-c", f'ulimit -v {memory_limit_mb * 1024} && exec "$@"', "sh", *cmd]
    done = subprocess.run([sys.executable, __file__, *cmd], capture_output=True, text=True, env=child_env(), check=True)
    wall, cpu, peak_kb, code = done.stdout.split()
    return Usage(float(wall), float(cpu), int(peak_kb) / 1024, int(code))


def _measure(argv: Sequence[str]) -> None:
    """The helper: run `argv`, print its wall and CPU seconds, peak RSS (KiB) and exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))


def kpi() -> list[str]:
    """The `kpi` command of the Python running this script (so a venv's kpidsl is measured)."""
    script = Path(sys.executable).with_name("kpi")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kpidsl"]


if __name__ == "__main__":
    _measure(sys.argv[1:])
