"""The `kpi` command's entry point (`python -m kpidsl` and the `kpi` console script).

`kpi --version` is answered here, before click and the rest of kpidsl are imported, so that it
starts as fast as Python itself; everything else goes to `cli.main`. The text is click's
`version_option` text, which `tests/cli/test_startup.py` checks stays identical.

The command's process runs the cyclic garbage collector less often (GC_THRESHOLD, as mypy's
command does): starting `kpi lint` allocates about a million objects (modules, classes, the parse
tables) that all stay alive, and with Python's default threshold of 700 the collector ran some 150
times over them for nothing, about 15% of the command's start. Only the command's own process is
tuned; `import kpidsl` in a user's program changes nothing (docs/architecture.md, "Start-up").

The process ends without tearing the interpreter down (`_leave`, as mypy's command does with
`os._exit`): once the command has returned, its files are closed and its temporary files removed,
but a normal exit would still free every one of those million objects and clear every module one
by one, some 40 ms of `kpi lint`'s 180 (a quarter of the command). `_leave` does what that
shutdown does that matters: it runs the `atexit` handlers libraries registered and flushes
stdout and stderr, then ends the process with the command's exit status. A flush that fails for
any reason but a reader that went away (`kpi eval ... | head`) leaves the exit to the interpreter,
which reports it as before. Under a profiler or a tracer (`python -m cProfile`, coverage, a
debugger), which report from their own exit handlers or after the program returns, the process
exits normally.

SIGTERM (a supervisor, `kill`, a CI timeout) is turned into an exception in the command's process
too, so that it unwinds as Ctrl-C does: every cleanup runs (the temporary file beside an output,
`atomic.write_atomic`) before the process ends. It then dies of SIGTERM as it would have (exit
status 143 in a shell, -15 to `subprocess`); a run interrupted so leaves the old output as it was.
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from types import FrameType

#: `gc.set_threshold` for the `kpi` process: a young-generation collection every 200,000
#: allocations instead of 700, the older generations every 30 of those.
GC_THRESHOLD = (200_000, 30, 30)


def run() -> None:
    """Run the `kpi` command with `sys.argv` and exit with its code."""
    gc.set_threshold(*GC_THRESHOLD)
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        print(f"kpi, version {__version__}")
        sys.exit(0)
    import signal

    from .cli import main

    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = main()
    except Terminated:
        _die_of_sigterm()
        code = 128 + signal.SIGTERM  # where the signal cannot end the process itself
        sys.exit(code)
    _leave(code)


def _leave(code: int) -> NoReturn:
    """End the process with `code` after the command returned, without freeing its objects one by
    one (see the module's docstring); a normal `sys.exit` under a profiler or a tracer."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    import atexit
    import os

    atexit._run_exitfuncs()  # what a normal exit runs first (logging's shutdown, ...)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away (`kpi eval ... | head`): what it read is all it wanted
            pass
        except (OSError, ValueError):  # a full disk, a closed stream: the interpreter's own exit reports it
            sys.exit(code)
    os._exit(code)


class Terminated(BaseException):
    """SIGTERM, raised where the main thread is: a BaseException, as KeyboardInterrupt is, so that
    no `except Exception` of the command swallows it and every `finally` runs."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def _die_of_sigterm() -> None:
    """End the process by SIGTERM itself (after the cleanup), so its parent sees what it sent."""
    import os
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


if __name__ == "__main__":
    run()
