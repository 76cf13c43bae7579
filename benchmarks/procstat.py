"""Measure a command as a whole process: wall time, CPU time (user + system) and peak memory.

`os.wait4` returns the resource usage of exactly the child waited for (ru_maxrss: its peak
resident set, in KiB on Linux), so nothing else running on the machine is counted. A memory limit
(RLIMIT_AS) keeps a runaway measurement from taking the shared machine down with it.
"""

from __future__ import annotations

import os
import resource
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
    """Run `argv` to completion (its output discarded) and return what it used."""

    def limit() -> None:
        if memory_limit_mb is not None:
            size = memory_limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    start = time.perf_counter()
    proc = subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env(),
                            preexec_fn=limit)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Usage(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def kpi() -> list[str]:
    """The `kpi` command of the Python running this script (so a venv's kpidsl is measured)."""
    script = Path(sys.executable).with_name("kpi")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kpidsl"]
