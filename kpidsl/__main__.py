"""The `kpi` command's entry point (`python -m kpidsl` and the `kpi` console script).

`kpi --version` is answered here, before click and the rest of kpidsl are imported, so that it
starts as fast as Python itself; everything else goes to `cli.main`. The text is click's
`version_option` text, which `tests/cli/test_startup.py` checks stays identical.

The command's process runs the cyclic garbage collector less often (GC_THRESHOLD, as mypy's
command does): starting `kpi lint` allocates about a million objects (modules, classes, the parse
tables) that all stay alive, and with Python's default threshold of 700 the collector ran some 150
times over them for nothing, about 15% of the command's start. Only the command's own process is
tuned; `import kpidsl` in a user's program changes nothing (docs/architecture.md, "Start-up").
"""

from __future__ import annotations

import gc
import sys

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
    from .cli import main

    sys.exit(main())


if __name__ == "__main__":
    run()
