"""`kpi lint --fix`: apply the safe fixes (`fixes.py`) to files until none is left, then write
each changed file in one step, or show the changes as a diff.

A fix can make another finding visible (a swapped interval stops the checks; once it is fixed the
lint rules run and may find an overlap), so fixing runs in rounds, linting the fixed text again,
up to `MAX_ROUNDS`. The result must read as a scheme whenever the original did, or nothing is
written (that would be a bug in a fixer, reported as one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path

from ..api import Scheme, loads
from ..errors import Diagnostic, KpiError, KpiSyntaxError
from ..prebuilt import dataclass
from ..source import Source
from .config import LintConfig
from .fixes import Fix, apply, fixes_for

#: Rounds of lint-and-fix on one file before stopping.
MAX_ROUNDS = 10

_BOM = "\ufeff"


class FixerBug(Exception):
    """A fix made a file that read as a scheme stop reading as one (a bug; nothing is written)."""


@dataclass
class Fixed:
    """One file's fixing: the text before and after, what was applied, what was only suggested."""

    path: str
    before: str
    after: str
    applied: list[Fix] = field(default_factory=list)
    suggested: list[Fix] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        import difflib  # only when a suggestion or a diff is made
        lines = difflib.unified_diff(self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
                                     f"{self.path} (original)", f"{self.path} (fixed)")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def diagnose(text: str, path: str, config: LintConfig) -> tuple[Scheme | None, list[Diagnostic]]:
    """The scheme the text reads as (None when it does not) and every reported finding."""
    from . import lint

    try:
        scheme = loads(text, path=path, base_dir=Path(path).parent)
    except KpiError as exc:
        return None, list(exc.diagnostics)
    return scheme, list(lint(scheme, config).diagnostics)


def fix_text(text: str, path: str, config: LintConfig, unsafe: bool = False) -> Fixed:
    """Apply fixes to a file's text (safe ones, and suggestions too with `unsafe`) until none
    is left. Line ends and a byte-order mark stay as they were.

    Raises:
        FixerBug: the fixed text no longer reads as a scheme, though the original did.
    """
    bom = _BOM if text.startswith(_BOM) else ""
    crlf = "\r\n" in text
    body = text[len(bom):].replace("\r\n", "\n") if crlf else text[len(bom):]
    result = Fixed(path, text, text)
    current = body
    read_before = _reads(current, path)
    for _ in range(MAX_ROUNDS):
        scheme, diagnostics = diagnose(current, path, config)
        found = fixes_for(Source(current, path), diagnostics, scheme)
        wanted = [f for f in found if f.safe or unsafe]
        result.suggested = [f for f in found if not f.safe and not unsafe]
        if not wanted:
            break
        current, applied = apply(current, wanted)
        result.applied.extend(applied)
    if read_before and not _reads(current, path):
        raise FixerBug(f"fixing {path} made it unreadable; nothing was written")
    out = current.replace("\n", "\r\n") if crlf else current
    result.after = bom + out
    return result


def _reads(text: str, path: str) -> bool:
    try:
        loads(text, path=path, base_dir=Path(path).parent)
    except KpiSyntaxError:
        return False
    except KpiError:
        return True  # an import problem is not the fixer's doing
    return True


def run(paths: list[tuple[str, LintConfig]], *, diff: bool, unsafe: bool, out: Callable[[str], None],
        err: Callable[[str], None]) -> int:
    """Fix each (file, its configuration): write the changed files in place, or with `diff` print
    the changes and write nothing. Returns how many files changed (or would)."""
    from ..atomic import replace_text
    from ..messages import cli as msg

    changed = 0
    for path, config in paths:
        p = Path(path)
        try:
            text = p.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the lint run that follows reports why the file cannot be read
        fixed = fix_text(text, path, config, unsafe)
        if fixed.changed:
            changed += 1
            if diff:
                out(fixed.diff())
            else:
                replace_text(p, fixed.after)
                err(msg.fixed_findings(path=path, count=len(fixed.applied)))
        if fixed.suggested:
            err(msg.suggestions_left(path=path, count=len(fixed.suggested)))
    return changed


def fixable(path: str, diagnostics: tuple[Diagnostic, ...], scheme: Scheme | None) -> tuple[int, int]:
    """How many of a file's findings `--fix` would fix, and how many have only a suggestion."""
    if scheme is not None:
        source = scheme.program.sources.get(scheme.path)
    else:
        try:
            source = Source(Path(path).read_text(encoding="utf-8-sig"), path)
        except (OSError, UnicodeDecodeError):
            return 0, 0
    if source is None:
        return 0, 0
    found = fixes_for(source, diagnostics, scheme)
    return sum(1 for f in found if f.safe), sum(1 for f in found if not f.safe)
