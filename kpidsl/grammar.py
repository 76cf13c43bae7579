"""Build the Lark LALR parser once per process, from `grammar/kpidsl.lark`, through a disk cache.

Building the parser from the grammar text costs 0.3-0.9 s (the LALR tables); loading the analysed parser from Lark's own cache takes a few
milliseconds. So the first `kpi` run on a machine writes the cache and every later run reads it.
We use Lark's intended mechanism, `Lark(..., cache=<file>)`: Lark stores a hash of the grammar,
the options, its own version and the Python version in the file and rebuilds (and rewrites the
file) when any of them differs. The file name also carries the grammar's hash, so two installed
versions of kpidsl with different grammars keep separate files instead of rewriting one another's.
Beside it, `readyparser.py` keeps the loaded parser pickled whole (`.ready`), which loads in half
the time of Lark's own form; Lark's file stays the fallback.

The cache lives in the user cache directory: `$XDG_CACHE_HOME/kpidsl`, else `~/.cache/kpidsl`
(on Windows `%LOCALAPPDATA%/kpidsl/Cache`); `KPI_CACHE_DIR` overrides them, and an empty
`KPI_CACHE_DIR` turns the cache off. It is an optimisation only: a missing, read-only or corrupt
cache never fails a run; the parser is then built in memory. The file is a pickle (Lark's
format), so the folder must be one only its user can write, as the user cache directory is.

The parser object is immutable after construction and holds no per-parse state (comments are
collected by `parser.py` from the text, not through lexer callbacks), so one cached instance is
safe to share between threads and between schemes.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import readyparser
from .resources import grammar_dir
from .usercache import cache_dir

if TYPE_CHECKING:

    from lark import Lark

#: The grammar file inside `grammar_dir()`.
GRAMMAR_FILE = "kpidsl.lark"

#: The options every parser is built with, besides the lexer (part of Lark's own cache key).
PARSER_OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    # Strict mode (grammar conflicts and colliding terminals are errors) is a check of the grammar,
    # made by tests/unit/test_lark_plugins.py; at run time it would only import interegular.
    "strict": False,
    "propagate_positions": True,
    "maybe_placeholders": True,
}


@lru_cache(maxsize=1)
def get_parser() -> Lark:
    """The shared LALR parser, from the disk cache when it holds one for this grammar (the tests
    build the same grammar in strict mode, where a conflict is an error)."""
    text = (grammar_dir() / GRAMMAR_FILE).read_text(encoding="utf-8")
    lark_cache = cache_file(text)
    if lark_cache is None:
        return build_parser(text, None)
    ready = readyparser.entry(lark_cache)
    parser = readyparser.read(ready, text)
    if parser is None:
        parser = build_parser(text, lark_cache)
        readyparser.write(ready, text, parser)
    return parser


def build_parser(text: str, cache: Path | None) -> Lark:
    """A parser for the grammar `text`, read from or written to `cache` when it is a usable path.

    Lark treats a cache file it cannot read or write as absent (it logs at DEBUG level through its
    own logger, which is silent by default); the folder is created here, and a folder that cannot
    be created turns the cache off for this run.
    """
    from lark import Lark

    from .lark_plugins import CachedTables, KeywordLexer

    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            cache = None
    return Lark(text, cache=str(cache) if cache is not None else False, lexer=KeywordLexer, _plugins={"LALR_Parser": CachedTables}, **PARSER_OPTIONS)


def cache_file(text: str) -> Path | None:
    """Where the parser for the grammar `text` is cached, or None when caching is turned off."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return folder / f"parser-{digest}.lark-cache"
