"""Dependencies point one way: each layer imports only layers below it (imports inside functions
count too). docs/architecture.md draws the same picture."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "kpidsl"


def _module(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every kpidsl module a file imports, resolved to dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            mod = ".".join([*base, *(node.module.split(".") if node.module else [])])
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m.startswith("kpidsl")}


FILES = sorted(PACKAGE.rglob("*.py"))
IMPORTS = {_module(p): _imports(p) for p in FILES}


def _importers(prefix: str) -> dict[str, set[str]]:
    return {m: imps for m, imps in IMPORTS.items() if m == prefix or m.startswith(prefix + ".")}


def _touches(imports: set[str], banned: tuple[str, ...]) -> set[str]:
    return {i for i in imports if any(i == b or i.startswith(b + ".") for b in banned)}


#: Who may not import what (module prefix -> banned prefixes).
RULES = {
    # The consumers of results: never the interpreter or the compiler front end.
    "kpidsl.lint": ("kpidsl.interp", "kpidsl.lower"),
    "kpidsl.results": ("kpidsl.interp", "kpidsl.lower", "kpidsl.checks"),
    "kpidsl.report": ("kpidsl.interp", "kpidsl.lower", "kpidsl.checks"),
    "kpidsl.cli": ("kpidsl.interp", "kpidsl.lower", "kpidsl.checks", "kpidsl.data", "kpidsl.resolve"),
    # The data layer reads IR inputs; it never checks or evaluates.
    "kpidsl.data": ("kpidsl.checks", "kpidsl.resolve", "kpidsl.infer", "kpidsl.interp", "kpidsl.lower", "kpidsl.api"),
    # The IR is data: it depends on nothing that builds or reads it.
    "kpidsl.ir": ("kpidsl.checks", "kpidsl.resolve", "kpidsl.lower", "kpidsl.interp", "kpidsl.explain", "kpidsl.api",
                  "kpidsl.nodes"),
    # The interpreter reads the IR only (not the syntax tree, not the checks).
    "kpidsl.interp": ("kpidsl.checks", "kpidsl.resolve", "kpidsl.lower", "kpidsl.explain", "kpidsl.api", "kpidsl.nodes",
                      "kpidsl.printer"),
    # Explain renders events over the IR; it does not evaluate.
    "kpidsl.explain": ("kpidsl.interp", "kpidsl.lower", "kpidsl.checks", "kpidsl.api", "kpidsl.nodes"),
    "kpidsl.trace": ("kpidsl.interp", "kpidsl.explain", "kpidsl.api"),
    # Names are resolved once, before anything typed or lowered.
    "kpidsl.resolve": ("kpidsl.checks", "kpidsl.infer", "kpidsl.lower", "kpidsl.interp", "kpidsl.api"),
    "kpidsl.templates": ("kpidsl.checks", "kpidsl.api"),
    "kpidsl.suggest": ("kpidsl.checks",),
    # Editor features read the resolution, the IR and the linter's fixes; they never evaluate.
    "kpidsl.lsp": ("kpidsl.interp", "kpidsl.lower"),
    # Coverage reads the trace events of the tests' evaluations; it never evaluates or checks.
    "kpidsl.coverage": ("kpidsl.interp", "kpidsl.lower", "kpidsl.checks", "kpidsl.api"),
}


@pytest.mark.parametrize("prefix", sorted(RULES))
def test_dependencies_point_one_way(prefix: str) -> None:
    importers = _importers(prefix)
    assert importers, f"no module {prefix}"
    wrong = {m: sorted(_touches(imps, RULES[prefix])) for m, imps in importers.items() if _touches(imps, RULES[prefix])}
    assert not wrong, f"{prefix} must not import {RULES[prefix]}: {wrong}"


def test_no_import_cycles_between_modules() -> None:
    graph = {m: {i for i in imps if i in IMPORTS and i != m} for m, imps in IMPORTS.items()}
    # A package's __init__ re-exporting its own modules is not a cycle worth reporting.
    for m in graph:
        graph[m] = {i for i in graph[m] if not (i.startswith(m + ".") or m.startswith(i + "."))}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(m: str, chain: list[str]) -> None:
        if state.get(m) == 2:
            return
        if state.get(m) == 1:
            cycles.append([*chain[chain.index(m):], m])
            return
        state[m] = 1
        for dep in sorted(graph[m]):
            visit(dep, [*chain, m])
        state[m] = 2

    for m in sorted(graph):
        visit(m, [])
    assert not cycles, cycles[:3]
