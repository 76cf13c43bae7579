"""Names in the `overrides { before ...  after ... }` block: each must be a population rule, listed
once, and a rule that runs before the overrides may not read one that runs after them (it would
read a value not computed yet)."""

from __future__ import annotations

from ..messages import audit as msg
from ..refs import RuleRef
from ..source import Span
from ..suggest import did_you_mean
from .binder import Binder
from .model import DefKind


def overrides_order(b: Binder) -> None:
    """Bind the rule names of the block and check the order they imply."""
    order = b.r.scheme.overrides
    if order is None:
        return
    seen: dict[str, Span] = {}
    for name, span in (*order.before, *order.after):
        binding = b.scope.get(name)
        if binding is None or binding.kind is not DefKind.RULE:
            b.error("K-E0180", msg.not_a_rule(name=name), span, did_you_mean(name, b.r.names((DefKind.RULE,))))
            continue
        if name in seen:
            b.error("K-E0180", msg.rule_listed_twice(name=name, line=seen[name].line), span)
            continue
        seen[name] = span
        b.bind(None, span, name, RuleRef(name), binding)
    after = {name for name, _ in order.after}
    for rule in b.r.scheme.population:
        if rule.name in after:
            continue
        for read in _rules_read(b, rule.span):
            if read in after:
                b.error("K-E0180", msg.before_reads_after(rule=rule.name, read=read), rule.name_span,
                        [msg.before_reads_after_hint(rule=rule.name)])


def _rules_read(b: Binder, span: Span) -> list[str]:
    """The population rules read by the references written inside `span` (one rule's text)."""
    start, end = (span.line, span.col), (span.end_line, span.end_col)
    return [r.name for r in b.r.references
            if isinstance(r.target, RuleRef) and r.span.path == span.path and start <= (r.span.line, r.span.col) < end]
