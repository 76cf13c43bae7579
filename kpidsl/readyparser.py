"""The loaded parser, pickled whole: the second level of the parser cache (`grammar.py`).

Why: Lark's cache file holds the parser in Lark's own serialised form, which Lark turns back into
objects with a generic deserialiser written in Python (each of ~500 rules and terminals, each of
~15,000 table entries, then the tree-building callbacks): about 180 M instructions, a fifth of
`kpi lint` on a small file. Pickled as the finished object graph, the same parser loads in about
85 M, mostly in C.

Two parts of the Lark object are left out (`_trimmed`): `grammar`, the grammar's own parse trees,
which Lark keeps only for its `Reconstructor` (kpidsl prints schemes itself, `printer.py`), and
`_parse_tree_builder`, which made the tree-building callbacks the parser holds; with them the
file held twice the objects (about 3,500 trees, tokens and lists more), and reading it back took
about 40% longer.

The parse table's ~15,000 entries are ~1,100 distinct actions (a state that reduces by a rule
does so on every token that may follow it): `_share_actions` makes equal entries one tuple
before the table is written, so pickle writes each once and reads the rest as references (a
third less to read back). The parser only reads the entries, so sharing them changes nothing.

Two kinds of objects cannot be pickled as they are: Lark's `Shift` and `Reduce` actions, which
the parser compares by identity (`action is Shift`), and the `re` module a lexer keeps. They are
written as references to the live objects (`_by_reference`), which pickle memoises: each is looked
up once per file, not once per table entry (a persistent id per entry cost ~15,000 Python calls).

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

import copy
import copyreg
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
FORMAT = 4

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
            stamp, text, parser = pickle.load(f)
        if stamp != _stamp() or text != grammar:
            return None
    except Exception:  # noqa: BLE001  # missing, truncated, objects of other code, no stamp: build instead
        return None
    return parser  # type: ignore[no-any-return]


def write(path: Path, grammar: str, parser: Lark) -> None:
    """Store `parser` (`usercache.store`: never half a file, the newest KEEP kept); never fails:
    a parser that cannot be pickled or a folder that cannot be written leaves no file."""
    try:
        _share_actions(parser)
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump((_stamp(), grammar, _trimmed(parser)))
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    store(path, buffer.getvalue(), "*.ready", KEEP)


#: Attributes of the Lark object that parsing never reads (see the module's docstring).
UNUSED = ("grammar", "_parse_tree_builder")


def _share_actions(parser: Lark) -> None:
    """Make equal entries of the parse table one tuple (in place; see the module's docstring)."""
    table = getattr(getattr(getattr(parser, "parser", None), "parser", None), "_parse_table", None)
    states = getattr(table, "states", None)
    if not isinstance(states, dict):
        return  # not the LALR parser this was written for: written as it is
    shared: dict[tuple[int, object], Any] = {}
    for actions in states.values():
        for token, action in actions.items():
            actions[token] = shared.setdefault((id(action[0]), action[1] if isinstance(action[1], int) else id(action[1])), action)


def _trimmed(parser: Lark) -> Lark:
    """A shallow copy of `parser` without the UNUSED attributes (set to None); the live parser keeps them."""
    clone = copy.copy(parser)
    for name in UNUSED:
        setattr(clone, name, None)
    return clone


def _module(name: str) -> types.ModuleType:
    """The module `name` when a parser is read back: only the regular-expression modules a lexer
    keeps (`re`, or `regex` when Lark uses it) are ever written."""
    if name not in ("re", "regex"):
        raise pickle.UnpicklingError(f"unexpected module {name!r} in a ready parser")
    return importlib.import_module(name)


def _by_reference(obj: Any) -> Any:  # pickle's reducer: a global's name or (callable, args)
    """How `_Pickler` writes a module or one of Lark's two parser actions: as a reference that
    pickle memoises, so that the ~15,000 table entries naming `Shift` or `Reduce` read back as the
    live objects (the parser compares them by identity) without a call per entry."""
    if isinstance(obj, types.ModuleType):
        return (_module, (obj.__name__,))
    return obj.name  # Lark's `Action`: a global of its module, found there by this name


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, protocol: int) -> None:
        from lark.parsers.lalr_analysis import Action

        super().__init__(file, protocol)
        self.dispatch_table = {**copyreg.dispatch_table, types.ModuleType: _by_reference, Action: _by_reference}

