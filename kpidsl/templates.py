"""Expand `indicator X from TEMPLATE { ... }` into a plain indicator, before any check runs.

A template (usually from the stdlib) defines an indicator once: metadata, the inputs it reads,
parameters, formula and scoring. A scheme uses it and overrides what differs for the client:
any clause written in the scheme's indicator replaces the template's, and `param NAME = value`
replaces a parameter wherever the template's formulas, ladders and outcomes use it. The template's
inputs join the scheme's inputs unless the scheme declares them itself (with the same type).
Spans keep pointing into the template's file, so errors and explain lines say where a rule lives.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from . import nodes as n
from .errors import Diagnostic, Severity
from .i18n import listing
from .loader import Program
from .messages import modules as msg
from .messages.common import did_you_mean
from .source import Span
from .suggest import suggest

#: Indicator fields a scheme's clause can override (the clause keys recorded by the parser).
CLAUSE_FIELDS = {
    "code": "code", "category": "category", "period": "period", "direction": "direction", "source": "source",
    "owner": "owner", "description": "description", "unit": "unit", "name_en": "name_en", "value": "value",
    "score": "scoring", "on_zero": "on_zero", "on_missing": "on_missing", "cap": "cap", "floor": "floor",
    "round": "round_places",
}


def templates_of(program: Program) -> dict[str, n.TemplateDef]:
    """Every template the scheme can see (imported or defined in its file)."""
    return {name: sym.node for name, sym in program.symbols.items() if isinstance(sym.node, n.TemplateDef)}


def substitute(node: Any, values: dict[str, n.Expr]) -> Any:
    """`node` with every use of a parameter replaced by its value (names and tier bounds)."""
    if isinstance(node, n.Name) and node.id in values:
        return values[node.id]
    if isinstance(node, n.Bound) and node.name is not None and node.name in values:
        number = _literal(values[node.name])
        if number is None:
            return node  # reported by `expand` (a bound needs a number)
        value = -number if node.negate else number
        return n.Bound(node.span, value, None, False, ("-" if node.negate else "") + _text(values[node.name]))
    if isinstance(node, tuple):
        return tuple(substitute(x, values) for x in node)
    if isinstance(node, n.Node) and not isinstance(node, n.Param):
        changes = {}
        for f in dataclasses.fields(node):
            old = getattr(node, f.name)
            new = substitute(old, values)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(node, **changes) if changes else node
    return node


def _literal(e: n.Expr) -> Decimal | None:
    if isinstance(e, n.Number):
        return e.value
    return None


def _text(e: n.Expr) -> str:
    return e.text if isinstance(e, n.Number) else "?"


def _bound_params(node: Any, names: set[str], out: list[n.Bound]) -> None:
    if isinstance(node, n.Bound) and node.name in names:
        out.append(node)
    elif isinstance(node, tuple):
        for x in node:
            _bound_params(x, names, out)
    elif isinstance(node, n.Node):
        for f in dataclasses.fields(node):
            _bound_params(getattr(node, f.name), names, out)


def merge(local: n.Indicator, template: n.TemplateDef, problems: list[Diagnostic]) -> n.Indicator:
    """The indicator a scheme gets from a template and its own overriding clauses."""
    body = template.body
    known = {p.name: p for p in body.params}
    values: dict[str, n.Expr] = {p.name: p.expr for p in body.params}
    for p in local.params:
        if p.name not in known:
            hint = suggest(p.name, known)
            problems.append(Diagnostic(
                "K-E0102", msg.no_such_param(template=template.name, param=p.name), p.name_span, Severity.ERROR,
                (did_you_mean(name=hint),) if hint else (msg.template_params(params=listing(known)) if known else msg.template_without_params(),),
            ))
            continue
        values[p.name] = p.expr
    bounds: list[n.Bound] = []
    _bound_params(body, set(values), bounds)
    reported: set[str] = set()  # a param used as several bounds is one mistake
    for b in bounds:
        assert b.name is not None
        if _literal(values[b.name]) is None and b.name not in reported:
            reported.add(b.name)
            problems.append(Diagnostic(
                "K-E0110", msg.param_bound_not_number(param=b.name), values[b.name].span, Severity.ERROR,
                (msg.param_bound_hint(),),
            ))
    fields: dict[str, Any] = {}
    for key, attr in CLAUSE_FIELDS.items():
        fields[attr] = getattr(local, attr) if key in local.clauses else getattr(body, attr)
    words = dict(body.word_spans)
    words.update(dict(local.word_spans))
    merged = dataclasses.replace(
        body,
        span=local.span,
        name=local.name,
        name_span=local.name_span,
        weight=local.weight,
        word_spans=tuple(words.items()),
        template=template.name,
        template_span=local.template_span,
        params=(),
        clauses=body.clauses | local.clauses,
        **fields,
    )
    result: n.Indicator = substitute(merged, values)
    return result


def _expand_items(items: tuple[n.Indicator | n.Group, ...], templates: dict[str, n.TemplateDef],
                  used: dict[str, n.TemplateDef], problems: list[Diagnostic]) -> tuple[n.Indicator | n.Group, ...]:
    out: list[n.Indicator | n.Group] = []
    for item in items:
        if isinstance(item, n.Group):
            out.append(dataclasses.replace(item, members=_expand_items(item.members, templates, used, problems)))
            continue
        if item.template is None:
            if item.params:
                problems.append(Diagnostic("K-E0112", msg.param_without_template(name=item.name), item.params[0].span,
                                           Severity.ERROR, (msg.param_without_template_hint(),)))
            out.append(item)
            continue
        template = templates.get(item.template)
        if template is None:
            hint = suggest(item.template, templates)
            problems.append(Diagnostic("K-E0102", msg.unknown_template(template=item.template), item.template_span,
                                       Severity.ERROR, (did_you_mean(name=hint),) if hint else (msg.unknown_template_hint(),)))
            out.append(item)
            continue
        used[item.name] = template
        out.append(merge(item, template, problems))
    return tuple(out)


def expand(program: Program) -> tuple[Program, list[Diagnostic]]:
    """The program with every templated indicator expanded, and the problems found doing it."""
    scheme = program.scheme
    if scheme is None:
        return program, []
    templates = templates_of(program)
    problems: list[Diagnostic] = []
    used: dict[str, n.TemplateDef] = {}
    items = _expand_items(scheme.items, templates, used, problems)
    if not used and items == scheme.items:
        return program, problems
    inputs = list(scheme.inputs)
    declared = {i.name: i for i in inputs}
    for indicator_name, template in used.items():
        for inp in template.inputs:
            mine = declared.get(inp.name)
            if mine is None:
                inputs.append(inp)
                declared[inp.name] = inp
            elif mine.type_name != inp.type_name:
                problems.append(Diagnostic(
                    "K-E0110", msg.input_type_clash(input=inp.name, mine=mine.type_name, template=template.name,
                                                    indicator=indicator_name, theirs=inp.type_name),
                    mine.type_span, Severity.ERROR, (msg.input_type_clash_hint(theirs=inp.type_name),),
                ))
    new_scheme = dataclasses.replace(scheme, items=items, inputs=tuple(inputs))
    module = dataclasses.replace(program.module, scheme=new_scheme)
    expanded = Program(module, program.sources, program.symbols, program.warnings, program.modules)
    return expanded, problems


def example_name(template: n.TemplateDef) -> str:
    """The indicator name used when a template is checked or tested on its own."""
    return f"{template.name} (example)"


def synthetic_scheme(program: Program, template: n.TemplateDef) -> Program:
    """A program whose scheme is one indicator using `template` (for checking and testing it)."""
    span = template.span
    # Weighted (as multipliers) next to a constant companion, so that an example of a skipped
    # indicator (`on zero -> skip`) evaluates as it would inside a real scheme.
    weight = n.Weight(span, Decimal(1), "1")
    use = n.Indicator(span, example_name(template), template.name_span, weight, None, None, None, None, None, None, None,
                      None, None, None, None, None, None, None, None, None, (), template.name, template.name_span, (),
                      frozenset({"weight"}))
    rest = n.Indicator(span, f"{template.name} (rest)", template.name_span, weight, None, None, None, None, None, None, None,
                       None, None, None, n.ExprScore(span, n.Number(span, Decimal(0), "0")), None, None, None, None, None,
                       (), None, None, (), frozenset({"weight", "score"}))
    scheme = n.Scheme(span, f"template {template.name}", (), (), (), (use, rest), (), (), None, None, ())
    module = dataclasses.replace(program.module, scheme=scheme, tests=())
    return Program(module, program.sources, program.symbols, program.warnings, program.modules)


def name_user_lines(program: Program, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Each diagnostic found inside a template a scheme uses, with a note naming the scheme's own
    `indicator X from TEMPLATE` line: the template's file (often the stdlib) is not the user's,
    and the line that brought it in (with its `param`s) is where the user can change something."""
    scheme = program.scheme
    if scheme is None:
        return diagnostics
    templates = templates_of(program)
    uses = [(ind, templates[ind.template]) for ind in _indicators(scheme.items)
            if ind.template is not None and ind.template in templates]
    if not uses:
        return diagnostics
    out = []
    for d in diagnostics:
        s = d.span
        notes = [] if s is None or s.path == program.module.path else [
            msg.used_by(indicator=ind.name, template=t.name, location=str(ind.span))
            for ind, t in uses if _inside(s, t.span)]
        out.append(dataclasses.replace(d, notes=(*d.notes, *notes)) if notes else d)
    return out


def _indicators(items: tuple[n.Indicator | n.Group, ...]) -> list[n.Indicator]:
    out: list[n.Indicator] = []
    for item in items:
        out.extend(_indicators(item.members) if isinstance(item, n.Group) else [item])
    return out


def _inside(inner: Span, outer: Span) -> bool:
    return (inner.path == outer.path and (outer.line, outer.col) <= (inner.line, inner.col)
            and (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col))
