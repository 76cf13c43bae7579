"""Hover: what a name under the cursor is, in Markdown.

An input shows its type, the data column it reads (label, aliases), its range, default and whether
it may be missing; an indicator its weight, group, template, value formula, scoring (every tier of
its ladder), cap, floor and outcomes, from the IR, so an indicator made from a stdlib template
shows what the template gives it; a template, ladder, scale, band set or constant its catalogue
entry (`catalog.describe`, what `kpi stdlib show` prints); a function its signature; the scheme's
own results what they are.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import ir
from .. import nodes as n
from ..api import Scheme
from ..builtins import BUILTINS
from ..errors import KpiError
from ..i18n import listing
from ..ir.text import format_expr
from ..messages import editor as msg
from ..printer import format_condition
from ..printer import format_expr as format_node
from ..refs import BuiltinRef, Callee, Ref, ResultRef, SelfValue
from ..resolve import Binding, DefKind
from ..resolve.model import kind_word
from ..resources import stdlib_dir

#: What the scheme's own result names mean (in the current language when asked).
RESULTS = {"base_score": msg.result_base_score, "deductions": msg.result_deductions, "bonuses": msg.result_bonuses,
           "total": msg.result_total, "total_exact": msg.result_total_exact, "grade": msg.result_grade}

#: What the other results a `test` may expect mean (only an `expect` names them).
TEST_RESULTS = {"bonus_eligible": msg.test_bonus_eligible, "vetoed": msg.test_vetoed, "excluded": msg.test_excluded,
                "error": msg.test_error}

_EXPECTING = re.compile(r"\bexpect\b[^{}]*$")
_TOTAL_STATEMENT = re.compile(r"^\s*total\b")


def result_doc(name: str) -> str | None:
    """What a result name (`total`, `base_score`, `vetoed`) means, in the current language."""
    said = RESULTS.get(name) or TEST_RESULTS.get(name)
    return said() if said is not None else None


def result_word(line: str, start: int, name: str) -> str | None:
    """Markdown for a result named where the resolver binds nothing: the result an `expect` names
    (`expect total = 91`, `vetoed = true`) or the `total` statement's own word (`total = ...`).
    `start` is the 1-based column where the word begins."""
    before = line[: start - 1]
    bare = re.sub(r'"[^"]*"', "", before)
    if "#" in bare or '"' in bare:  # in a comment or a string
        return None
    expected = _EXPECTING.search(bare) is not None and not before.endswith(".")
    statement = name == "total" and _TOTAL_STATEMENT.match(line) is not None and not before.strip()
    doc = result_doc(name) if expected or statement else None
    return f"**{name}**: {doc}" if doc is not None else None


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
    where = "" if not binding.imported else f"  \n*{msg.hover_from(module=module_name(binding.module))}*"
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
        return f"```\n{b.signature}\n```\n{msg.BUILTIN_DOCS[b.name]()}"
    if isinstance(target, ResultRef):
        return f"**{name}**: {result_doc(target.result.value) or ''}"
    if isinstance(target, SelfValue):
        return f"**value**: {msg.self_value()}"
    return None


def _input(node: n.InputDecl) -> str:
    parts = [f"**{kind_word(DefKind.INPUT)}** `{node.name}`: {node.type_name}"]
    columns = [node.name, *([node.label] if node.label else []), *node.aliases]
    parts.append(msg.reads_columns(columns=msg.or_word().join(f"`{c}`" for c in dict.fromkeys(columns))))
    if node.range is not None:
        parts.append(msg.allowed_range(range=f"`in {format_condition(node.range)}`"))
    if node.labels_from is not None:
        parts.append(msg.allowed_levels(scale=f"`{node.labels_from}`"))
    if node.default is not None:
        parts.append(msg.empty_cell_is(default=f"`{format_node(node.default)}`"))
    if node.optional:
        parts.append(msg.may_be_missing())
    return "  \n".join(parts)


def _indicator(scheme: Scheme, name: str, node: n.Node) -> str:
    try:
        model = scheme.ir
    except KpiError:
        return _source("indicator", node, scheme)
    ind = next((i for i in model.indicators if i.name == name), None)
    if ind is None:
        return _source("indicator", node, scheme)
    head = f"**{kind_word(DefKind.INDICATOR)}** `{ind.name}`"
    facts = [msg.weight_fact(weight=ind.weight.text) if ind.weight else msg.no_weight(),
             *([msg.in_group(group=ind.parent)] if ind.parent else []),
             *([msg.from_template(template=ind.template)] if ind.template else []),
             *([msg.code_fact(code=ind.code)] if ind.code else []),
             *([msg.direction_fact(direction=ind.direction)] if ind.direction else [])]
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
    weight = f" · {msg.weight_fact(weight=node.weight.text)}" if node.weight else ""
    members = listing(f"`{m.name}`" for m in node.members)
    return (f"**{kind_word(DefKind.GROUP)}** `{node.name}`{weight} · {msg.combine_fact(combine=str(node.combine))}  \n"
            f"{msg.group_items(items=members)}")


def _catalogue(kind: str, node: n.Definition, module: str) -> str:
    from ..catalog import Entry, describe

    rest = describe(Entry(node.name, kind, module_name(module), node, Path(node.span.path)))[1:]
    return f"**{kind}** `{node.name}` ({module_name(module)})\n```\n" + "\n".join(x.strip() for x in rest) + "\n```"


def _source(kind: str, node: n.Node, scheme: Scheme) -> str:
    """The definition as written (its first ten lines)."""
    span = node.span
    lines = [scheme.program.line(span.path, k) for k in range(span.line, min(span.end_line, span.line + 9) + 1)]
    name = f" `{node.name}`" if isinstance(node, n.Definition) else ""
    words = msg.population_rule() if kind == "population" else kind
    return f"**{words}**{name}\n```\n" + "\n".join(lines) + "\n```"
