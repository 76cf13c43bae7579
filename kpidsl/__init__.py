"""kpidsl: a small language and interpreter for HR performance-evaluation schemes.

    >>> import kpidsl
    >>> scheme = kpidsl.load("examples/purchasing_manager/scheme.kpi")
    >>> results = scheme.evaluate([{"计划采购单数": 100, ...}])

See docs/api.md for the embedding API and docs/language.md for the language.
"""

from .api import Explanation, Scheme, load, loads, render_error
from .errors import (
    Diagnostic,
    KpiCheckError,
    KpiDataError,
    KpiError,
    KpiEvalError,
    KpiImportError,
    KpiSyntaxError,
    Severity,
)
from .results import AdjustmentResult, ItemResult, RecordResult, Results, VetoResult

__version__ = "0.1.0"

__all__ = [
    "AdjustmentResult",
    "Diagnostic",
    "Explanation",
    "ItemResult",
    "KpiCheckError",
    "KpiDataError",
    "KpiError",
    "KpiEvalError",
    "KpiImportError",
    "KpiSyntaxError",
    "RecordResult",
    "Results",
    "Scheme",
    "Severity",
    "VetoResult",
    "__version__",
    "load",
    "loads",
    "render_error",
]
