"""Checks of the scheme's metadata, its definitions (constants, ladders, bands, scales) and its
inputs."""

from __future__ import annotations

from .. import kinds as k
from .. import nodes as n
from ..choices import Period, words
from ..i18n import listing
from ..kinds import Base
from ..messages import check as msg
from ..messages import kinds as kinds_msg
from ..numbers import fmt_plain
from ..resolve import DefKind
from ..suggest import did_you_mean
from ..values import INPUT_TYPES, CellError, coerce, describe
from . import Analysis

PERIODS = words(Period)


def check_meta(a: Analysis) -> None:
    period = a.scheme.meta_node("period")
    if period is not None and period.value not in PERIODS:
        a.bag.error("K-E0107", msg.unknown_period(period=str(period.value)), period.span,
                    did_you_mean(str(period.value), PERIODS) or [msg.known_periods(items=", ".join(PERIODS))])


def check_definitions(a: Analysis) -> None:
    """Constants (in dependency order; one in a cycle counts as a number), ladders, bands, scales."""
    inf = a.inference
    consts = {name: b.node for name, b in a.scope.items() if b.kind is DefKind.CONST}
    for name in a.resolution.const_order:
        node = consts[name]
        assert isinstance(node, n.ConstDef)
        inf.kinds.consts[name] = inf.expr(node.expr) or k.NUMBER
    for name in consts:
        inf.kinds.consts.setdefault(name, k.NUMBER)  # in a cycle (reported by the resolver)
    for name, b in a.scope.items():
        node = b.node
        if isinstance(node, n.LadderDef):
            inf.kinds.ladders[name] = inf.tiers(node.tiers, kinds_msg.ladder_named(name=name))
        elif isinstance(node, n.BandsDef):
            check_bands(a, node.bands)
        elif isinstance(node, n.ScaleDef):
            seen: set[str] = set()
            for lvl in node.levels:
                if lvl.label in seen:
                    a.bag.error("K-E0101", msg.scale_level_twice(name=name, level=lvl.label), lvl.span)
                seen.add(lvl.label)


def check_bands(a: Analysis, bands: tuple[n.Band, ...]) -> None:
    seen: set[str] = set()
    for i, band in enumerate(bands):
        a.inference.condition(band.condition)
        if band.label in seen:
            a.bag.error("K-E0101", msg.grade_twice(label=band.label), band.span)
        seen.add(band.label)
        if isinstance(band.condition, n.Otherwise) and i != len(bands) - 1:
            a.bag.error("K-E0122", msg.else_not_last_band(), band.condition.span)


def check_inputs(a: Analysis) -> None:
    """Types, ranges (numbers only), defaults that fit, and column names that match one input."""
    columns: dict[str, n.InputDecl] = {}
    for inp in a.scheme.inputs:
        t = INPUT_TYPES.get(inp.type_name)
        if t is None:
            a.bag.error("K-E0108", msg.unknown_input_type(type=inp.type_name), inp.type_span,
                        did_you_mean(inp.type_name, INPUT_TYPES) or [msg.known_types(items=", ".join(INPUT_TYPES))])
            continue
        if inp.range is not None:
            if t.kind is not Base.NUMBER:
                a.bag.error("K-E0110", msg.range_needs_number(name=inp.name, type=t.name), inp.range.span)
            else:
                a.inference.condition(inp.range)
        if inp.labels_from is not None:
            _check_labels(a, inp, t.name, t.kind)
        if inp.default is not None:
            _check_default(a, inp)
        if inp.column_optional is not None and inp.default is None and not inp.optional:
            a.bag.error("K-E0109", msg.column_optional_alone(name=inp.name), inp.column_optional, [msg.column_optional_alone_hint()])
        for col in (inp.name, *([inp.label] if inp.label else []), *inp.aliases):
            other = columns.get(col)
            if other is not None and other is not inp:
                a.bag.error("K-E0101", msg.column_matches_two(column=col, other=other.name, name=inp.name), inp.span,
                            [msg.column_matches_two_hint()])
            columns[col] = inp


def _scale_of(a: Analysis, inp: n.InputDecl) -> n.ScaleDef | None:
    """The scale of an input's `in 责任心分`, or None: no such clause, or a name that is not a
    scale (the resolver reports it)."""
    binding = a.scope.get(inp.labels_from) if inp.labels_from is not None else None
    return binding.node if binding is not None and isinstance(binding.node, n.ScaleDef) else None


def scale_labels(a: Analysis, inp: n.InputDecl) -> tuple[str, ...] | None:
    """The levels a text input is limited to (`in 责任心分`), or None."""
    scale = _scale_of(a, inp)
    return tuple(lvl.label for lvl in scale.levels) if scale is not None else None


def _check_labels(a: Analysis, inp: n.InputDecl, type_name: str, kind: Base) -> None:
    """`in SCALE` (K-E0114): on a text input, and a scale whose every level has fixed points (a
    text value gives a range level no points, so the scale would refuse its label anyway)."""
    assert inp.labels_from is not None and inp.labels_span is not None
    if kind is not Base.TEXT:
        a.bag.error("K-E0114", msg.labels_need_text(scale=inp.labels_from, name=inp.name, type=type_name), inp.labels_span,
                    [msg.labels_need_text_hint()])
        return
    scale = _scale_of(a, inp)
    ranged = next((lvl for lvl in scale.levels if lvl.low != lvl.high), None) if scale is not None else None
    if ranged is not None:
        a.bag.error("K-E0114", msg.labels_of_range(scale=inp.labels_from, level=ranged.label, low=fmt_plain(ranged.low),
                                                   high=fmt_plain(ranged.high)), inp.labels_span,
                    [msg.labels_of_range_hint(scale=inp.labels_from)])


def _check_default(a: Analysis, inp: n.InputDecl) -> None:
    assert inp.default is not None
    t = INPUT_TYPES[inp.type_name]
    if inp.optional:
        a.bag.error("K-E0109", msg.optional_and_default(name=inp.name), inp.default.span, [msg.optional_and_default_hint()])
    raw: object = None
    match inp.default:
        case n.Number(value=v):
            raw = v
        case n.String(value=sv):
            raw = sv
        case n.Bool(value=bv):
            raw = bv
    try:
        value = coerce(raw, t)
    except CellError as exc:
        a.bag.error("K-E0110", msg.default_misfit(name=inp.name, problem=exc.text), inp.default.span)
        return
    labels = scale_labels(a, inp)
    if labels is not None and value is not None and value not in labels:
        a.bag.error("K-E0110", msg.default_not_label(name=inp.name, value=describe(value), scale=str(inp.labels_from),
                                                     levels=listing(labels)), inp.default.span)
