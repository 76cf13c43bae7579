"""kpidsl: a small language and interpreter for HR performance-evaluation schemes.

    >>> import kpidsl
    >>> scheme = kpidsl.load("examples/purchasing_manager/scheme.kpi")
    >>> results = scheme.evaluate([{"计划采购单数": 100, ...}])

See docs/api.md for the embedding API and docs/language.md for the language.

The public names are imported on first use (PEP 562 module `__getattr__`), so `import kpidsl`
and `kpi --version` do not pay for the parser, pydantic or the evaluator until they are needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, for type checkers and editors (redundant aliases re-export them)
    from .api import Scheme as Scheme
    from .api import load as load
    from .api import loads as loads
    from .api import render_error as render_error
    from .errors import Diagnostic as Diagnostic
    from .errors import KpiCheckError as KpiCheckError
    from .errors import KpiDataError as KpiDataError
    from .errors import KpiError as KpiError
    from .errors import KpiEvalError as KpiEvalError
    from .errors import KpiImportError as KpiImportError
    from .errors import KpiSyntaxError as KpiSyntaxError
    from .errors import Severity as Severity
    from .errors import TableCell as TableCell
    from .explanation import Explanation as Explanation
    from .i18n import Lang as Lang
    from .i18n import language as language
    from .results import AdjustmentResult as AdjustmentResult
    from .results import ItemResult as ItemResult
    from .results import RecordResult as RecordResult
    from .results import Results as Results
    from .results import VetoResult as VetoResult

__version__ = "0.1.0"

#: Public name -> the submodule that defines it.
_LAZY = {
    "Explanation": "explanation",
    "Scheme": "api",
    "load": "api",
    "loads": "api",
    "render_error": "api",
    "Diagnostic": "errors",
    "KpiCheckError": "errors",
    "KpiDataError": "errors",
    "KpiError": "errors",
    "KpiEvalError": "errors",
    "KpiImportError": "errors",
    "KpiSyntaxError": "errors",
    "Severity": "errors",
    "TableCell": "errors",
    "Lang": "i18n",
    "language": "i18n",
    "AdjustmentResult": "results",
    "ItemResult": "results",
    "RecordResult": "results",
    "Results": "results",
    "VetoResult": "results",
}

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
    "Lang",
    "RecordResult",
    "Results",
    "Scheme",
    "Severity",
    "TableCell",
    "VetoResult",
    "__version__",
    "language",
    "load",
    "loads",
    "render_error",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kpidsl' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
