"""A scheme at a git revision: `kpi diff HEAD~1:scheme.kpi scheme.kpi data.csv`.

`REV:PATH` reads PATH as it was at REV with `git show` (PATH relative to the current folder, as
git reads `REV:./PATH`), and its imports from the same revision, relative to the file's folder
there; stdlib imports come from the installed stdlib. Nothing is checked out or written.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from ..errors import KpiDataError
from ..loader import Loader
from ..messages import audit as msg

#: `REV:PATH` (but not a Windows drive, `C:\\x`): a revision is anything git accepts before the colon.
_REVISION = re.compile(r"^(?P<rev>[^:\s]{2,}|[^A-Za-z:\s]):(?P<path>.+)$")


def split_revision(arg: str) -> tuple[str, str] | None:
    """(revision, path) when `arg` names a file at a git revision and is not a file on disk."""
    if Path(arg).exists():
        return None
    m = _REVISION.match(arg)
    return (m["rev"], m["path"]) if m else None


class _RevisionLoader(Loader):
    """Reads imported modules from the revision instead of the working tree."""

    def __init__(self, rev: str) -> None:
        super().__init__()
        self.rev = rev

    def _exists(self, path: Path) -> bool:
        if _inside(path, self.stdlib):
            return super()._exists(path)
        return _git(["cat-file", "-e", f"{self.rev}:{_spec(path)}"], check=False) is not None

    def _read(self, path: Path) -> str:
        if _inside(path, self.stdlib):
            return super()._read(path)
        return _show(self.rev, path)


def load_revision(arg: str) -> object:
    """The scheme `REV:PATH` as it was at that revision (an `api.Scheme`).

    Raises:
        KpiDataError: git cannot read it (K-D0233).
    """
    from ..api import Scheme

    found = split_revision(arg)
    assert found is not None
    rev, path = found
    loader = _RevisionLoader(rev)
    text = _show(rev, Path(path))
    return Scheme(loader.load_text(text, arg, Path(path).parent))


def _spec(path: Path) -> str:
    text = path.as_posix()
    return text if text.startswith(("./", "../", "/")) else "./" + text


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _show(rev: str, path: Path) -> str:
    out = _git(["show", f"{rev}:{_spec(path)}"], check=True)
    assert out is not None
    return out.decode("utf-8-sig")


def _git(args: list[str], check: bool) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=False, env={**os.environ, "GIT_PAGER": "cat"})
    except OSError as exc:
        raise KpiDataError.single("K-D0233", msg.git_unavailable(error=str(exc))) from None
    if done.returncode != 0:
        if not check:
            return None
        raise KpiDataError.single("K-D0233", msg.git_failed(spec=args[-1], error=done.stderr.decode("utf-8", "replace").strip()))
    return done.stdout
