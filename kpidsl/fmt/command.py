"""What `kpi fmt` does with files: find them, format each, then write, check or show a diff.

Kept out of `cli.py` so the command's behaviour can be tested without click, and so the CLI module
only declares the options. Output goes through the two callables it is given (stdout, stderr).
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..atomic import replace_text
from ..errors import Diagnostic, KpiError, render_text
from ..i18n import listing
from ..messages import cli as msg
from ..prebuilt import dataclass
from ..source import Source
from . import format_text

#: Folders never searched for .kpi files.
SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__"})

#: The path a file read from standard input is reported as.
STDIN = "<stdin>"

#: Writes text as it is (the caller adds no newline).
Echo = Callable[[str], None]


@dataclass
class Outcome:
    """The count of each result, for the summary line and the exit code."""

    changed: int = 0
    unchanged: int = 0
    failed: int = 0


def run(paths: Sequence[str], *, check: bool, diff: bool, out: Echo, err: Echo) -> int:
    """Format `paths` (files, folders, or `-` for stdin); return the exit code (0 or 1).

    Without `check` or `diff`, files are rewritten in place (stdin is written to stdout); with
    either, nothing is written and a file that would change makes the exit code 1.
    """
    outcome = Outcome()
    for path in _expand(paths, outcome, err):
        if path == "-":
            _one_stdin(check, diff, outcome, out, err)
        else:
            _one_file(Path(path), check, diff, outcome, out, err)
    if list(paths) != ["-"]:  # as a filter (an editor's), only the text and the errors
        err(_summary(outcome, check or diff))
    return 1 if outcome.failed or ((check or diff) and outcome.changed) else 0


def _expand(paths: Sequence[str], outcome: Outcome, err: Echo) -> list[str]:
    found: list[str] = []
    for raw in paths:
        if raw == "-":
            found.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            found.extend(str(p) for p in sorted(_walk(path)))
        elif path.exists():
            found.append(raw)
        else:
            outcome.failed += 1
            err(render_text([Diagnostic("K-D0202", msg.scheme_not_found(path=raw))], lambda _p, _l: ""))
    return found


def _walk(folder: Path) -> list[Path]:
    out: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in SKIPPED_FOLDERS and not d.startswith(".")]
        out.extend(Path(root) / f for f in files if f.endswith(".kpi"))
    return out


def _format(text: str, path: str, outcome: Outcome, err: Echo) -> str | None:
    try:
        return format_text(text, path)
    except KpiError as exc:
        outcome.failed += 1
        source = Source(text.lstrip("\ufeff").replace("\r\n", "\n"), path)
        err(render_text(exc.diagnostics, lambda _p, line: source.line_text(line)))
        return None


def _one_file(path: Path, check: bool, diff: bool, outcome: Outcome, out: Echo, err: Echo) -> None:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        outcome.failed += 1
        err(render_text([Diagnostic("K-D0202", msg.cannot_read(path=name, error=str(exc.strerror)))], lambda _p, _l: ""))
        return
    text = _decode(data, name, outcome, err)
    formatted = None if text is None else _format(text, name, outcome, err)
    if text is None or formatted is None:
        return
    if formatted == text:
        outcome.unchanged += 1
        return
    outcome.changed += 1
    if diff:
        out(_diff(text, formatted, name))
    elif check:
        err(msg.would_reformat(path=name))
    else:
        replace_text(path, formatted)
        err(msg.reformatted(path=name))


def _decode(data: bytes, name: str, outcome: Outcome, err: Echo) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        outcome.failed += 1
        err(render_text([Diagnostic("K-F0102", msg.not_utf8(path=name), None, hints=(msg.not_utf8_hint(),))], lambda _p, _l: ""))
        return None


def _one_stdin(check: bool, diff: bool, outcome: Outcome, out: Echo, err: Echo) -> None:
    text = _decode(sys.stdin.buffer.read(), STDIN, outcome, err)
    formatted = None if text is None else _format(text, STDIN, outcome, err)
    if text is None or formatted is None:
        return
    changed = formatted != text
    outcome.changed += changed
    outcome.unchanged += not changed
    if diff:
        if changed:
            out(_diff(text, formatted, STDIN))
    elif check:
        if changed:
            err(msg.would_reformat(path=STDIN))
    else:
        out(formatted)


def _diff(before: str, after: str, name: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 f"{name} (original)", f"{name} (formatted)")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _summary(outcome: Outcome, dry: bool) -> str:
    from ..i18n import CLAUSES

    if dry:
        parts = [msg.fmt_would_change(count=outcome.changed), msg.fmt_already(count=outcome.unchanged)]
    else:
        parts = [msg.fmt_changed(count=outcome.changed), msg.fmt_unchanged(count=outcome.unchanged)]
    if outcome.failed:
        parts.append(msg.fmt_failed(count=outcome.failed))
    return listing(parts, CLAUSES)

