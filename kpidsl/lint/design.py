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
from ..i18n import listing
from ..messages import design as msg
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
            nested = "" if s.share == s.local else msg.share_of_group(share=percent(s.local))
            ctx.warn("K-L0804", msg.weight_too_small(item=s.item.name, share=percent(s.share), nested=nested, minimum=percent(settings.min_weight)),
                     s.item.weight.span, msg.weight_too_small_hint())
    _gaps(ctx, scheme.items, settings)
    for g in iter_groups(scheme.items):
        _gaps(ctx, g.members, settings)
    _cross_department(ctx, scheme, settings)


def _counts(ctx: LintContext, scheme: n.Scheme, settings: DesignSettings) -> None:
    title = title_span(scheme)
    if len(scheme.items) > settings.max_kpis:
        ctx.warn("K-L0801", msg.too_many_kpis(scheme=scheme.title, count=len(scheme.items), most=settings.max_kpis), title,
                 msg.too_many_kpis_hint())
    for g in iter_groups(scheme.items):
        if len(g.members) > settings.max_group_size:
            ctx.warn("K-L0802", msg.group_too_large(group=g.name, count=len(g.members), most=settings.max_group_size),
                     g.name_span, msg.group_too_large_hint())
    leaves = iter_indicators(scheme.items)
    if len(leaves) > settings.max_indicators:
        ctx.warn("K-L0803", msg.too_many_indicators(scheme=scheme.title, count=len(leaves), most=settings.max_indicators), title,
                 msg.too_many_indicators_hint())


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
            ctx.warn("K-L0805", msg.weights_too_close(a=item_b.name, share_a=percent(b), b=item_a.name, share_b=percent(a),
                                                      gap=percent(b - a), minimum=percent(settings.min_weight_gap)),
                     later.weight.span, msg.weights_too_close_hint(other=other.name))


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
            ctx.warn("K-L0806", msg.cross_department(indicator=ind.name, word=word, scheme=scheme.title), ind.name_span,
                     msg.cross_department_hint())


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
            others = listing(msg.share_elsewhere(share=percent(o.share), scheme=sc.title, path=sc.span.path)
                             for sc, o in uses if o.share != s.share)
            span = s.item.weight.span if s.item.weight is not None else s.item.name_span
            out.append(Diagnostic("K-L0807", msg.shared_weight_differs(indicator=name, share=percent(s.share), scheme=scheme.title, others=others),
                                  span, Severity.WARNING, (msg.shared_weight_differs_hint(),)))
    return out
