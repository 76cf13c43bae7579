"""Checks of the scheme's metadata, its definitions (constants, ladders, bands, scales) and its
inputs."""

from __future__ import annotations

from .. import kinds as k
from .. import nodes as n
from ..choices import Period, words
from ..kinds import Base
from ..resolve import DefKind
from ..suggest import did_you_mean
from ..values import INPUT_TYPES, CellError, coerce
from . import Analysis

PERIODS = words(Period)


def check_meta(a: Analysis) -> None:
    period = a.scheme.meta_node("period")
    if period is not None and period.value not in PERIODS:
        a.bag.error("K-E0107", f"unknown period '{period.value}'", period.span,
                    did_you_mean(str(period.value), PERIODS) or [f"periods: {', '.join(PERIODS)}"])


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
            inf.kinds.ladders[name] = inf.tiers(node.tiers, f"ladder '{name}'")
        elif isinstance(node, n.BandsDef):
            check_bands(a, node.bands)
        elif isinstance(node, n.ScaleDef):
            seen: set[str] = set()
            for lvl in node.levels:
                if lvl.label in seen:
                    a.bag.error("K-E0101", f"scale '{name}' has level '{lvl.label}' twice", lvl.span)
                seen.add(lvl.label)


def check_bands(a: Analysis, bands: tuple[n.Band, ...]) -> None:
    seen: set[str] = set()
    for i, band in enumerate(bands):
        a.inference.condition(band.condition)
        if band.label in seen:
            a.bag.error("K-E0101", f"grade '{band.label}' appears twice", band.span)
        seen.add(band.label)
        if isinstance(band.condition, n.Otherwise) and i != len(bands) - 1:
            a.bag.error("K-E0122", "`else` must be the last grade band", band.condition.span)


def check_inputs(a: Analysis) -> None:
    """Types, ranges (numbers only), defaults that fit, and column names that match one input."""
    columns: dict[str, n.InputDecl] = {}
    for inp in a.scheme.inputs:
        t = INPUT_TYPES.get(inp.type_name)
        if t is None:
            a.bag.error("K-E0108", f"unknown input type '{inp.type_name}'", inp.type_span,
                        did_you_mean(inp.type_name, INPUT_TYPES) or [f"types: {', '.join(INPUT_TYPES)}"])
            continue
        if inp.range is not None:
            if t.kind is not Base.NUMBER:
                a.bag.error("K-E0110", f"a range needs a numeric input, and '{inp.name}' is {t.name}", inp.range.span)
            else:
                a.inference.condition(inp.range)
        if inp.default is not None:
            _check_default(a, inp)
        if inp.column_optional is not None and inp.default is None and not inp.optional:
            from ..messages import files as file_msg  # (issue 9's words; a seam the catalogue work may move)

            a.bag.error("K-E0109", file_msg.column_optional_alone(name=inp.name), inp.column_optional,
                        [file_msg.column_optional_alone_hint()])
        for col in (inp.name, *([inp.label] if inp.label else []), *inp.aliases):
            other = columns.get(col)
            if other is not None and other is not inp:
                a.bag.error("K-E0101", f"column name '{col}' would match both '{other.name}' and '{inp.name}'", inp.span,
                            ["labels and aliases are used to find data columns, so they must be unique"])
            columns[col] = inp


def _check_default(a: Analysis, inp: n.InputDecl) -> None:
    assert inp.default is not None
    t = INPUT_TYPES[inp.type_name]
    if inp.optional:
        a.bag.error("K-E0109", f"input '{inp.name}' is both optional and has a default", inp.default.span,
                    ["a default fills a missing cell; `optional` keeps it missing. Choose one"])
    raw: object = None
    match inp.default:
        case n.Number(value=v):
            raw = v
        case n.String(value=sv):
            raw = sv
        case n.Bool(value=bv):
            raw = bv
    try:
        coerce(raw, t)
    except CellError as exc:
        a.bag.error("K-E0110", f"default for '{inp.name}' does not fit its type: {exc}", inp.default.span)
