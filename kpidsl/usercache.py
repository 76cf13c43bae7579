"""Where kpidsl keeps its caches, and what makes an entry stale: the user cache directory (the
parser, `grammar.py` and `readyparser.py`; parsed files, `parsecache.py`), and the stamp of
kpidsl's own code that entries holding pickled kpidsl or Lark objects are checked against.

`KPI_CACHE_DIR` overrides it, and an empty `KPI_CACHE_DIR` turns every cache off. Every cache in it
is an optimisation only: a missing, read-only or corrupt folder never fails a run. The files are
pickles, so the folder must be one only its user can write, as the user cache directory is.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import sys
from functools import lru_cache
from pathlib import Path

from .resources import grammar_dir


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


@lru_cache(maxsize=1)
def code_stamp() -> tuple[object, ...]:
    """What a parse result depends on besides the text and path: Python's version and kpidsl's
    own modules and grammar, each by name, size and modification time (a few hundred
    microseconds of `stat`; an installed package's files keep their times until reinstalled).

    Raises:
        OSError: the folders cannot be listed (kpidsl imported from a zip file).
    """
    files: list[tuple[str, int, int]] = []
    for folder in (Path(__file__).parent, grammar_dir()):
        for e in os.scandir(folder):
            if e.name.endswith((".py", ".lark")):
                st = e.stat()
                files.append((e.name, st.st_size, st.st_mtime_ns))
    return (sys.version_info[:3], tuple(sorted(files)))


def store(path: Path, data: bytes, pattern: str, keep: int) -> None:
    """Put a cache entry in place as every kpidsl output file is written (`atomic.write_atomic`: a
    temporary file moved into place, removed on failure, one left by a killed run cleaned up), then
    keep at most `keep` files of its folder matching `pattern`: when there are more, the oldest go
    until an eighth fewer remain, so that a full folder (a scheme edited all day) has its files'
    times read once in keep/8 writes, not at every one (3 ms of `kpi lint` after an edit, with 256
    parsed files). Never fails: a cache that cannot be written is only a slower next run."""
    from .atomic import write_atomic
    from .errors import KpiError

    try:
        write_atomic(path, lambda tmp: tmp.write_bytes(data))
    except KpiError:
        return
    try:
        with os.scandir(path.parent) as entries:
            files = [e for e in entries if fnmatch.fnmatchcase(e.name, pattern)]
        if len(files) <= keep:
            return  # the usual case: no file's time need be read
        files.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for old in files[keep - keep // 8 :]:
        with contextlib.suppress(OSError):
            os.unlink(old.path)
