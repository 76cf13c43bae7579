"""Where kpidsl keeps its caches: the user cache directory (the parser tables, `grammar.py`; parsed
files, `parsecache.py`).

`KPI_CACHE_DIR` overrides it, and an empty `KPI_CACHE_DIR` turns every cache off. Every cache in it
is an optimisation only: a missing, read-only or corrupt folder never fails a run. The files are
pickles, so the folder must be one only its user can write, as the user cache directory is.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """The user cache directory for kpidsl: `KPI_CACHE_DIR`, `$XDG_CACHE_HOME/kpidsl` or
    `~/.cache/kpidsl` (a relative XDG_CACHE_HOME is ignored, as the XDG spec says)."""
    override = os.environ.get("KPI_CACHE_DIR")
    if override is not None:
        return Path(override) if override else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "kpidsl"
    local = os.environ.get("LOCALAPPDATA", "") if os.name == "nt" else ""
    if local:
        return Path(local) / "kpidsl" / "Cache"
    try:
        return Path.home() / ".cache" / "kpidsl"
    except RuntimeError:  # no home directory can be determined
        return None
