"""Values an override leaves stale: population rules that read an overridden value but run before
the overrides, so they keep the computed one (a 强制分布 calibrated from A to D while 绩效系数 and
the pool still pay A). The scheme's `overrides { after ... }` block decides what follows an
override (docs/language.md, "Calibration"); without it every rule runs before. Such an override is
reported as a warning (K-D0239) naming the rules and the block that would make them follow, unless
the scheme lists the rule `before` on purpose.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from .. import ir
from ..errors import Diagnostic, Severity
from ..i18n import listing
from ..messages import audit as msg


def _reads(rule: ir.Rule) -> set[str]:
    """The names of record values one rule reads: its formulas' references, and the rule (or
    `grade`) a coefficient, pool or shares rule is taken from."""
    names: set[str] = set()
    for f in dataclasses.fields(rule):
        value = getattr(rule, f.name)
        for item in value if isinstance(value, tuple) else (value,):
            formula = item.formula if isinstance(item, ir.SortKey) else item
            if isinstance(formula, ir.Formula):
                names.update(ref.key for ref in formula.reads)
    for attribute in ("source", "by"):
        value = getattr(rule, attribute, None)
        if isinstance(value, str):
            names.add(value)
    return names


def stale_rules(scheme: ir.Scheme, field: str) -> list[str]:
    """The rules, in the order they run, that read `field` (directly or through another such rule)
    and run before the overrides without the scheme asking for it (`before` lists them)."""
    before, _ = scheme.population_phases()
    stale: list[str] = []
    moved = {field}
    for rule in before:
        if rule.name in scheme.before_overrides or rule.name == field:
            continue
        if _reads(rule) & moved:
            stale.append(rule.name)
            moved.add(rule.name)
    return stale


def stale_warnings(scheme: ir.Scheme, fields: Iterable[str], path: str) -> list[Diagnostic]:
    """One warning per overridden field whose dependents keep the computed value."""
    out = []
    for field in dict.fromkeys(fields):
        stale = stale_rules(scheme, field)
        if not stale:
            continue
        after = _after(scheme, stale)
        out.append(Diagnostic("K-D0239", msg.override_stale_dependents(path=path, field=field, rules=listing(stale)), None,
                              Severity.WARNING, (msg.override_stale_dependents_hint(block=f"overrides {{ after {', '.join(after)} }}"),)))
    return out


def _after(scheme: ir.Scheme, stale: Sequence[str]) -> list[str]:
    """The `after` list that would make the stale rules follow: the scheme's own, and them, in the order written."""
    wanted = {*scheme.after_overrides, *stale}
    return [r.name for r in scheme.rules if r.name in wanted]
