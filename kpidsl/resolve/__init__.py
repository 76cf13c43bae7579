"""The resolver: one pass that binds every name in a scheme, once, for every later phase.

Given a loaded program (imports read, templates expanded), it builds the scheme's scope (names
defined twice and built-in names reused are reported), then visits every place a name can stand
(`scheme.py`: formulas, tier bounds, scoring clauses, rater lists, `from` clauses, `within`
columns, population rules, tests). Each occurrence becomes a `Reference`: its span, the typed
reference it stands for (`refs.py`) and the definition it binds to. Names that cannot be bound
where they stand (unknown, of the wrong kind, not available there) are reported with did-you-mean
hints (`binder.py`).

From the references it derives the dependency order, once (`order.py`): constants in the order
they can be folded, indicators in the order they can be evaluated, cycles reported with their
chain. Kind inference, the checks, lowering to the IR, the linter and an editor's
go-to-definition all read this one `Resolution`, so they cannot disagree about what a name means.
"""

from __future__ import annotations

from .. import nodes as n
from ..loader import Program
from .binder import Binder
from .model import (
    AFTER_KINDS,
    VALUE_KINDS,
    Binding,
    DefKind,
    Place,
    Reference,
    Resolution,
    const_place,
    tier_place,
)
from .order import is_population, order_constants, order_indicators, order_stages
from .scheme import resolve_scheme

__all__ = [
    "AFTER_KINDS",
    "VALUE_KINDS",
    "Binding",
    "DefKind",
    "Place",
    "Reference",
    "Resolution",
    "const_place",
    "is_population",
    "resolve",
    "tier_place",
]


def resolve(program: Program, scheme: n.Scheme | None = None) -> Resolution:
    """Bind every name of the program's scheme (or of `scheme`, for a module of definitions
    checked on its own), and order its constants and indicators.

    Raises:
        ValueError: the program holds no scheme.
    """
    scheme = scheme or program.scheme
    if scheme is None:
        raise ValueError("the program holds no scheme")
    binder = Binder(Resolution(program, scheme))
    binder.build_scope()
    resolve_scheme(binder)
    order_constants(binder)
    order_indicators(binder)
    order_stages(binder)
    return binder.r
