"""Go to definition, find references and rename, on the resolver's references.

What is under the cursor is, in order: a name the resolver bound there (`Resolution.at`), the
name of a definition, a name in an `import`, or (in a module of definitions, or while the text
does not read) a defined name found by its spelling. A definition in the stdlib or in an imported
file is a location in that file.

Renaming is refused, with the reason, where it would break something the editor cannot fix in
this file: a definition made in another file; a name another file reads (a stdlib template reads
its inputs by name); an input whose name is the data column it reads (no label, or a data file
beside the scheme with a column of that name), because the CSV or Excel sheet would no longer
match; a new name that is not a name, is a keyword, or is taken.
"""

from __future__ import annotations

from .. import nodes as n
from ..api import Scheme
from ..messages import editor as msg
from ..prebuilt import dataclass
from ..refs import Callee, Ref
from ..resolve import Binding, DefKind, Resolution
from ..resolve.model import RESERVED
from ..source import Span
from .columns import DataColumns
from .convert import NAME, word_at
from .documents import Snapshot
from .hover import module_name
from .keywords import all_keywords


class RenameRefused(Exception):
    """A rename that would break the scheme or its data mapping; the message says why."""


@dataclass(frozen=True)
class Found:
    """What is under the cursor: its name and span, what it binds to (None for builtins and
    results) and what it reads."""

    name: str
    span: Span
    binding: Binding | None
    target: Ref | Callee | None


def find(snap: Snapshot, line: int, col: int) -> Found | None:
    """The name at a 1-based position of the document."""
    scheme = snap.scheme
    if scheme is None:
        return None
    res = _resolution(scheme)
    if res is not None:
        ref = res.at(snap.path, line, col)
        if ref is not None:
            return Found(ref.name, ref.span, ref.binding, ref.target)
        for b in res.scope.values():
            s = b.span
            if s.path == snap.path and s.line == line and s.col <= col < s.end_col:
                return Found(b.name, s, b, None)
    for imp in scheme.program.module.imports:
        for name, s in imp.names:
            if s.line == line and s.col <= col < s.end_col:
                return Found(name, s, _symbol(scheme, name), None)
    return by_name(scheme, snap.path, snap.line(line), line, col)


def imported_file(snap: Snapshot, line: int, col: int) -> Span | None:
    """The start of the file an import names, when the cursor is on the module's name."""
    from pathlib import Path

    from ..errors import KpiError
    from ..loader import Loader

    if snap.scheme is None:
        return None
    for imp in snap.scheme.program.module.imports:
        s = imp.span
        text = snap.line(s.line)
        start = text.find(imp.module, s.col - 1) + 1
        if s.line == line and 0 < start <= col <= start + len(imp.module):
            try:
                target = Loader().module_file(imp, Path(snap.path).parent)
            except KpiError:
                return None
            return Span(str(target), 1, 1, 1, 1) if target.is_file() else None
    return None


def by_name(scheme: Scheme, path: str, text: str, line: int, col: int) -> Found | None:
    """The definition a name at the position spells, in the scheme's scope or the file's symbols."""
    word = word_at(text, col)
    if word is None:
        return None
    name, start, end = word
    binding = _binding(scheme, name)
    return Found(name, Span(path, line, start, line, end), binding, None) if binding is not None else None


def _resolution(scheme: Scheme) -> Resolution | None:
    if not scheme.has_scheme:
        return None
    return scheme.analysis.resolution


def _binding(scheme: Scheme, name: str) -> Binding | None:
    res = _resolution(scheme)
    if res is not None and name in res.scope:
        return res.scope[name]
    return _symbol(scheme, name)


def _symbol(scheme: Scheme, name: str) -> Binding | None:
    """A definition of the file or an import (not the scheme's inputs and indicators)."""
    sym = scheme.program.symbols.get(name)
    if sym is None:
        return None
    from ..resolve.model import def_kind

    return Binding(sym.name, def_kind(sym.node), sym.node, sym.node.name_span, sym.module, sym.imported)


def references(snap: Snapshot, binding: Binding, with_definition: bool = True) -> list[Span]:
    """Every place the definition is named (in any file the scheme reads), its own name first."""
    spans = [binding.span] if with_definition else []
    scheme = snap.scheme
    res = _resolution(scheme) if scheme is not None else None
    if res is not None:
        spans += [r.span for r in res.references_to(binding)]
    elif scheme is not None:
        spans += _spelled(snap, binding.name)
    return list(dict.fromkeys(spans))


def _spelled(snap: Snapshot, name: str) -> list[Span]:
    """Where a module of definitions spells a name (it has no resolution to ask)."""
    out = []
    for i, text in enumerate(snap.text.splitlines(), start=1):
        for m in NAME.finditer(text):
            if m.group(0) == name:
                out.append(Span(snap.path, i, m.start() + 1, i, m.end() + 1))
    return out


# ------------------------------------------------------------------------------ rename


def rename_spans(snap: Snapshot, found: Found, new: str | None, data: DataColumns) -> list[Span]:
    """The spans to rewrite for renaming what `found` names to `new` (None: only check that it
    can be renamed at all).

    Raises:
        RenameRefused: renaming it here would break the scheme, another file or the data mapping.
    """
    b = found.binding
    if b is None or snap.scheme is None:
        raise RenameRefused(msg.rename_language(name=found.name))
    if b.span.path != snap.path:
        raise RenameRefused(msg.rename_elsewhere(name=b.name, module=module_name(b.span.path)))
    spans = references(snap, b)
    elsewhere = [s for s in spans if s.path != snap.path]
    if elsewhere:
        raise RenameRefused(msg.rename_read_elsewhere(module=module_name(elsewhere[0].path), name=b.name, line=elsewhere[0].line))
    if b.kind is DefKind.INPUT:
        _check_column(snap, b, data)
    if new is not None:
        _check_new_name(snap, b, new)
    return spans


def _check_column(snap: Snapshot, b: Binding, data: DataColumns) -> None:
    node = b.node
    assert isinstance(node, n.InputDecl)
    if node.label is None and b.name not in node.aliases:
        raise RenameRefused(msg.rename_column_by_name(name=b.name, type=node.type_name))
    for path, headers in data.headers(snap.path).items():
        if b.name in headers and b.name != node.label and b.name not in node.aliases:
            raise RenameRefused(msg.rename_column_in_file(file=path, name=b.name))


def is_language(word: str) -> bool:
    """A keyword, a result of the scheme or a function: words no definition may take."""
    from ..builtins import BUILTINS

    return word in all_keywords() or word in RESERVED or word in BUILTINS or word in ("prev", "last_year")


def _check_new_name(snap: Snapshot, b: Binding, new: str) -> None:
    if not NAME.fullmatch(new):
        raise RenameRefused(msg.rename_not_a_name(name=new))
    if is_language(new):
        raise RenameRefused(msg.rename_keyword(name=new))
    assert snap.scheme is not None
    taken = _binding(snap.scheme, new)
    if taken is not None and taken != b:
        raise RenameRefused(msg.rename_taken(name=new, kind=taken.kind.value, where=str(taken.span)))

