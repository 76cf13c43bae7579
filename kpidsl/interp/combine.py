"""Combining items into a group's score, and the top level into the base score: a weighted sum
(re-weighting around skipped items, dividing once at the end), a sum of points, or a mean."""

from __future__ import annotations

from decimal import Decimal

from .. import ir
from ..choices import Combine
from ..messages import runtime as msg
from ..numbers import ZERO, div
from ..outcome import ItemData
from ..prebuilt import dataclass
from ..source import Span
from ..trace import Ev
from .state import RecordError, RecordState, Step, event


def combine_step(group: ir.Group, depths: dict[str, int], where: Span, optional_inputs: tuple[str, ...] = ()) -> Step:
    """The step combining `group`; at the top level, every item skipped is K-R0304 at `where`
    (the first item), with a hint to exclude the record when one of the `optional_inputs` the
    items read is empty (a period with no data for the person)."""
    depth = depths[group.name]
    weights = dict(zip(group.members, group.member_weights, strict=True))
    shape = _Shape(group, weights, depth, all(w is not None for w in group.member_weights),
                   all(w is None for w in group.member_weights))

    def step(st: RecordState) -> None:
        if group.name:
            target = ItemData(group.name, "group", group.parent, group.weight.value if group.weight else None)
            st.items[group.name] = target
        else:
            target = ItemData("", "scheme", None, None)
        _combine(shape, target, st)
        if group.name:
            st.env[group.name] = target.score
            return
        if target.skipped:
            empty = next((name for name in optional_inputs if st.env.get(name) is None), None)
            hint = msg.all_skipped_exclude_hint(input=empty) if empty is not None else msg.all_skipped_hint()
            raise RecordError("K-R0304", msg.all_skipped(), where, (hint,))
        st.base = target.score if target.score is not None else ZERO
        st.env["base_score"] = st.base
        if st.trace is not None:
            parts = tuple(st.items[m].contribution or ZERO for m in group.members if not st.items[m].skipped)
            st.trace.append(event(Ev.BASE, group.id, None, 0, result=st.base, parts=parts))

    return step


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a group's combining needs that is the same for every record."""

    group: ir.Group
    weights: dict[str, ir.Weight | None]
    depth: int
    all_weighted: bool
    unweighted: bool


def _combine(shape: _Shape, target: ItemData, st: RecordState) -> None:
    group, depth = shape.group, shape.depth
    tr, env, items = st.trace, st.env, st.items
    parent = group.name or None
    datas = []
    present = []
    for m in group.members:
        d = items[m]
        d.parent = parent
        datas.append(d)
        if not d.skipped:
            present.append(d)
    if not present:
        target.skipped, target.reason = True, "all of its items were skipped"
        _contributions(datas, env)
        return
    if group.combine is Combine.MEAN:
        score = div(sum((d.score or ZERO for d in present), ZERO), Decimal(len(present)))
        for d in present:
            d.contribution = d.score
        if tr is not None:
            tr.append(event(Ev.GROUP_MEAN, group.id, None, depth, result=score, parts=tuple(d.score or ZERO for d in present)))
    elif tr is None and shape.all_weighted and len(present) == len(datas):
        # The common case, without a trace: every item scored, weights as declared.
        score = ZERO
        for d in datas:
            d.weight_applied = d.weight
            d.contribution = d.score * d.weight  # type: ignore[operator]
            score += d.contribution
    elif shape.unweighted:
        for d in present:
            d.contribution = d.score
        score = sum((d.score or ZERO for d in present), ZERO)
        if group.name and tr is not None:
            tr.append(event(Ev.GROUP_SUM, group.id, None, depth, result=score, parts=tuple(d.score or ZERO for d in present)))
    else:
        score = _weighted(group, shape.weights, datas, present, st, depth)
    target.score = score
    _contributions(datas, env)


def _weighted(group: ir.Group, weights: dict[str, ir.Weight | None], datas: list[ItemData], present: list[ItemData],
              st: RecordState, depth: int) -> Decimal:
    tr = st.trace
    all_w = sum((d.weight or ZERO for d in datas), ZERO)
    present_w = sum((d.weight or ZERO for d in present), ZERO)
    reweighted = present_w != all_w
    if tr is not None:
        skipped = tuple(d.name for d in datas if d.skipped)
        tr.append(event(Ev.WEIGHTS, group.id, None, depth, skipped=skipped if reweighted else (), all=all_w, present=present_w))
    weighted_sum = ZERO
    for d in present:
        assert d.weight is not None and d.score is not None
        weighted_sum += d.score * d.weight
        # Contributions are for display; the group score below divides only once.
        d.weight_applied = div(d.weight * all_w, present_w) if reweighted else d.weight
        d.contribution = div(d.score * d.weight * all_w, present_w) if reweighted else d.score * d.weight
        if tr is not None:
            w = weights[d.name]
            tr.append(event(Ev.WEIGHTED, group.id, w.span if w else None, depth + 1, result=d.contribution, member=d.name,
                            score=d.score, scaled=reweighted, all=all_w, present=present_w))
    score = div(weighted_sum * all_w, present_w) if reweighted else weighted_sum
    if group.name and tr is not None:
        tr.append(event(Ev.GROUP_SUM, group.id, None, depth, result=score, parts=tuple(d.contribution or ZERO for d in present)))
    return score


def _contributions(datas: list[ItemData], env: dict[str, object]) -> None:
    """Contributions become readable (`X.contribution`) once the container is combined."""
    for d in datas:
        env[f"{d.name}.contribution"] = d.contribution
