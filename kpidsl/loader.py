"""Load a scheme file and the modules it imports into one `Program` with a shared symbol table.

Imports are the only way a scheme touches the file system, and they are confined: a quoted path
must be relative, end in `.kpi` and is read relative to the importing file; a dotted name
`std.x.y` is read from the stdlib folder as `x/y.kpi`. Cycles are reported with the chain.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path, PurePosixPath

from . import nodes as n
from .errors import Diagnostic, KpiImportError, Severity
from .i18n import listing
from .messages import modules as msg
from .messages import names as names_msg
from .messages.common import did_you_mean
from .parsecache import parse, parse_file
from .prebuilt import dataclass
from .resources import stdlib_dir
from .source import Source, Span
from .textfile import read_scheme_text

#: How many modules one program may load, imports of imports included.
MAX_MODULES = 200


@dataclass(frozen=True, slots=True)
class Symbol:
    """A named definition visible to a scheme: where it was defined and whether it was imported."""

    name: str
    node: n.Definition
    module: str  # path of the file defining it
    imported: bool


@dataclass
class Program:
    """A parsed main file, its imports, and every definition visible to its scheme."""

    module: n.Module
    sources: dict[str, Source]
    symbols: dict[str, Symbol]
    warnings: list[Diagnostic] = field(default_factory=list)
    modules: dict[str, n.Module] = field(default_factory=dict)

    @property
    def scheme(self) -> n.Scheme | None:
        return self.module.scheme

    def line(self, path: str, line: int) -> str:
        """Text of one line of any loaded file, for error rendering."""
        source = self.sources.get(path)
        return source.line_text(line) if source else ""


class Loader:
    """Reads files and resolves imports; one instance per program, so nothing is shared."""

    def __init__(self, stdlib: Path | None = None) -> None:
        self.stdlib = stdlib or stdlib_dir()
        self.sources: dict[str, Source] = {}
        self.modules: dict[str, n.Module] = {}

    def load_path(self, path: Path) -> Program:
        """Load a scheme from a file.

        Raises:
            KpiSyntaxError, KpiImportError: the file or one of its imports is invalid.
            (K-S0006, K-D0202: not text, missing, a folder, unreadable; `textfile.py`).
        """
        text = read_scheme_text(path)
        return self.load_text(text, str(path), base_dir=path.parent, from_file=True)

    def load_text(self, text: str, path: str = "<string>", base_dir: Path | None = None, from_file: bool = False) -> Program:
        """Load a scheme from text; relative imports resolve against `base_dir` (default: cwd).
        `from_file`: the text is the file at `path`, whose parse may be cached (`parsecache.py`)."""
        source = Source(text, path)
        self.sources[path] = source
        module = parse_file(text, path) if from_file else parse(text, path)
        self.modules[path] = module
        symbols: dict[str, Symbol] = {}
        warnings: list[Diagnostic] = []
        self._bind_imports(module, base_dir or Path.cwd(), symbols, warnings, (path,))
        for d in module.definitions:
            self._bind_local(symbols, d, path, warnings)
        return Program(module, self.sources, symbols, warnings, self.modules)

    def module_file(self, imp: n.Import, base_dir: Path) -> Path:
        """The file an import reads (for an editor's go-to-definition on the import).

        Raises:
            KpiImportError: the import names no file that can be imported.
        """
        return self._resolve(imp, base_dir)
    # ------------------------------------------------------------------ files (a subclass may read elsewhere)
    def _exists(self, path: Path) -> bool:
        """Whether an imported module exists (the run record and git revisions read their own)."""
        return path.is_file()

    def _read(self, path: Path) -> str:
        return read_scheme_text(path)

    # ------------------------------------------------------------------ internals
    def _resolve(self, imp: n.Import, base_dir: Path) -> Path:
        if imp.is_path:
            rel = PurePosixPath(imp.module.replace("\\", "/"))
            if rel.is_absolute() or imp.module.startswith(("/", "\\")) or ":" in imp.module:
                raise KpiImportError.single(
                    "K-E0502",
                    msg.import_not_relative(module=imp.module),
                    imp.span,
                )
            if rel.suffix != ".kpi":
                raise KpiImportError.single(
                    "K-E0502", msg.import_not_kpi(module=imp.module), imp.span
                )
            return base_dir / Path(*rel.parts)
        parts = imp.module.split(".")
        if parts[0] != "std" or len(parts) < 2:
            raise KpiImportError.single(
                "K-E0501",
                msg.unknown_module(module=imp.module),
                imp.span,
                [msg.unknown_module_hint()],
            )
        return self.stdlib.joinpath(*parts[1:-1], parts[-1] + ".kpi")

    def _load_module(self, imp: n.Import, target: Path, chain: tuple[str, ...]) -> n.Module:
        key = str(target)
        if key in chain:
            cycle = " -> ".join([*chain[chain.index(key) :], key])
            raise KpiImportError.single("K-E0503", msg.import_cycle(cycle=cycle), imp.span)
        if key in self.modules:
            return self.modules[key]
        if len(self.modules) >= MAX_MODULES:
            raise KpiImportError.single("K-E0504", msg.too_many_modules(limit=MAX_MODULES), imp.span)
        if not self._exists(target):
            hints: list[str] = []
            if not imp.is_path:
                available = sorted(
                    "std." + p.relative_to(self.stdlib).with_suffix("").as_posix().replace("/", ".")
                    for p in self.stdlib.rglob("*.kpi")
                )
                import difflib  # only when a suggestion or a diff is made
                close = difflib.get_close_matches(imp.module, available, n=1)
                if close:
                    hints.append(did_you_mean(name=close[0]))
                elif available:
                    hints.append(msg.stdlib_modules(modules=listing(available)))
            raise KpiImportError.single(
                "K-E0501", msg.module_not_found(module=imp.module, target=str(target)), imp.span, hints
            )
        text = self._read(target)
        self.sources[key] = Source(text, key)
        module = parse_file(text, key)
        if module.scheme is not None:
            raise KpiImportError.single(
                "K-E0505",
                msg.module_has_scheme(module=imp.module),
                imp.span,
                [msg.module_has_scheme_hint()],
            )
        self.modules[key] = module
        return module

    def _exports(self, module: n.Module, base_dir: Path, chain: tuple[str, ...]) -> dict[str, Symbol]:
        table: dict[str, Symbol] = {}
        warnings: list[Diagnostic] = []
        self._bind_imports(module, base_dir, table, warnings, chain)
        for d in module.definitions:
            self._bind_local(table, d, module.path, warnings)
        return table

    def _bind_imports(
        self,
        module: n.Module,
        base_dir: Path,
        symbols: dict[str, Symbol],
        warnings: list[Diagnostic],
        chain: tuple[str, ...],
    ) -> None:
        for imp in module.imports:
            target = self._resolve(imp, base_dir)
            imported = self._load_module(imp, target, chain)
            exports = self._exports(imported, target.parent, (*chain, str(target)))
            if imp.names:
                for name, span in imp.names:
                    if name not in exports:
                        import difflib  # only when a suggestion or a diff is made
                        close = difflib.get_close_matches(name, list(exports), n=1)
                        raise KpiImportError.single(
                            "K-E0506",
                            msg.no_such_definition(module=imp.module, name=name),
                            span,
                            [did_you_mean(name=close[0])] if close else [],
                        )
                    self._bind_import(symbols, exports[name], imp, span)
            else:
                for sym in exports.values():
                    self._bind_import(symbols, sym, imp, imp.span)

    def _bind_import(self, symbols: dict[str, Symbol], sym: Symbol, imp: n.Import, span: Span) -> None:
        existing = symbols.get(sym.name)
        if existing is not None and existing.node is not sym.node:
            raise KpiImportError.single(
                "K-E0507",
                msg.imported_twice(name=sym.name, first=existing.module, second=sym.module),
                span,
                [msg.imported_twice_hint()],
            )
        symbols[sym.name] = Symbol(sym.name, sym.node, sym.module, True)

    def _bind_local(
        self, symbols: dict[str, Symbol], d: n.Definition, path: str, warnings: list[Diagnostic]
    ) -> None:
        existing = symbols.get(d.name)
        if existing is not None:
            if existing.imported:
                warnings.append(
                    Diagnostic(
                        "K-W0101",
                        msg.replaces_import(name=d.name, module=existing.module),
                        d.name_span,
                        Severity.WARNING,
                        (msg.replaces_import_hint(),),
                    )
                )
            else:
                raise KpiImportError.single(
                    "K-E0101",
                    msg.defined_twice(name=d.name),
                    d.name_span,
                    [names_msg.first_definition(location=str(existing.node.name_span))],
                )
        symbols[d.name] = Symbol(d.name, d, path, False)
