"""Completion: what may be typed at the cursor.

Keywords are those the grammar accepts after the text before the cursor (`keywords.py`). Where
the grammar accepts a name, the words before the cursor say which names make sense: a ladder after
`score ladder`, a template after `indicator X from` (every stdlib template, imported on accept),
an input after `given` or `id`, a value of a fixed choice after `period`, `combine`, `direction`
and the like (`choices.py`), an input type after `input X:`, a scale after `input X: text in`, a
data column after `input` (the columns of the CSV or Excel files beside the scheme that no input
reads yet), and in a formula every input, constant, indicator, group, table, function and result
in scope. Names come from the
last version of the document that read, so completion keeps working while a line is half typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types as t

from .. import choices
from ..api import Scheme
from ..builtins import BUILTINS
from ..messages import editor as msg
from ..refs import Field, Result
from ..resolve import Binding, DefKind
from ..resolve.model import kind_word
from ..values import INPUT_TYPES
from .columns import Column
from .hover import module_name, result_doc
from .keywords import accepted, keywords_after
from .state import Shared

if TYPE_CHECKING:
    from ..catalog import Entry

K = t.CompletionItemKind
KIND_OF = {DefKind.INPUT: K.Variable, DefKind.CONST: K.Constant, DefKind.INDICATOR: K.Field, DefKind.GROUP: K.Module,
           DefKind.LADDER: K.Enum, DefKind.SCALE: K.Enum, DefKind.BANDS: K.Enum, DefKind.TEMPLATE: K.Class, DefKind.RULE: K.Event}

#: Fixed words that follow a keyword, by the keyword before them.
CHOICES: dict[str, type[StrEnum]] = {
    "period": choices.Period, "category": choices.Category, "direction": choices.Direction, "combine": choices.Combine,
    "method": choices.RaterMethod, "rounding": choices.Rounding, "boundary": choices.Boundary, "mode": choices.DistMode,
    "on": choices.GradeReads,
}

#: Which definitions make sense after these words.
AFTER: dict[tuple[str, ...], frozenset[DefKind]] = {
    ("score", "ladder"): frozenset({DefKind.LADDER}),
    ("score", "scale"): frozenset({DefKind.SCALE}),
    ("grade",): frozenset({DefKind.BANDS}),
    ("on", "rounded"): frozenset({DefKind.BANDS}),
    ("on", "exact"): frozenset({DefKind.BANDS}),
    ("id",): frozenset({DefKind.INPUT}),
    ("given",): frozenset({DefKind.INPUT}),
    ("within",): frozenset({DefKind.INPUT}),
    ("expect",): frozenset({DefKind.INDICATOR, DefKind.GROUP}),
}

FORMULA_KINDS = frozenset({DefKind.INPUT, DefKind.CONST, DefKind.INDICATOR, DefKind.GROUP, DefKind.LADDER, DefKind.SCALE,
                           DefKind.BANDS, DefKind.RULE})

_WORD_BEFORE = re.compile(r"\w*$")
_WORDS = re.compile(r"[^\s,;{}()\[\]]+")


def complete(text: str, line: int, col: int, scheme: Scheme | None, path: str, shared: Shared) -> list[t.CompletionItem]:
    """Completion items at a 1-based position of `text`; `scheme` is the last reading of it."""
    lines = text.split("\n")
    current = lines[line - 1][: col - 1] if 0 < line <= len(lines) else ""
    if _in_comment_or_string(current):
        return []
    typed = _WORD_BEFORE.search(current)
    start = col - 1 - (len(typed.group(0)) if typed else 0)
    before = "\n".join([*lines[: line - 1], current[:start]])
    terminals = accepted(before, path)
    items = [t.CompletionItem(label=w, kind=K.Keyword) for w in keywords_after(terminals)]
    if "NAME" in terminals:
        items += _names(before, current[:start], scheme, path, shared, lines)
    return items


def _names(before: str, line_before: str, scheme: Scheme | None, path: str, shared: Shared,
           lines: list[str]) -> list[t.CompletionItem]:
    words = _WORDS.findall(before[-200:])
    last = words[-1] if words else ""
    if re.search(r"\binput\s+\S+\s*:\s*$", line_before):
        return [t.CompletionItem(label=name, kind=K.TypeParameter, detail=typ.description) for name, typ in INPUT_TYPES.items()]
    if re.search(r"(^|\{|\s)input\s*$", line_before):
        return _columns("\n".join(lines), path, shared)
    if re.search(r"\binput\s+\S+\s*:\s*\w+\s+in\s*$", line_before):
        return _bindings(_scope(scheme), frozenset({DefKind.SCALE}))  # `text in 责任心分`: a scale's levels
    if re.search(r"\bindicator\s+\S+\s+from\s*$", line_before):
        return _templates(scheme, lines, shared)
    if re.match(r"^\s*(from|import)\s*$", line_before):
        return _modules()
    imported = re.match(r"^\s*from\s+(\S+)\s+import\b", line_before)
    if imported:
        return _exports(imported.group(1), shared)
    if last in CHOICES and not line_before.rstrip().endswith("->"):
        return [t.CompletionItem(label=c.value, kind=K.EnumMember) for c in CHOICES[last]]
    if before.rstrip().endswith("."):
        return [t.CompletionItem(label=f.value, kind=K.Property) for f in Field]
    scope = _scope(scheme)
    expecting = words[-1:] == ["expect"] or _in_clause(line_before, "expect")
    if expecting and _in_template(scheme, path, before.count("\n") + 1):
        return _example_results()
    for key, kinds in AFTER.items():
        if tuple(words[-len(key):]) == key or (key == ("given",) and _in_clause(line_before, "given")):
            return _expectable(scope) if key == ("expect",) else _bindings(scope, kinds)
    if expecting:
        return _expectable(scope)
    return _bindings(scope, FORMULA_KINDS) + _functions() + _results()


def _in_comment_or_string(line_before: str) -> bool:
    """True when the cursor is in a `#` comment or an unclosed string of its line."""
    quoted = False
    for ch in line_before:
        if ch == '"':
            quoted = not quoted
        elif ch == "#" and not quoted:
            return True
    return quoted


def _in_clause(line_before: str, word: str) -> bool:
    """True after `word` and a comma on the same line (`given a = 1, `)."""
    return re.search(rf"\b{word}\b[^{{}}]*,\s*$", line_before) is not None


def _scope(scheme: Scheme | None) -> dict[str, Binding]:
    if scheme is None:
        return {}
    if scheme.has_scheme:
        return dict(scheme.analysis.resolution.scope)
    from ..resolve.model import def_kind

    return {s.name: Binding(s.name, def_kind(s.node), s.node, s.node.name_span, s.module, s.imported)
            for s in scheme.program.symbols.values()}


def _bindings(scope: dict[str, Binding], kinds: Iterable[DefKind]) -> list[t.CompletionItem]:
    wanted = set(kinds)
    return [t.CompletionItem(label=b.name, kind=KIND_OF.get(b.kind, K.Text), detail=_detail(b),
                             sort_text=f"0{b.name}")
            for b in scope.values() if b.kind in wanted]


def _detail(b: Binding) -> str:
    from .. import nodes as n

    node = b.node
    if isinstance(node, n.InputDecl):
        return f"{kind_word(b.kind)}: {node.type_name}" + (f" \"{node.label}\"" if node.label else "")
    if isinstance(node, n.Indicator) and node.weight is not None:
        return f"{kind_word(b.kind)} · {msg.weight_fact(weight=node.weight.text)}"
    return msg.kind_from(kind=kind_word(b.kind), module=module_name(b.module)) if b.imported else kind_word(b.kind)


def _functions() -> list[t.CompletionItem]:
    out = [t.CompletionItem(label=b.name, kind=K.Function, detail=b.signature, documentation=msg.BUILTIN_DOCS[b.name](),
                            sort_text=f"1{b.name}") for b in BUILTINS.values()]
    out += [t.CompletionItem(label=a, kind=K.Function, detail=f"{a}(x within …)", documentation=doc(), sort_text=f"1{a}")
            for a, doc in msg.AGGREGATE_DOCS.items() if a not in BUILTINS]
    out += [t.CompletionItem(label=w, kind=K.Function, detail=f"{w}(x)", documentation=msg.prev_doc() if w == "prev" else msg.last_year_doc(), sort_text=f"1{w}")
            for w in ("prev", "last_year")]
    return out


def _expectable(scope: dict[str, Binding]) -> list[t.CompletionItem]:
    """What an `expect` may name (docs/language.md, Tests): the items (for `ITEM.score`), the
    fields the results show, and the results a test compares (`TEST_FIELDS`, as the checks read them)."""
    from .. import nodes as n
    from ..checks.tests import TEST_FIELDS

    shown = {k: b for k, b in scope.items() if b.kind is DefKind.FIELD and isinstance(b.node, n.FieldDef) and not b.node.hidden}
    return (_bindings(scope, AFTER[("expect",)]) + _bindings(shown, {DefKind.FIELD})
            + [t.CompletionItem(label=f, kind=K.Value, detail=msg.test_result_detail(), documentation=result_doc(f),
                                sort_text=f"2{f}") for f in TEST_FIELDS])


def _in_template(scheme: Scheme | None, path: str, line: int) -> bool:
    """True when `line` is inside a template of the file (in its last reading)."""
    from .. import nodes as n

    if scheme is None:
        return False
    return any(isinstance(d, n.TemplateDef) and d.span.path == path and d.span.line <= line <= d.span.end_line
               for d in scheme.program.module.definitions)


def _example_results() -> list[t.CompletionItem]:
    """What a template's example may expect (docs/language.md, Templates)."""
    from ..checks.templates import EXAMPLE_FIELDS

    return [t.CompletionItem(label=f, kind=K.Value, detail=msg.test_result_detail(), documentation=result_doc(f),
                             sort_text=f"2{f}") for f in EXAMPLE_FIELDS]


