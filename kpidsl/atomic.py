"""Atomic file writes: a failure never leaves a partial or truncated file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: Path, writer: Callable[[Path], object]) -> None:
    """Write through `writer` to a temporary file in the same folder, then move it into place."""
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        writer(tmp_path)
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def replace_text(path: Path, text: str) -> None:
    """Replace an existing file's text (UTF-8) in one step, keeping its permissions: what `kpi fmt`
    and `kpi lint --fix` do to a user's scheme. A failure leaves the original untouched."""
    mode = path.stat().st_mode & 0o7777

    def write(tmp: Path) -> None:
        tmp.write_bytes(text.encode("utf-8"))
        os.chmod(tmp, mode)

    write_atomic(path, write)
