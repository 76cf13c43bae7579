"""The outline of a document: imports, definitions, the scheme with its inputs, indicators (inside
their groups), deductions, bonuses, vetoes, total, grade, population rules and tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from lsprotocol import types as t

from .. import nodes as n
from ..source import Span

S = t.SymbolKind
ToRange = Callable[[Span], t.Range]

DEFINITIONS: dict[type, t.SymbolKind] = {
    n.ConstDef: S.Constant, n.LadderDef: S.Enum, n.ScaleDef: S.Enum, n.BandsDef: S.Enum, n.TemplateDef: S.Class,
    n.InputDecl: S.Variable, n.Indicator: S.Field, n.Group: S.Namespace, n.PopulationRule: S.Event,
}


def outline(module: n.Module, path: str, to_range: ToRange) -> list[t.DocumentSymbol]:
    """The document's symbols, in the order written (only what is written in this file)."""
    out = [_symbol(imp.module, S.Module, imp.span, imp.span, to_range, "import") for imp in module.imports]
    out += [_definition(d, to_range) for d in module.definitions if d.span.path == path]
    if module.scheme is not None:
        out.append(_scheme(module.scheme, path, to_range))
    out += [_test(tc, to_range) for tc in module.tests if tc.span.path == path]
    return out


def _symbol(name: str, kind: t.SymbolKind, span: Span, selection: Span, to_range: ToRange, detail: str | None = None,
            children: Iterable[t.DocumentSymbol] = ()) -> t.DocumentSymbol:
    whole = to_range(span)
    chosen = to_range(selection) if _within(selection, span) else whole
    return t.DocumentSymbol(name=name or "?", kind=kind, range=whole, selection_range=chosen, detail=detail,
                            children=list(children) or None)


def _within(inner: Span, outer: Span) -> bool:
    return inner.path == outer.path and (inner.line, inner.col) >= (outer.line, outer.col) \
        and (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)


def _definition(d: n.Definition, to_range: ToRange) -> t.DocumentSymbol:
    kind = next((k for cls, k in DEFINITIONS.items() if isinstance(d, cls)), S.Object)
    detail: str | None = type(d).__name__.removesuffix("Def").lower()
    if isinstance(d, n.InputDecl):
        detail = d.type_name + (f" \"{d.label}\"" if d.label else "")
    elif isinstance(d, n.Indicator):
        detail = " · ".join(x for x in (f"weight {d.weight.text}" if d.weight else "", f"from {d.template}" if d.template else "") if x) or None
    elif isinstance(d, n.PopulationRule):
        detail = type(d).__name__.removesuffix("Rule").lower()
    children: list[t.DocumentSymbol] = []
    if isinstance(d, n.Group):
        detail = f"weight {d.weight.text}" if d.weight else f"combine {d.combine}"
        children = [_definition(m, to_range) for m in d.members if m.span.path == d.span.path]
    return _symbol(d.name, kind, d.span, d.name_span, to_range, detail, children)


def _scheme(s: n.Scheme, path: str, to_range: ToRange) -> t.DocumentSymbol:
    parts: list[t.DocumentSymbol] = []
    mine = [x for x in (*s.inputs, *s.definitions, *s.items) if x.span.path == path]
    parts += [_definition(d, to_range) for d in sorted(mine, key=lambda d: (d.span.line, d.span.col))]
    for a in s.adjustments:
        parts.append(_symbol(f"{'deduct' if a.kind == 'deduct' else 'bonus'} {a.label}", S.Event, a.span, a.span, to_range))
    parts += [_symbol(f"veto {v.label}", S.Event, v.span, v.span, to_range, v.effect) for v in s.vetoes]
    if s.total is not None:
        parts.append(_symbol("total", S.Property, s.total.span, s.total.span, to_range))
    if s.grade is not None:
        parts.append(_symbol("grade", S.Property, s.grade.span, s.grade.span, to_range, s.grade.ref or f"{len(s.grade.bands)} bands"))
    parts += [_definition(r, to_range) for r in s.population if r.span.path == path]
    parts += [_test(tc, to_range) for tc in s.tests if tc.span.path == path]
    parts.sort(key=lambda x: (x.range.start.line, x.range.start.character))
    return _symbol(s.title, S.Namespace, s.span, s.span, to_range, "scheme", parts)


def _test(tc: n.TestCase, to_range: ToRange) -> t.DocumentSymbol:
    return _symbol(tc.name, S.Method, tc.span, tc.span, to_range, "test")
