"""The reference interpreter: the IR evaluated record by record with exact decimals, then the
population rules over each period. It is the backend explain uses (every step can be traced)."""

from .expr import NoTier, ZeroDenominator, compile_expr
from .population import run_population
from .record import Interpreter
from .run import MAX_RECORD_ERRORS, run

__all__ = ["MAX_RECORD_ERRORS", "Interpreter", "NoTier", "ZeroDenominator", "compile_expr", "run", "run_population"]
