"""The `kpi` command's entry point (`python -m kpidsl` and the `kpi` console script).

`kpi --version` is answered here, before click and the rest of kpidsl are imported, so that it
starts as fast as Python itself; everything else goes to `cli.main`. The text is click's
`version_option` text, which `tests/cli/test_startup.py` checks stays identical.
"""

from __future__ import annotations

import sys


def run() -> None:
    """Run the `kpi` command with `sys.argv` and exit with its code."""
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        print(f"kpi, version {__version__}")
        sys.exit(0)
    from .cli import main

    sys.exit(main())


if __name__ == "__main__":
    run()
