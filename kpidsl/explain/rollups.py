"""What every language says of a roll-up of a whole period, before it is worded: the periods and
values that went in (with their weights), the weight sum, and whether the value was rounded."""

from __future__ import annotations

from .. import ir
from ..prebuilt import dataclass
from ..refs import ResultRef, RuleRef
from ..trace import TraceEvent
from .common import fmt_display, fmt_rounding, show


@dataclass(frozen=True, slots=True)
class RollupFacts:
    rule: ir.RollupRule
    #: Each period with a value: its label and value, and its weight in a weighted roll-up.
    parts: tuple[tuple[str, str, str | None], ...]
    weight_sum: str | None
    #: The exact value as shown next to its rounding, when the declared rounding changed it.
    exact: str | None
    result: str


def rollup_parts(ev: TraceEvent, rule: ir.RollupRule, scheme: ir.Scheme) -> tuple[tuple[str, str, str | None], ...]:
    """Each period with a value: its label, its value as shown, its weight in a weighted roll-up;
    named also when the roll-up has no value (too few periods), so a person sees what was counted."""
    weighted = rule.weight is not None
    places = _inner_places(rule, scheme)
    return tuple((p, fmt_display(v, places), fmt_display(w) if weighted and w is not None else None)
                 for (p, v), w in zip(ev.fact("parts"), ev.fact("weights"), strict=True) if v is not None)


def rollup_facts(ev: TraceEvent, rule: ir.RollupRule, scheme: ir.Scheme) -> RollupFacts:
    weighted = rule.weight is not None
    parts = rollup_parts(ev, rule, scheme)
    exact = None
    if rule.round_places is not None and ev.fact("exact") != ev.result:
        exact = fmt_rounding(ev.fact("exact"), rule.round_places)
    return RollupFacts(rule, parts, fmt_display(ev.fact("weight_sum")) if weighted else None, exact,
                       show(ev.result, rule.round_places))


def _inner_places(rule: ir.RollupRule, scheme: ir.Scheme) -> int | None:
    """The places the values rolled up show: those of the roll-up they are (`mean 月度得分`), or
    the scheme's rounding of `total`."""
    e = rule.expr.expr
    if isinstance(e, ir.Read) and isinstance(e.ref, RuleRef):
        inner = next((r for r in scheme.rules if r.name == e.ref.name), None)
        return inner.round_places if isinstance(inner, ir.RollupRule) else None
    if isinstance(e, ir.Read) and isinstance(e.ref, ResultRef) and e.ref.key == "total":
        return scheme.total.round_places
    return None
