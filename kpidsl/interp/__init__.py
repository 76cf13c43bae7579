"""The reference interpreter: the IR evaluated record by record with exact decimals, then the
population rules over each period. It is the backend explain uses (every step can be traced).

`lower` compiles constant formulas with `expr.py` alone, which `kpi lint` needs; the rest of the
interpreter is imported on first use of its names (PEP 562 `__getattr__`), so that linting a
scheme does not load the evaluator (docs/architecture.md, "Start-up"). The record loop is
`interp.run.run`: a lazy package attribute `run` would be the submodule `run` whenever that was
imported first, so it is not offered here.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .expr import NoTier, ZeroDenominator, compile_expr

if TYPE_CHECKING:
    from .population import run_population as run_population
    from .record import Interpreter as Interpreter
    from .run import MAX_RECORD_ERRORS as MAX_RECORD_ERRORS

__all__ = ["MAX_RECORD_ERRORS", "Interpreter", "NoTier", "ZeroDenominator", "compile_expr", "run_population"]

#: Name -> the submodule that defines it, imported when the name is first used.
_LAZY = {"run_population": "population", "Interpreter": "record", "MAX_RECORD_ERRORS": "run"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
