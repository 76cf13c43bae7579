"""What is known about one version of a document: the scheme it reads as (when it does), every
finding, and the configuration that applied.

A text that does not read (a syntax error) gets every syntax error the recovering reader finds,
not only the first twenty `kpi` prints; the server then keeps the last version that did read for
what needs names (completion, hover, go to definition by name). A text that reads gets the checks
and the lint rules, configured by the nearest `kpi.toml` or `pyproject.toml`, as `kpi lint`
does. A mistake in the configuration is itself a finding, and the rules run with the defaults.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from ..api import Scheme, loads
from ..errors import Diagnostic, KpiError, KpiSyntaxError
from ..lint import LintConfig, config_for, lint
from ..prebuilt import dataclass
from ..recovery import read
from ..source import Source

#: Syntax errors reported for one document (the CLI stops at twenty; an editor shows them all).
MAX_SYNTAX_ERRORS = 500


@dataclass
class Snapshot:
    """One version of a document, analysed."""

    path: str
    text: str
    version: int | None
    scheme: Scheme | None  # None: the text does not read as a scheme or module
    diagnostics: list[Diagnostic] = field(default_factory=list)
    config: LintConfig = field(default_factory=LintConfig)

    @property
    def source(self) -> Source:
        return Source(self.text, self.path)

    @property
    def reads(self) -> bool:
        return self.scheme is not None

    def line(self, line: int) -> str:
        """A line of this document, or of any file the scheme loaded."""
        return self.lines_of(self.path)[line - 1] if 0 < line <= len(self.lines_of(self.path)) else ""

    def lines_of(self, path: str) -> list[str]:
        if path == self.path:
            return self.text.splitlines()
        if self.scheme is not None and path in self.scheme.program.sources:
            return self.scheme.program.sources[path].text.splitlines()
        try:
            return Path(path).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            return []


def analyse(path: str, text: str, version: int | None = None) -> Snapshot:
    """Read, check and lint one document's text."""
    body = text[1:] if text.startswith("\ufeff") else text
    snap = Snapshot(path, body, version, None)
    try:
        snap.config = config_for(path)
    except KpiError as exc:  # a broken kpi.toml: say so, lint with the defaults
        snap.diagnostics.extend(exc.diagnostics)
    try:
        scheme = loads(body, path=path, base_dir=Path(path).parent)
    except KpiSyntaxError:
        snap.diagnostics.extend(syntax_errors(body, path))
        return snap
    except KpiError as exc:  # an import that cannot be read
        snap.diagnostics.extend(exc.diagnostics)
        return snap
    snap.scheme = scheme
    try:
        snap.diagnostics.extend(lint(scheme, snap.config).diagnostics)
    except KpiError as exc:  # a constant that cannot be computed stops the IR
        snap.diagnostics.extend(exc.diagnostics)
    return snap


def syntax_errors(text: str, path: str) -> list[Diagnostic]:
    """Every syntax error of a text (up to MAX_SYNTAX_ERRORS), each where it is."""
    try:
        return read(Source(text, path), limit=MAX_SYNTAX_ERRORS, tree=False).diagnostics
    except KpiSyntaxError as exc:  # too large or too deeply nested to read at all
        return list(exc.diagnostics)
