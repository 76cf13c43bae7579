"""Hover: what a name under the cursor is, in Markdown.

An input shows its type, the data column it reads (label, aliases), its range, default and whether
it may be missing; an indicator its weight, group, template, value formula, scoring (every tier of
its ladder), cap, floor and outcomes, from the IR, so an indicator made from a stdlib template
shows what the template gives it; a template, ladder, scale, band set or constant its catalogue
entry (`catalog.describe`, what `kpi stdlib show` prints); a function its signature; the scheme's
own results what they are.
"""

from __future__ import annotations

from pathlib import Path

from .. import ir
from .. import nodes as n
from ..api import Scheme
from ..builtins import BUILTINS
from ..errors import KpiError
from ..ir.text import format_expr
from ..printer import format_condition
from ..printer import format_expr as format_node
from ..refs import BuiltinRef, Callee, Ref, ResultRef, SelfValue
from ..resolve import Binding, DefKind
from ..resources import stdlib_dir

#: What the scheme's own result names mean.
RESULTS = {
    "base_score": "the base score: the weighted combination of the items, before deductions and bonuses",
    "deductions": "the sum of the general deductions (spills included)",
    "bonuses": "the sum of the bonuses",
    "total": "the published total: after the `total` formula, its cap and floor, rounded as the scheme says",
    "total_exact": "the total before the scheme's rounding",
}


def module_name(path: str) -> str:
    """`std.indicators.purchasing` for a stdlib file, else the file's path."""
    try:
        rel = Path(path).resolve().relative_to(stdlib_dir().resolve())
    except ValueError:
        return path
    return "std." + rel.with_suffix("").as_posix().replace("/", ".")


def hover_text(scheme: Scheme, binding: Binding | None, target: Ref | Callee | None, name: str) -> str | None:
    """Markdown for a name bound to `binding` (or, with no binding, standing for `target`)."""
    if binding is None:
        return _unbound(target, name)
    node = binding.node
    where = "" if not binding.imported else f"  \n*from `{module_name(binding.module)}`*"
    match binding.kind:
        case DefKind.INPUT:
            assert isinstance(node, n.InputDecl)
            return _input(node) + where
        case DefKind.INDICATOR:
            return _indicator(scheme, binding.name, node) + where
        case DefKind.GROUP:
            assert isinstance(node, n.Group)
            return _group(node)
        case DefKind.TEMPLATE | DefKind.LADDER | DefKind.SCALE | DefKind.BANDS | DefKind.CONST:
            assert isinstance(node, n.Definition)
            return _catalogue(binding.kind.value, node, binding.module)
    return _source(binding.kind.value, node, scheme)


def definition_text(scheme: Scheme, node: n.Definition, kind: str) -> str:
    """Markdown for a definition found by name (a module of definitions has no resolution)."""
    if isinstance(node, n.InputDecl):
        return _input(node)
    return _catalogue(kind, node, node.span.path)


def _unbound(target: Ref | Callee | None, name: str) -> str | None:
    if isinstance(target, BuiltinRef) and target.name in BUILTINS:
        b = BUILTINS[target.name]
        return f"```\n{b.signature}\n```\n{b.doc}"
    if isinstance(target, ResultRef):
        return f"**{name}**: {RESULTS.get(target.result.value, '')}"
    if isinstance(target, SelfValue):
        return "**value**: this indicator's own value (its `value` formula, after `on zero` / `on missing`)"
    return None


def _input(node: n.InputDecl) -> str:
    parts = [f"**input** `{node.name}`: {node.type_name}"]
    columns = [node.name, *([node.label] if node.label else []), *node.aliases]
    parts.append("reads the data column " + " or ".join(f"`{c}`" for c in dict.fromkeys(columns)))
    if node.range is not None:
        parts.append(f"allowed: `in {format_condition(node.range)}`")
    if node.default is not None:
        parts.append(f"an empty cell is `{format_node(node.default)}`")
    if node.optional:
        parts.append("may be missing (`optional`)")
    return "  \n".join(parts)


def _indicator(scheme: Scheme, name: str, node: n.Node) -> str:
    try:
        model = scheme.ir
    except KpiError:
        return _source("indicator", node, scheme)
    ind = next((i for i in model.indicators if i.name == name), None)
    if ind is None:
        return _source("indicator", node, scheme)
    head = f"**indicator** `{ind.name}`"
    facts = [f"weight {ind.weight.text}" if ind.weight else "no weight",
             *([f"in group `{ind.parent}`"] if ind.parent else []),
             *([f"from template `{ind.template}`"] if ind.template else []),
             *([f"code {ind.code}"] if ind.code else []), *([f"direction {ind.direction}"] if ind.direction else [])]
    lines = [head + " · " + " · ".join(facts), "```"]
    if ind.value is not None:
        lines.append(f"value {format_expr(ind.value.expr)}")
    for o, which in ((ind.on_zero, "zero"), (ind.on_missing, "missing")):
        if o is not None:
            lines.append(f"on {which} -> {format_expr(o.value.expr) if o.value is not None else o.kind.value}")
    lines += _scoring(ind.scoring)
    for f, word in ((ind.cap, "cap"), (ind.floor, "floor")):
        if f is not None:
            lines.append(f"{word} {format_expr(f.expr)}")
    if ind.round_places is not None:
        lines.append(f"round {ind.round_places}")
    lines += [f"deduct \"{a.label}\" {format_expr(a.amount.expr)}" for a in ind.deductions]
    lines.append("```")
    return "\n".join(lines)


def _scoring(sc: ir.Scoring) -> list[str]:
    match sc:
        case ir.LadderScoring(ladder=ladder, named=named):
            width = max(len(t.cond.text) for t in ladder.tiers)
            head = f"score ladder {ladder.name}" if named else "score ladder"
            return [head, *(f"  {t.cond.text:<{width}}  -> {format_expr(t.result)}" for t in ladder.tiers)]
        case ir.ScaleScoring(scale=scale):
            return [f"score scale {scale.name}", *(f"  {lv.label} -> {lv.low}" for lv in scale.levels)]
        case ir.ProportionalScoring(target=target, full=full):
            return [f"score proportional target {format_expr(target.expr)} full {format_expr(full.expr)}"]
        case ir.FormulaScoring(formula=f):
            return [f"score {format_expr(f.expr)}"]
        case ir.RatersScoring(raters=raters, method=method):
            return [f"score raters ({method.value})", *(f"  {r.role}: {', '.join(r.inputs)}" for r in raters)]
    return ["score = value"]


def _group(node: n.Group) -> str:
    weight = f" · weight {node.weight.text}" if node.weight else ""
    members = ", ".join(f"`{m.name}`" for m in node.members)
    return f"**group** `{node.name}`{weight} · combine {node.combine}  \nitems: {members}"


def _catalogue(kind: str, node: n.Definition, module: str) -> str:
    from ..catalog import Entry, describe

    rest = describe(Entry(node.name, kind, module_name(module), node, Path(node.span.path)))[1:]
    return f"**{kind}** `{node.name}` ({module_name(module)})\n```\n" + "\n".join(x.strip() for x in rest) + "\n```"


def _source(kind: str, node: n.Node, scheme: Scheme) -> str:
    """The definition as written (its first ten lines)."""
    span = node.span
    lines = [scheme.program.line(span.path, k) for k in range(span.line, min(span.end_line, span.line + 9) + 1)]
    name = f" `{node.name}`" if isinstance(node, n.Definition) else ""
    words = {"population": "population rule"}.get(kind, kind)
    return f"**{words}**{name}\n```\n" + "\n".join(lines) + "\n```"
