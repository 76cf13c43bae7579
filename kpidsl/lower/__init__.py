"""Lowering: the checked syntax tree and the resolver's bindings become the IR (`ir/`).

Only a scheme without errors is lowered. Names become typed references, constants their values
(a formula made of constants is folded with the interpreter's own semantics, and keeps what it
was written as for explain), fixed-choice words become enums, and the evaluation order becomes
explicit stages of steps (`lower/scheme.py`).
"""

from __future__ import annotations

import decimal

from .. import ir
from ..checks import Analysis
from ..numbers import evaluation_context
from .scheme import SchemeLowerer


def lower(analysis: Analysis) -> ir.Scheme:
    """The IR of a checked scheme.

    Raises:
        KpiEvalError: a constant cannot be computed (it divides by zero).
    """
    with decimal.localcontext(evaluation_context()):
        return SchemeLowerer(analysis).scheme_ir()
