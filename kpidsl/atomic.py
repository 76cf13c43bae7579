"""Safe output files: a failure never leaves a partial or truncated file behind, and nothing is
written where it must not be.

The data is written to a temporary file beside the target, then moved into place in one step.
Around that: a symbolic link is written through (its target is replaced, the link stays); a
read-only file is refused, even for root; a new file gets the permissions the umask gives (the
temporary file is created with them, not 0600), a replaced file keeps its own; the temporary
file is named `.<name>.kpi-tmp-<pid>-<random>`, so one left by a killed run is recognisable, and
the next run to the same target removes it once its process is gone. Every failure is a
`KpiError` (K-O0102) naming the file, never a `PermissionError`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import KpiError
from .messages import files as msg

#: What marks our temporary files: `.<target name>` + this + `<pid>-<random hex>`.
TEMP_MARK = ".kpi-tmp-"


def write_atomic(path: Path, writer: Callable[[Path], object]) -> None:
    """Write through `writer` to a temporary file in the target's folder, then move it into place.

    Raises:
        KpiError: the target is read-only or a folder, or the folder cannot be written (K-O0102).
    """
    target = _target(path)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    mode = _existing_mode(path, target)
    clean_stale(target)
    tmp = folder / f".{target.name}{TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}"
    try:
        # 0o666 through os.open: the umask applies, as for any file the user creates. Created in
        # the same `try` that removes it, so a signal right after its creation leaves no file.
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        writer(tmp)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def replace_text(path: Path, text: str) -> None:
    """Replace an existing file's text (UTF-8) in one step, keeping its permissions: what `kpi fmt`
    and `kpi lint --fix` do to a user's scheme. A failure leaves the original untouched."""
    write_atomic(path, lambda tmp: tmp.write_bytes(text.encode("utf-8")))


def refuse_inputs(output: str, inputs: Iterable[str]) -> None:
    """Stop before anything is read when the output file is one of the inputs (the same file after
    following links, or a hard link to it): the results would replace the data they came from.

    Raises:
        KpiError: K-O0101 naming the input.
    """
    out = Path(output)
    for given in inputs:
        if _same_file(out, Path(given)):
            stem = out.stem or "results"
            raise KpiError.single("K-O0101", msg.output_is_input(path=output, input=given), None,
                                  [msg.output_is_input_hint(suggestion=f"{stem}_results{out.suffix or '.csv'}")])


def clean_stale(target: Path) -> None:
    """Remove temporary files of earlier runs to `target` whose process has ended (a run killed
    while writing); a file of a run still going is left alone."""
    prefix = f".{target.name}{TEMP_MARK}"
    try:
        with os.scandir(target.parent) as entries:  # names only: a cache folder holds hundreds of files
            found = [(e.name, e.path) for e in entries if e.name.startswith(prefix)]
    except OSError:
        return
    for name, path in found:
        pid = name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                os.unlink(path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier write of this process that was interrupted
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def _target(path: Path) -> Path:
    """The file actually written: a symbolic link's target (the link is kept), else the path."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _existing_mode(path: Path, target: Path) -> int | None:
    """The permissions to keep (the file being replaced), or None for a new file.

    Raises:
        KpiError: the target is a folder or read-only (no write bit: refused even for root).
    """
    try:
        st = target.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if target.is_dir():
        raise KpiError.single("K-O0102", msg.output_is_folder(path=str(path)), None,
                              [msg.output_is_folder_hint(suggestion=str(Path(path) / "results.xlsx"))])
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise KpiError.single("K-O0102", msg.output_read_only(path=str(path)), None, [msg.output_read_only_hint()])
    return st.st_mode & 0o7777


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _cannot_write(path: Path, exc: OSError) -> KpiError:
    reason = msg.permission_denied_write() if isinstance(exc, PermissionError) else (exc.strerror or str(exc) or type(exc).__name__)
    return KpiError.single("K-O0102", msg.cannot_write(path=str(path), reason=reason), None, [msg.cannot_write_hint()])
