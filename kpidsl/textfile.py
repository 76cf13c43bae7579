"""Read a scheme file's text as its author saved it, or stop with a located K-S0006.

Schemes are UTF-8, but a consultant on Chinese Windows may save one from Notepad as GB18030
(ANSI) or UTF-16 ("Unicode"): those are read too, as the data readers read CSV files. What cannot
be text (a binary file, a file cut in the middle of a character, bytes that are neither UTF-8 nor
GB18030) is an error naming the byte, its line and column; a file that cannot be read at all
(missing, a folder, no permission) is an error naming the file. Never a `UnicodeDecodeError`.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import KpiImportError, KpiSyntaxError
from .messages import cli as cli_msg
from .messages import files as msg
from .source import Span


def read_scheme_text(path: Path) -> str:
    """The text of a scheme file.

    Raises:
        KpiImportError: the file does not exist, is a folder or cannot be read (K-D0202, K-S0006).
        KpiSyntaxError: the bytes are not text in UTF-8, GB18030 or UTF-16 (K-S0006).
    """
    p = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KpiImportError.single("K-D0202", cli_msg.scheme_not_found(path=p)) from None
    except IsADirectoryError:
        raise KpiImportError.single("K-D0202", cli_msg.scheme_is_folder(path=p)) from None
    except PermissionError:
        raise KpiImportError.single("K-S0006", msg.cannot_read(path=p, reason=msg.permission_denied()), None,
                                    [msg.permission_denied_hint()]) from None
    except OSError as exc:
        if path.is_dir():
            raise KpiImportError.single("K-D0202", cli_msg.scheme_is_folder(path=p)) from None
        raise KpiImportError.single("K-S0006", msg.cannot_read(path=p, reason=exc.strerror or type(exc).__name__)) from None
    return decode_scheme(data, p)


def decode_scheme(data: bytes, path: str) -> str:
    """Bytes -> text: UTF-8 (a BOM dropped), UTF-16 with its BOM, else GB18030.

    Raises:
        KpiSyntaxError: a zero byte (binary), a character cut at the end, or bytes that are
            neither UTF-8 nor GB18030 (K-S0006, at the byte).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _at(data, exc.start, path, msg.cut_mid_character(path=path, offset=exc.start), msg.cut_mid_character_hint()) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    zero = data.find(b"\x00")
    if zero >= 0:
        raise _at(data, zero, path, msg.binary_file(path=path, offset=zero), msg.binary_file_hint())
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8 = exc
    if utf8.end >= len(data) and utf8.reason == "unexpected end of data":
        raise _at(data, utf8.start, path, msg.cut_mid_character(path=path, offset=utf8.start), msg.cut_mid_character_hint())
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise _at(data, utf8.start, path, msg.not_text(path=path, offset=utf8.start), msg.not_text_hint()) from None


def _at(data: bytes, offset: int, path: str, message: str, hint: str) -> KpiSyntaxError:
    """A K-S0006 at a byte offset, as a line and a column (in characters of the line's text)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return KpiSyntaxError.single("K-S0006", message, Span(path, line, col, line, col + 1), [hint])
