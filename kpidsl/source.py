"""Source text, positions and display widths.

Positions are stored in code points (1-based line and column, like lark and starlark); turning them
into terminal cells happens only when rendering, because a Chinese character takes two cells and a
caret line padded one cell per code point would point at the wrong character.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import field

from .prebuilt import dataclass


@dataclass(frozen=True)
class Span:
    """A region of one source file: 1-based start line/column, end line/column (exclusive)."""

    path: str
    line: int
    col: int
    end_line: int
    end_col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    @property
    def location(self) -> str:
        """`file:line:col`, the form every user-facing message starts with."""
        return str(self)


@dataclass(frozen=True)
class Source:
    """The text of one scheme file plus a line index for slicing lines out of it."""

    text: str
    path: str = "<string>"
    _line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i >= 0:  # a step per line, not per character
            starts.append(i + 1)
            i = find("\n", i + 1)
        object.__setattr__(self, "_line_starts", tuple(starts))

    def line_text(self, line: int) -> str:
        """The text of 1-based `line` without its newline, or "" when out of range."""
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        if end < 0:
            end = len(self.text)
        return self.text[start:end].rstrip("\r")

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based character offset."""
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        return line_index + 1, offset - self._line_starts[line_index] + 1

    def offset(self, line: int, col: int) -> int:
        """The 0-based character offset of a 1-based (line, column), clamped to the text."""
        if line < 1:
            return 0
        if line > len(self._line_starts):
            return len(self.text)
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return min(start + max(col - 1, 0), end)

    def span(self, start: int, end: int) -> Span:
        """The span between two 0-based character offsets."""
        line, col = self.position(start)
        end_line, end_col = self.position(max(start, end))
        return Span(self.path, line, col, end_line, end_col)


def char_width(ch: str) -> int:
    """Terminal cells taken by one character: 2 for wide East-Asian characters, 0 for combining."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal cells taken by `text` (tabs count as one cell; the caret line copies them)."""
    return sum(char_width(ch) for ch in text)


def caret_line(line_text: str, col: int, end_col: int | None) -> str:
    """Spaces up to `col` and carets under the characters [col, end_col) of `line_text`.

    Tabs before the caret are copied as tabs so the caret lines up whatever the tab width, and
    wide characters are padded with two spaces, as a terminal displays them.
    """
    prefix = line_text[: max(col - 1, 0)]
    pad = "".join("\t" if ch == "\t" else " " * char_width(ch) for ch in prefix)
    if end_col is None or end_col <= col:
        end_col = col + 1
    marked = line_text[col - 1 : end_col - 1]
    width = max(display_width(marked), 1)
    return pad + "^" * width
