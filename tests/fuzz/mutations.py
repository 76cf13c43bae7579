"""Mutations of shipped files, as a user's slip or a broken export would make them: a token
deleted, duplicated or swapped with its neighbour, a number changed to another (huge, negative,
a percent, a decimal comma, NaN), the file cut short, saved in another encoding, an invisible
character or a zero byte put in; for CSV data also a field dropped or added, a row repeated,
two cells swapped. Every mutation is a pure function of the text and a seeded `random.Random`,
so a case is the same on every run and can be replayed from its seed."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

#: The tokens of a scheme, roughly as its lexer sees them (strings, numbers with a %, names in any
#: script, arrows and comparisons, single punctuation); whitespace and comments are left alone.
_TOKEN = re.compile(r'"[^"\n]*"|\d+(?:\.\d+)?%?|[^\W\d]\w*|->|>=|<=|==|!=|\.\.|[^\s\w]')

#: Numbers a mutation puts in place of another, chosen for the mistakes they stand for.
NUMBERS = ("0", "-1", "1e400", "9" * 60, "1,5", "1,000", "95%", "NaN", "Infinity", "0.0000001", "100000000", "", "1 000", "٣")


@dataclass(frozen=True)
class Mutated:
    """A mutated file: its bytes and what was done (for the failure message)."""

    data: bytes
    what: str


Mutation = Callable[[str, random.Random], Mutated]


def _tokens(text: str) -> list[re.Match[str]]:
    code = "\n".join(line.split("#", 1)[0] if '"' not in line else line for line in text.split("\n"))
    return list(_TOKEN.finditer(code))


def _utf8(text: str, what: str) -> Mutated:
    return Mutated(text.encode("utf-8"), what)


def delete_token(text: str, rnd: random.Random) -> Mutated:
    toks = _tokens(text)
    t = rnd.choice(toks)
    return _utf8(text[: t.start()] + text[t.end():], f"delete {t.group()!r} at {t.start()}")


def duplicate_token(text: str, rnd: random.Random) -> Mutated:
    t = rnd.choice(_tokens(text))
    return _utf8(text[: t.end()] + " " + t.group() + text[t.end():], f"duplicate {t.group()!r} at {t.start()}")


def swap_tokens(text: str, rnd: random.Random) -> Mutated:
    toks = _tokens(text)
    i = rnd.randrange(len(toks) - 1)
    a, b = toks[i], toks[i + 1]
    out = text[: a.start()] + b.group() + text[a.end(): b.start()] + a.group() + text[b.end():]
    return _utf8(out, f"swap {a.group()!r} and {b.group()!r} at {a.start()}")


def change_number(text: str, rnd: random.Random) -> Mutated:
    nums = [m for m in re.finditer(r"(?<![\w.])\d+(?:\.\d+)?%?", text)]
    if not nums:
        return delete_token(text, rnd)
    m = rnd.choice(nums)
    new = rnd.choice(NUMBERS)
    return _utf8(text[: m.start()] + new + text[m.end():], f"number {m.group()!r} -> {new!r} at {m.start()}")


def truncate(text: str, rnd: random.Random) -> Mutated:
    data = text.encode("utf-8")
    cut = rnd.randrange(1, len(data))
    return Mutated(data[:cut], f"cut at byte {cut}")


def encode(text: str, rnd: random.Random) -> Mutated:
    choice = rnd.choice(["gb18030", "utf-16", "utf-8-sig", "latin-junk", "zero-byte", "zero-width", "crlf"])
    if choice == "latin-junk":
        at = rnd.randrange(len(text))
        return Mutated(text[:at].encode("utf-8") + b"\xff\xfe\xa0" + text[at:].encode("utf-8"), f"bytes ff fe a0 at {at}")
    if choice == "zero-byte":
        at = rnd.randrange(len(text))
        return Mutated(text[:at].encode("utf-8") + b"\x00" + text[at:].encode("utf-8"), f"zero byte at {at}")
    if choice == "zero-width":
        at = rnd.randrange(len(text))
        return _utf8(text[:at] + "\u200b" + text[at:], f"U+200B at {at}")
    if choice == "crlf":
        return _utf8(text.replace("\n", "\r\n"), "CRLF line ends")
    return Mutated(text.encode(choice), f"saved as {choice}")


SCHEME_MUTATIONS: tuple[Mutation, ...] = (delete_token, duplicate_token, swap_tokens, change_number, truncate, encode)


# ------------------------------------------------------------------------------ CSV data


def _rows(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


def _join(rows: list[str], what: str) -> Mutated:
    return _utf8("\n".join(rows) + "\n", what)


def change_cell(text: str, rnd: random.Random) -> Mutated:
    rows = _rows(text)
    r = rnd.randrange(1, len(rows))
    cells = rows[r].split(",")
    c = rnd.randrange(len(cells))
    new = rnd.choice(NUMBERS)
    old = cells[c]
    cells[c] = f'"{new}"' if "," in new else new
    rows[r] = ",".join(cells)
    return _join(rows, f"line {r + 1} field {c + 1}: {old!r} -> {new!r}")


def drop_field(text: str, rnd: random.Random) -> Mutated:
    rows = _rows(text)
    r = rnd.randrange(len(rows))
    cells = rows[r].split(",")
    c = rnd.randrange(len(cells))
    del cells[c]
    rows[r] = ",".join(cells)
    return _join(rows, f"line {r + 1}: field {c + 1} dropped")


def add_field(text: str, rnd: random.Random) -> Mutated:
    rows = _rows(text)
    r = rnd.randrange(1, len(rows))
    cells = rows[r].split(",")
    c = rnd.randrange(len(cells) + 1)
    cells.insert(c, rnd.choice(["000", "", "x"]))
    rows[r] = ",".join(cells)
    return _join(rows, f"line {r + 1}: a field put in at {c + 1}")


def repeat_row(text: str, rnd: random.Random) -> Mutated:
    rows = _rows(text)
    r = rnd.randrange(1, len(rows))
    rows.insert(r, rows[r])
    return _join(rows, f"line {r + 1} repeated")


def swap_cells(text: str, rnd: random.Random) -> Mutated:
    rows = _rows(text)
    r = rnd.randrange(len(rows))
    cells = rows[r].split(",")
    if len(cells) < 2:
        return repeat_row(text, rnd)
    c = rnd.randrange(len(cells) - 1)
    cells[c], cells[c + 1] = cells[c + 1], cells[c]
    rows[r] = ",".join(cells)
    return _join(rows, f"line {r + 1}: fields {c + 1} and {c + 2} swapped")


def rename_header(text: str, rnd: random.Random) -> Mutated:
    rows = _rows(text)
    cells = rows[0].split(",")
    c = rnd.randrange(len(cells))
    old = cells[c]
    cells[c] = old[: max(1, len(old) - 1)] if rnd.random() < 0.5 else old + "\u200b"
    rows[0] = ",".join(cells)
    return _join(rows, f"header {old!r} -> {cells[c]!r}")


DATA_MUTATIONS: tuple[Mutation, ...] = (change_cell, drop_field, add_field, repeat_row, swap_cells, rename_header, truncate, encode)
