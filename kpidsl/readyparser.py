"""The loaded parser, pickled whole: the second level of the parser cache (`grammar.py`).

Why: Lark's cache file holds the parser in Lark's own serialised form, which Lark turns back into
objects with a generic deserialiser written in Python (each of ~500 rules and terminals, each of
~15,000 table entries, then the tree-building callbacks): about 180 M instructions, a fifth of
`kpi lint` on a small file. Pickled as the finished object graph, the same parser loads in about
85 M, mostly in C.

Two kinds of objects cannot be pickled as they are: Lark's `Shift` and `Reduce` actions, which the
parser compares by identity (`action is Shift`), and the `re` module a lexer keeps. They are
written as references (`persistent_id`) and resolved to the live objects when read.

An entry is used only when it was written for the same grammar text by the same Lark version and
the same `lark_plugins.py` and `grammar.py` (the plugins and options that shape the objects; their
text, not kpidsl's version, so that a development checkout keeps its entry while other modules
change); anything else, and any error while reading, falls back to `grammar.build_parser`, which
reads or rebuilds Lark's own cache. The file's name carries a CRC of that stamp, so installs of
different versions sharing the cache folder keep their own files; the folder keeps the newest
KEEP of them. tests/unit/test_ready_parser.py compares the trees and errors
of a parser read this way with those of Lark's over every shipped file.
"""

from __future__ import annotations

import importlib
import io
import pickle
import types
import zlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .usercache import store

if TYPE_CHECKING:
    from lark import Lark

#: Changes whenever the layout of an entry changes.
FORMAT = 1

#: How many `.ready` files the cache folder keeps (the newest).
KEEP = 4


def entry(lark_cache: Path) -> Path:
    """The ready parser's file beside Lark's cache file `lark_cache`, named for this stamp."""
    crc = zlib.crc32(repr(_stamp()).encode("utf-8"))
    return lark_cache.with_name(f"{lark_cache.stem}-{crc:08x}.ready")


@lru_cache(maxsize=1)
def _stamp() -> tuple[object, ...]:
    """What the pickled objects depend on besides the grammar: the entry's format, Lark's
    version, and the text of the kpidsl modules that plug into Lark and set its options."""
    import lark

    here = Path(__file__).parent
    return (FORMAT, lark.__version__, *((here / name).read_text(encoding="utf-8") for name in ("lark_plugins.py", "grammar.py")))


def read(path: Path, grammar: str) -> Lark | None:
    """The parser stored at `path` for `grammar`, or None (missing, stale or unreadable)."""
    try:
        with open(path, "rb") as f:
            stamp, text, parser = _Unpickler(f).load()
        if stamp != _stamp() or text != grammar:
            return None
    except Exception:  # noqa: BLE001  # missing, truncated, objects of other code, no stamp: build instead
        return None
    return parser  # type: ignore[no-any-return]


def write(path: Path, grammar: str, parser: Lark) -> None:
    """Store `parser` (`usercache.store`: never half a file, the newest KEEP kept); never fails:
    a parser that cannot be pickled or a folder that cannot be written leaves no file."""
    try:
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump((_stamp(), grammar, parser))
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    store(path, buffer.getvalue(), "*.ready", KEEP)


def _actions() -> dict[str, object]:
    from lark.parsers.lalr_analysis import Reduce, Shift

    return {"lark:Shift": Shift, "lark:Reduce": Reduce}


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, protocol: int) -> None:
        super().__init__(file, protocol)
        self._by_id = {id(obj): name for name, obj in _actions().items()}

    def persistent_id(self, obj: Any) -> str | None:  # pickle's own signature
        if isinstance(obj, types.ModuleType):
            return f"module:{obj.__name__}"
        return self._by_id.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BufferedReader) -> None:
        super().__init__(file)
        self._actions = _actions()

    def persistent_load(self, pid: Any) -> object:  # pickle's own signature
        if not isinstance(pid, str):
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        if pid in ("module:re", "module:regex"):  # the only modules a lexer keeps
            return importlib.import_module(pid.removeprefix("module:"))
        try:
            return self._actions[pid]
        except KeyError:
            raise pickle.UnpicklingError(f"unknown reference {pid!r}") from None
