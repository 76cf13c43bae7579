"""The progress line of a long `kpi eval`, seen as a person sees it: stderr on a pseudo-terminal.

`kpi` runs as a process whose stderr is the slave side of a pty (so `isatty()` is true, as in a
terminal); the test reads what the terminal would show from the master side. The delay before
anything shows is 2 s; `KPI_PROGRESS_AFTER=0` shows it at once, so the default run stays fast, and
a slow test runs a real 2-second evaluation without it.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")  # POSIX only

SCHEME = """scheme "进度" {
  id 工号
  input 工号: text
  input 完成: count
  input 计划: count
  indicator 完成率 { value 完成 / 计划  on zero -> 0  score ladder { >= 95% -> 100  else -> 60 } }
}
"""


def _files(tmp_path: Path, rows: int) -> tuple[str, str]:
    scheme = tmp_path / "s.kpi"
    scheme.write_text(SCHEME, encoding="utf-8")
    data = tmp_path / "d.csv"
    with open(data, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["工号", "完成", "计划"])
        w.writerows([f"E{i:06d}", i % 101, 100] for i in range(rows))
    return str(scheme), str(data)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "KPI_PROGRESS_AFTER"}
    env.update(KPI_LANG="en", COLUMNS="100", **extra)
    return env


def _in_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run `kpi` with stderr on a pseudo-terminal; what the terminal received."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kpidsl", *args], stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    received = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        received += chunk
    os.close(master)
    return proc.wait(timeout=120), received.decode("utf-8", "replace")


def test_a_long_run_shows_its_progress_on_a_terminal(tmp_path: Path) -> None:
    scheme, data = _files(tmp_path, 3000)
    code, screen = _in_terminal(["eval", scheme, data, "-o", str(tmp_path / "out.csv")], _env(KPI_PROGRESS_AFTER="0"))
    assert code == 0, screen
    assert "evaluating" in screen and "/3000" in screen, screen  # click's bar: the count done of 3000
    assert "\r" in screen and "\x1b[K" in screen  # redrawn in place, then cleared
    last_bar = screen.rindex("evaluating")
    assert screen.index("Run summary: 3000 records") > last_bar  # the summary starts on a clean line after it


def test_nothing_shows_on_a_file_or_a_pipe(tmp_path: Path) -> None:
    scheme, data = _files(tmp_path, 3000)
    r = subprocess.run([sys.executable, "-m", "kpidsl", "eval", scheme, data, "-o", str(tmp_path / "out.csv")],
                       capture_output=True, text=True, env=_env(KPI_PROGRESS_AFTER="0"), timeout=120)
    assert r.returncode == 0 and "evaluating" not in r.stderr and "\r" not in r.stderr


def test_a_short_run_stays_quiet_on_a_terminal(tmp_path: Path) -> None:
    scheme, data = _files(tmp_path, 600)
    code, screen = _in_terminal(["eval", scheme, data, "-o", str(tmp_path / "out.csv")], _env())
    assert code == 0 and "evaluating" not in screen and "reading" not in screen and "Run summary" in screen


def test_quiet_shows_neither_progress_nor_summary(tmp_path: Path) -> None:
    scheme, data = _files(tmp_path, 600)
    code, screen = _in_terminal(["eval", scheme, data, "-o", str(tmp_path / "out.csv"), "-q"], _env(KPI_PROGRESS_AFTER="0"))
    assert code == 0 and "evaluating" not in screen and "Run summary" not in screen


@pytest.mark.slow
def test_the_real_delay(tmp_path: Path) -> None:
    """A run of more than 2 seconds, with the default delay."""
    scheme, data = _files(tmp_path, 1_000_000)  # the engine evaluates 60,000 rows in under the 2 s delay
    code, screen = _in_terminal(["eval", scheme, data, "-o", str(tmp_path / "out.csv")], _env())
    assert code == 0 and ("evaluating" in screen or "reading the data" in screen), screen
