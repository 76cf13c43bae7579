"""The structural diff of two versions of a scheme, over their IR.

IR nodes have stable ids derived from names (`indicator:采购计划完成率/ladder/tier:0`, `veto:重大事故`,
`rule:强制分布`), so the nodes of two versions are matched by id: an id only in the new version
was added, only in the old one removed, and a node in both whose own fields differ (spans aside,
children compared by id, not by content) changed. Each change is reported at the smallest node
that changed: a raised tier bound is a change of that tier, not of its ladder, indicator and
scheme. Changes carry the source text of both versions, so a person reads what was written.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import ir
from ..loader import Program
from ..prebuilt import dataclass

#: Fields that are positions or derived bookkeeping, not meaning.
_IGNORED = {"span", "index", "stages", "item_order"}

#: What a node is, by the first part of its id (the `kind` of a change).
KINDS = {"input": "input", "indicator": "indicator", "group": "group", "deduct": "deduction", "bonus": "bonus",
         "veto": "veto", "rule": "population rule", "total": "total", "grade": "grade", "const": "constant",
         "ladder": "ladder", "scale": "scale", "bands": "bands", "scheme": "scheme"}


@dataclass(frozen=True, slots=True)
class Change:
    """One node added, removed or changed between two versions."""

    change: str  # added | removed | changed
    node: str  # the IR id
    kind: str  # what the node is: tier, band, veto, indicator, weight, population rule, ...
    fields: tuple[str, ...]  # for `changed`: the fields that differ
    old: str | None  # the old version's text of the node
    new: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"change": self.change, "node": self.node, "kind": self.kind, "fields": list(self.fields),
                "old": self.old, "new": self.new}


def node_kind(node_id: str) -> str:
    last = node_id.rsplit("/", 1)[-1]
    head = last.split(":", 1)[0]
    if head in ("tier", "band", "level"):
        return head
    if "/" in node_id:
        return last.split(":", 1)[0]
    return KINDS.get(node_id.split(":", 1)[0], node_id.split(":", 1)[0])


def diff_schemes(old: ir.Scheme, new: ir.Scheme, old_program: Program, new_program: Program) -> list[Change]:
    """Every change from `old` to `new`, in the new version's order (removed nodes last)."""
    changes: list[Change] = []
    for node_id, node in new.index.items():
        before = old.index.get(node_id)
        if before is None:
            if _parent_added(node_id, old):
                continue  # inside an added node: the added node says it
            changes.append(Change("added", node_id, node_kind(node_id), (), None, _text(node, new_program)))
            continue
        fields = _differing(before, node)
        if fields and isinstance(node, ir.Scheme):  # the scheme's own settings, not its whole text
            changes.append(Change("changed", node_id, "scheme", fields, _settings(before, fields), _settings(node, fields)))
        elif fields:
            kind = "weight" if fields == ("weight",) else node_kind(node_id)
            changes.append(Change("changed", node_id, kind, fields, _text(before, old_program), _text(node, new_program)))
    for node_id, node in old.index.items():
        if node_id not in new.index and not _parent_removed(node_id, new):
            changes.append(Change("removed", node_id, node_kind(node_id), (), _text(node, old_program), None))
    return changes


def _settings(node: object, fields: tuple[str, ...]) -> str:
    return "; ".join(f"{f} {getattr(node, f)}" for f in fields)


def _parent_added(node_id: str, old: ir.Scheme) -> bool:
    return "/" in node_id and node_id.rsplit("/", 1)[0] not in old.index


def _parent_removed(node_id: str, new: ir.Scheme) -> bool:
    return "/" in node_id and node_id.rsplit("/", 1)[0] not in new.index


def _differing(a: object, b: object) -> tuple[str, ...]:
    if type(a) is not type(b) or not dataclasses.is_dataclass(a):
        return ("kind",) if type(a) is not type(b) else ()
    out = []
    for f in dataclasses.fields(a):
        if f.name in _IGNORED or f.name.endswith("_span") or f.name == "id":
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if _members(x) and _members(y):
            continue  # which nodes it holds: the added and removed nodes say it
        if signature(x) != signature(y):
            out.append(f.name)
    return tuple(out)


def _members(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, ir.Node) for v in value)


def signature(value: object) -> object:
    """What a value means, for comparison: positions dropped, nodes with ids by their id."""
    if isinstance(value, (ir.Node, ir.Formula)):
        return ("node", value.id)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, tuple((f.name, signature(getattr(value, f.name))) for f in dataclasses.fields(value)
                                            if f.name not in _IGNORED and not f.name.endswith("_span")))
    if isinstance(value, tuple):
        return tuple(signature(v) for v in value)
    return value


def _text(node: object, program: Program) -> str | None:
    """The source text of a node, on one line (at most 3 lines of it, then `…`)."""
    span = getattr(node, "span", None)
    if span is None or span.line <= 0:
        return None
    source = program.sources.get(span.path)
    if source is None:
        return None
    lines = [source.line_text(n) for n in range(span.line, span.end_line + 1)]
    if not lines:
        return None
    if len(lines) == 1:
        return " ".join(lines[0][span.col - 1 : span.end_col - 1].split())
    lines[0], lines[-1] = lines[0][span.col - 1 :], lines[-1][: span.end_col - 1]
    shown = " ".join(line.strip() for line in lines[:3] if line.strip())
    return shown + (" …" if len(lines) > 3 else "")
