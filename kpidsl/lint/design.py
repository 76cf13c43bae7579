"""The design rules the KPI handbooks state (seed 003), with their defaults (K-L0801..K-L0807).

They are advice, not arithmetic, so they are warnings, each tunable or switched off per client in
the lint configuration (`config.py`). The sources, quoted in docs/lint.md:

- 绩效指标设定,最好不超过 7 个 (K-L0801, items one person is scored on);
- 一般只有 3~5 项指标 / 不宜过多,一般不超过 5 个 (K-L0802, items of one group; K-L0803 counts
  every indicator, at most 7 KPIs plus 5 work goals);
- 每一项的权重一般不要小于 5%,否则对综合绩效的影响太微弱 (K-L0804);
- 指标之间的权重差异最好也控制在 5%以上 (K-L0805; equal weights are a deliberate tie);
- 跨部门的指标就不能作为基层员工的考核指标 (K-L0806);
- 一些典型通用指标 ... 在各部门及单位所占权重保持统一 (K-L0807, across the schemes linted together).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from .. import nodes as n
from ..errors import Diagnostic, Severity
from ..nodewalk import iter_groups, iter_indicators
from .config import DesignSettings
from .context import LintContext
from .facts import Share, percent, shares, title_span
from .words import contains_any


def rule_design(ctx: LintContext, settings: DesignSettings) -> None:
    scheme = ctx.analysis.scheme
    _counts(ctx, scheme, settings)
    all_shares = shares(scheme)
    for s in all_shares:
        if s.declared and s.share < settings.min_weight and s.item.weight is not None:
            nested = "" if s.share == s.local else f" ({percent(s.local)} of its group)"
            ctx.warn("K-L0804", f"'{s.item.name}' counts for {percent(s.share)} of the total{nested}; the handbook advises at least "
                     f"{percent(settings.min_weight)}, or the item hardly moves the result", s.item.weight.span,
                     "merge it into a related item, or raise its weight (configure `min-weight` if the client decides otherwise)")
    _gaps(ctx, scheme.items, settings)
    for g in iter_groups(scheme.items):
        _gaps(ctx, g.members, settings)
    _cross_department(ctx, scheme, settings)


def _counts(ctx: LintContext, scheme: n.Scheme, settings: DesignSettings) -> None:
    title = title_span(scheme)
    if len(scheme.items) > settings.max_kpis:
        ctx.warn("K-L0801", f"'{scheme.title}' scores one person on {len(scheme.items)} items; the handbook advises at most "
                 f"{settings.max_kpis}", title,
                 "keep the key indicators, or group related ones (configure `max-kpis` for a client whose form has more)")
    for g in iter_groups(scheme.items):
        if len(g.members) > settings.max_group_size:
            ctx.warn("K-L0802", f"group '{g.name}' has {len(g.members)} items; the handbook advises at most {settings.max_group_size}",
                     g.name_span, "split the group or drop minor items (configure `max-group-size`)")
    leaves = iter_indicators(scheme.items)
    if len(leaves) > settings.max_indicators:
        ctx.warn("K-L0803", f"'{scheme.title}' has {len(leaves)} indicators in all; the handbook advises at most "
                 f"{settings.max_indicators}", title, "keep the key indicators (configure `max-indicators`)")


def _gaps(ctx: LintContext, items: tuple[n.Indicator | n.Group, ...], settings: DesignSettings) -> None:
    """K-L0805: different weights in one container closer than the minimum gap."""
    weights = [i.weight for i in items]
    if not items or any(w is None for w in weights):
        return
    total = sum((w.value for w in weights if w is not None), Decimal(0))
    if not total:
        return
    local = {i.name: i.weight.value / total for i in items if i.weight is not None}
    values = sorted(set(local.values()))
    for a, b in itertools.pairwise(values):
        if b - a < settings.min_weight_gap:
            item_a = next(i for i in items if local[i.name] == a)
            item_b = next(i for i in items if local[i.name] == b)
            later = max(item_a, item_b, key=lambda i: (i.span.line, i.span.col))
            other = item_a if later is item_b else item_b
            assert later.weight is not None
            ctx.warn("K-L0805", f"the weights of '{item_b.name}' ({percent(b)}) and '{item_a.name}' ({percent(a)}) are "
                     f"{percent(b - a)} apart; the handbook advises at least {percent(settings.min_weight_gap)} between "
                     f"different weights, so that their order means something", later.weight.span,
                     f"make it equal to '{other.name}', or set them further apart (configure `min-weight-gap`)")


def front_line(scheme: n.Scheme, settings: DesignSettings) -> bool:
    """Is the scheme for front-line staff? As configured, else read from its title."""
    if settings.front_line is not None:
        return settings.front_line
    return bool(contains_any(scheme.title, settings.front_line_words)) and not contains_any(scheme.title, settings.manager_words)


def _cross_department(ctx: LintContext, scheme: n.Scheme, settings: DesignSettings) -> None:
    if not front_line(scheme, settings):
        return
    for ind in iter_indicators(scheme.items):
        word = next((w for t in (ind.name, ind.name_en or "") if t and (w := contains_any(t, settings.cross_department_words))), None)
        if word is not None:
            ctx.warn("K-L0806", f"'{ind.name}' looks like a cross-department indicator ('{word}'), in a scheme for front-line "
                     f"staff ('{scheme.title}'), who cannot control its result", ind.name_span,
                     "give it to the department head's scheme; if the scheme is not for front-line staff, set `front-line = false`")


def rule_shared_weights(schemes: Sequence[n.Scheme]) -> list[Diagnostic]:
    """K-L0807 across the schemes linted together: one indicator, different weights."""
    seen: dict[str, list[tuple[n.Scheme, Share]]] = {}
    for scheme in schemes:
        for s in shares(scheme):
            if isinstance(s.item, n.Indicator):
                seen.setdefault(s.item.name, []).append((scheme, s))
    out = []
    for name, uses in seen.items():
        if len({s.share for _, s in uses}) < 2 or len({id(sc) for sc, _ in uses}) < 2:
            continue
        counts = Counter(s.share for _, s in uses).most_common()
        usual = counts[0][0] if len(counts) == 1 or counts[0][1] > counts[1][1] else None
        for scheme, s in uses:
            if s.share == usual:
                continue
            others = "; ".join(f"{percent(o.share)} in '{sc.title}' ({sc.span.path})" for sc, o in uses if o.share != s.share)
            span = s.item.weight.span if s.item.weight is not None else s.item.name_span
            out.append(Diagnostic("K-L0807", f"'{name}' counts for {percent(s.share)} of the total in '{scheme.title}', but {others}; "
                                  "the handbook keeps a shared indicator's weight the same in every department", span, Severity.WARNING,
                                  ("use one weight for it in every scheme (the most common one, or the one the client sets)",)))
    return out
