"""Parsed files cached on disk, as Python caches a module's bytecode: a file read again unchanged
is not parsed again.

Why: parsing is most of a short command's time. `kpi lint` on a 91-line scheme that imports one
stdlib module spent about two thirds of its instructions on reading the two files: importing Lark,
loading its parse tables, lexing and parsing with recovery, building the nodes. The stdlib modules
never change between runs, and a scheme is linted, evaluated and explained many times between
edits. A cached file's nodes are read back with one `pickle.load`, without importing Lark at all. Only
files are cached (`Loader.load_path` and imports): a text an application passes in memory is
parsed every time, as Python compiles a string every time.

An entry is used only when it was written for exactly this text at exactly this path (nodes carry
their file's path in every span) by exactly this code: the entry holds the text, the path and a
stamp of kpidsl's own source files and grammar (each file's name, size and modification time), and
all three are compared when it is read. So a collision of the file names (a CRC of these three)
can only miss, and an edited kpidsl (a development checkout) never reads nodes pickled by the code
before the edit. Only successful parses are stored: a file with a syntax error is read again
every time, so its messages are the reader's own.

The entries live in `parsed/` of the user cache directory (`usercache.py`; an empty `KPI_CACHE_DIR`
turns it off). The folder keeps at most MAX_ENTRIES files (the oldest go first), so editing a
scheme all day does not grow it without bound (`usercache.store`, as every cache entry is written). Like the parser cache it is an optimisation only:
a missing, read-only or corrupt folder or entry never fails a run; the file is then parsed.
"""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from .usercache import cache_dir, code_stamp, store

if TYPE_CHECKING:
    from . import nodes as n

#: Changes whenever the layout of an entry changes.
FORMAT = 1

#: How many parsed files the folder keeps (the newest).
MAX_ENTRIES = 256


def parse(text: str, path: str = "<string>") -> n.Module:
    """`parser.parse`, imported on first use (so that a run whose files are all cached never
    imports Lark): for a text that is not a file's, which is never cached.

    Raises:
        KpiSyntaxError: the text is not a valid scheme file.
    """
    from .parser import parse as parse_text

    return parse_text(text, path)


def parse_file(text: str, path: str) -> n.Module:
    """`parser.parse(text, path)` of the file at `path`, read from the cache when this text at this
    path was parsed by this code before (and written to it after a successful parse).

    Raises:
        KpiSyntaxError: as `parser.parse` (errors are never cached).
    """
    entry = _entry_path(text, path)
    if entry is not None:
        found = _read(entry, text, path)
        if found is not None:
            return found
    module = parse(text, path)
    if entry is not None:
        _write(entry, text, path, module)
    return module


def _entry_path(text: str, path: str) -> Path | None:
    """The entry's file: named by a CRC of the code stamp, path and text, so two installed versions
    of kpidsl sharing the folder keep separate entries instead of replacing one another's."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        stamp = code_stamp()
    except OSError:  # kpidsl's files cannot be listed (imported from a zip): no cache
        return None
    crc = zlib.crc32(f"{stamp}\0{path}\0{text}".encode("utf-8", "surrogatepass"))
    return folder / "parsed" / f"{crc:08x}-{len(text)}.pickle"


def _read(entry: Path, text: str, path: str) -> n.Module | None:
    try:
        with open(entry, "rb") as f:
            fmt, stamp, old_path, old_text, module = pickle.load(f)
    except Exception:  # noqa: BLE001  # missing, unreadable, truncated or from other code: parse instead
        return None
    if fmt != FORMAT or stamp != code_stamp() or old_path != path or old_text != text:
        return None
    return module  # type: ignore[no-any-return]


def _write(entry: Path, text: str, path: str, module: n.Module) -> None:
    try:
        data = pickle.dumps((FORMAT, code_stamp(), path, text, module), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, RecursionError):
        return
    store(entry, data, "*.pickle", MAX_ENTRIES)
