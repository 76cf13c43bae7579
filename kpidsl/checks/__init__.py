"""Static checks, one module per concern, run in the order of `CHECKS` over a resolved scheme.

Names were bound by the resolver (`resolve/`), which reports what it cannot bind; each check here
is a plain function `(Analysis) -> None` that adds diagnostics to `analysis.bag`. Errors are
collected, not raised at the first one, so a user fixes a whole file in one pass. Kinds come from
`infer.py`; the facts established here (the resolution, the kinds) are what lowering to the IR
reads, so the checks and the evaluation can never disagree about what a name means.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import field

from .. import nodes as n
from ..errors import Diagnostic, DiagnosticBag
from ..infer import Inference, Kinds
from ..loader import Program
from ..prebuilt import dataclass
from ..resolve import Binding, Resolution, resolve
from ..source import Span
from ..templates import name_user_lines


@dataclass
class Analysis:
    """What the checks establish about one scheme: its resolution, the kinds, the diagnostics."""

    program: Program
    resolution: Resolution
    bag: DiagnosticBag = field(default_factory=DiagnosticBag)
    inference: Inference = field(init=False)

    def __post_init__(self) -> None:
        self.inference = Inference(self.resolution, self._report)

    def _report(self, code: str, message: str, span: Span, hints: Iterable[str]) -> None:
        self.bag.error(code, message, span, hints)

    @property
    def scheme(self) -> n.Scheme:
        return self.resolution.scheme

    @property
    def scope(self) -> dict[str, Binding]:
        return self.resolution.scope

    @property
    def kinds(self) -> Kinds:
        return self.inference.kinds

    @property
    def used(self) -> set[str]:
        return self.resolution.used

    @property
    def indicators(self) -> list[n.Indicator]:
        return self.resolution.indicators

    @property
    def groups(self) -> list[n.Group]:
        return self.resolution.groups

    @property
    def indicator_order(self) -> list[str]:
        return self.resolution.indicator_order

    @property
    def ordered_indicators(self) -> list[n.Indicator]:
        """Indicators in evaluation order (an indicator after those it reads)."""
        by_name = {i.name: i for i in self.indicators}
        return [by_name[name] for name in self.resolution.indicator_order]


def check_names(a: Analysis) -> None:
    """What the resolver could not bind: unknown names, names of the wrong kind or not available
    where they stand, names defined twice, cycles."""
    for d in a.resolution.diagnostics:
        a.bag.add(d)


def _checks() -> tuple[Callable[[Analysis], None], ...]:
    from .definitions import check_definitions, check_inputs, check_meta
    from .fields import check_exclusions, check_fields, check_veto_columns
    from .indicators import check_indicators
    from .periods import check_periods
    from .population import check_population
    from .results import check_adjustments, check_vetoes_total_grade
    from .tests import check_tests
    from .weights import check_weights

    # Definitions come first: formulas need the kinds of constants and ladders. Indicators are
    # checked in evaluation order, so `X.value` has X's kind. Periods come after every formula:
    # they read where history is used.
    return (
        check_names,
        check_meta,
        check_definitions,
        check_inputs,
        check_exclusions,
        check_indicators,
        check_weights,
        check_adjustments,
        check_vetoes_total_grade,
        check_population,
        check_fields,
        check_veto_columns,
        check_periods,
        check_tests,
    )


def analyse(program: Program, earlier: list[Diagnostic] | None = None) -> Analysis:
    """Resolve the program's scheme and run every check; the diagnostics are in `analysis.bag`.

    `earlier` holds problems found before the checks (template expansion), reported with them.

    Raises:
        ValueError: the program holds no scheme.
    """
    a = Analysis(program, resolve(program))
    for w in [*program.warnings, *(earlier or [])]:
        a.bag.add(w)
    for check in _checks():
        check(a)
    a.bag.items[:] = name_user_lines(program, a.bag.items)
    return a


def check_module_definitions(program: Program) -> list[Diagnostic]:
    """Checks for a file with definitions only (a stdlib or shared module): its ladders, bands,
    scales and constants, and each template as a scheme using it would see it."""
    from .definitions import check_definitions
    from .templates import check_templates

    placeholder = n.Scheme(program.module.span, "", (), (), (), (), (), (), None, None, ())
    a = Analysis(program, resolve(program, placeholder))
    check_names(a)
    check_definitions(a)
    return a.bag.sorted() + check_templates(program)