def _results() -> list[t.CompletionItem]:
    return [t.CompletionItem(label=r.value, kind=K.Value, detail=msg.result_detail(), documentation=result_doc(r.value),
                             sort_text=f"2{r.value}") for r in Result]


_INPUT = re.compile(r'\binput\s+(\w+)\s*:\s*\w+([^\n#]*)')


def _declared(text: str) -> set[str]:
    """The column names the text's inputs already read: names, labels and aliases (read from the
    text itself, which is usually half typed while an input is being added)."""
    out: set[str] = set()
    for m in _INPUT.finditer(text):
        out.add(m.group(1).casefold())
        out.update(x.casefold() for x in re.findall(r'"([^"\n]*)"', m.group(2)))
    return out


def _columns(text: str, path: str, shared: Shared) -> list[t.CompletionItem]:
    """One item per column header no input reads yet; a header several data files share is one
    item naming every file that has it (typed and sampled from the first)."""
    read = _declared(text)
    files: dict[str, list[Column]] = {}
    for c in shared.data.columns(path):
        if c.name and c.header.casefold() not in read:
            files.setdefault(c.header, []).append(c)
    return [_column_item(found[0], [Path(c.file).name for c in found]) for found in files.values()]


def _column_item(c: Column, files: list[str]) -> t.CompletionItem:
    label = f" \"{c.header}\"" if c.name != c.header else ""
    shown = ", ".join(c.samples[:3])
    return t.CompletionItem(label=c.name, kind=K.Property, detail=msg.column_detail(file=", ".join(dict.fromkeys(files)), type=c.type_name),
                            insert_text=f"{c.name}: {c.type_name}{label}",
                            documentation=msg.column_doc_samples(header=c.header, samples=shown) if shown else msg.column_doc(header=c.header))


