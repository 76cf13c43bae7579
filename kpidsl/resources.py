"""Where the grammar, the stdlib and the lint rule pages live, in a source checkout and in an installed wheel.

The repository keeps them at the top level (`grammar/`, `stdlib/`, `docs/lint.md`); the wheel build
copies them into the package as `kpidsl/_grammar`, `kpidsl/_stdlib` and `kpidsl/_docs` (see
pyproject.toml), so an installed kpidsl never depends on a checkout being around.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _find(packaged: str, checkout: str) -> Path:
    inside = _PACKAGE_DIR / packaged
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / checkout


def grammar_dir() -> Path:
    """The folder holding `kpidsl.lark`."""
    return _find("_grammar", "grammar")


def stdlib_dir() -> Path:
    """The folder holding the stdlib `.kpi` modules."""
    return _find("_stdlib", "stdlib")


def docs_dir() -> Path:
    """The folder holding `lint.md`, whose rule pages `kpi lint --explain` prints."""
    return _find("_docs", "docs")