def _templates(scheme: Scheme | None, lines: list[str], shared: Shared) -> list[t.CompletionItem]:
    scope = _scope(scheme)
    out = _bindings(scope, {DefKind.TEMPLATE})
    known = {b.name for b in scope.values() if b.kind is DefKind.TEMPLATE}
    at = _import_line(lines)
    for e in shared.stdlib():
        if e.kind != "template" or e.name in known:
            continue
        edit = t.TextEdit(range=t.Range(start=t.Position(line=at, character=0), end=t.Position(line=at, character=0)),
                          new_text=f"from {e.module} import {e.name}\n")
        out.append(t.CompletionItem(label=e.name, kind=K.Class, detail=msg.stdlib_template(module=e.module),
                                    additional_text_edits=[edit], sort_text=f"1{e.name}",
                                    documentation=_template_doc(e)))
    return out


def _template_doc(e: Entry) -> str:
    from ..catalog import describe

    return "\n".join(x.strip() for x in describe(e)[1:])


def _import_line(lines: list[str]) -> int:
    """Where a new import goes: after the last import at the top of the file (0-based)."""
    last = -1
    for i, text in enumerate(lines):
        if re.match(r"^\s*(from|import)\s", text):
            last = i
        elif re.match(r"^\s*(scheme|template|ladder|scale|bands|const|test)\b", text):
            break
    return last + 1


def _modules() -> list[t.CompletionItem]:
    from ..resources import stdlib_dir

    root = stdlib_dir()
    names = sorted("std." + p.relative_to(root).with_suffix("").as_posix().replace("/", ".") for p in root.rglob("*.kpi"))
    return [t.CompletionItem(label=m, kind=K.Module) for m in names]


def _exports(module: str, shared: Shared) -> list[t.CompletionItem]:
    return [t.CompletionItem(label=e.name, kind=K.Class if e.kind == "template" else K.Enum, detail=f"{e.kind} ({e.module})")
            for e in shared.stdlib() if e.module == module]
