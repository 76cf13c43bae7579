"""Syntax errors in the user's words: the tables and the translation of one Lark error.

Kept apart from `parser.py` (which builds nodes) so the recovering reader in `recovery.py`, and
through it `kpi fmt`, can explain a syntax error without importing the tree nodes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from .errors import Diagnostic, Severity
from .grammar import get_parser
from .i18n import listing
from .messages import syntax as msg
from .source import Source

#: Full-width characters a Chinese input method types in place of ASCII punctuation.
FULL_WIDTH = {
    "，": ",",
    "：": ":",
    "；": ";",
    "（": "(",
    "）": ")",
    "【": "[",
    "】": "]",
    "［": "[",
    "］": "]",
    "“": '"',
    "”": '"',
    "＝": "=",
    "＞": ">",
    "＜": "<",
    "＋": "+",
    "－": "-",
    "＊": "*",
    "／": "/",
    "％": "%",
    "｛": "{",
    "｝": "}",
    "．": ".",
    "。": ".",
    "≥": ">=",
    "≤": "<=",
    "×": "*",
    "÷": "/",
}

def ascii_digits(number: str) -> str:
    """A NUMBER token's text with its digits in ASCII (`１００%` -> `100%`): the same number (the
    lexer's `\\d` takes any decimal digit and the reader converts it to its value), written the way
    the rest of a scheme is."""
    if number.isascii():
        return number
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in number)


#: Readable names for the terminals a user can be told were expected.
TERMINAL_WORDS = {
    "NAME": msg.word_name(),
    "NUMBER": msg.word_number(),
    "STRING": msg.word_string(),
    "CMP_OP": msg.word_comparison(),
    "PLUS": "'+'",
    "MINUS": "'-'",
    "STAR": "'*'",
    "SLASH": "'/'",
    "TRUE": "true",
    "FALSE": "false",
    "$END": msg.word_end(),
}

#: Hints for frequent mistakes: (source text at the error, a literal that was expected, hint).
#: Checked in order; kept as data so tests can run each one (tests/unit/test_parser.py).
MISTAKE_HINTS: tuple[tuple[str, str, str], ...] = (
    (":", "->", msg.hint_arrow_not_colon()),
    ("=>", "->", msg.hint_arrow_not_fat_arrow()),
    ("when", "on", msg.hint_on_zero()),
    ("=", "->", msg.hint_outcome_arrow()),
    ("%", "", msg.hint_percent_after_number()),
)


def literal_of(term: str) -> str | None:
    """The fixed text of a terminal (`'->'` for the arrow), or None for a pattern such as NAME."""
    try:
        pattern = get_parser().get_terminal(term).pattern
    except KeyError:
        return None
    return str(pattern.value) if pattern.type == "str" else None


def _describe(term: str) -> str:
    if term in TERMINAL_WORDS:
        return TERMINAL_WORDS[term]
    literal = literal_of(term)
    if literal is not None:
        return f"'{literal}'"
    return msg.word_token() if term.startswith("__") else term.lower()


def _expected_phrase(expected: Iterable[str]) -> str:
    words = sorted({_describe(t) for t in expected if not t.startswith("__IGNORE")})
    if not words:
        return ""
    if len(words) > 10:
        words = [*words[:10], "..."]
    return msg.expected_one(what=words[0]) if len(words) == 1 else msg.expected_any(what=listing(words))


def _error(code: str, message: str, source: Source, start: int, end: int,
           hints: Iterable[str] = (), notes: Iterable[str] = ()) -> Diagnostic:
    return Diagnostic(code, message, source.span(start, end), Severity.ERROR, tuple(hints), tuple(notes))


def end_of_file(source: Source, opened: str | None = None) -> Diagnostic:
    """K-S0003: the text stops inside a block or a statement (`opened`: which `{` is still open,
    when the reader knows)."""
    end = len(source.text)
    return _error("K-S0003", msg.unexpected_end(), source, max(end - 1, 0), end, [opened or msg.unclosed_brace()])


#: Operators that need an operand after them: one ending a line leaves its formula unfinished.
BINARY_OPERATORS = frozenset({"+", "-", "*", "/", ">=", "<=", "==", "!=", ">", "<", "and", "or"})


def dangling_operator(source: Source, operator: Token, first: Token, token: Token) -> Diagnostic:
    """K-S0002 where a formula's line ends with an operator (`value 销售额 *`) and the next line
    starts a statement (`score 80`): the mistake is the operator, so the caret points at it; the
    token the parser stopped at is named in a note."""
    op, line = str(operator), operator.line or 0
    shown = str(token) if len(str(token)) <= 30 else str(token)[:27] + "..."
    start = operator.start_pos or 0
    return _error("K-S0002", msg.dangling_operator(op=op, line=line), source, start, operator.end_pos or start + 1,
                  [msg.hint_dangling_operator(op=op, line=line)],
                  [msg.note_dangling_before(next=first.line or 0, token=shown) if first is token
                   else msg.note_dangling_operator(next=first.line or 0, word=str(first), token=shown)])


def translate(exc: UnexpectedInput, source: Source, accepts: set[str] | None = None) -> Diagnostic:
    """The diagnostic for one Lark error.

    `accepts` is the exact set of terminals the parser could take at the error (from the
    interactive parser); without it, Lark's own `expected` set is used, which lists every terminal
    of the lexer state, including some that only fit another context.
    """
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        ch = source.text[pos] if pos < len(source.text) else ""
        hints: list[str] = []
        if ch in FULL_WIDTH:
            hints.append(msg.full_width(char=ch, ascii=FULL_WIDTH[ch]))
        elif ch == '"':
            hints.append(msg.unterminated_string())
        phrase = _expected_phrase(accepts if accepts is not None else set(exc.allowed or ()))
        from .messages.common import is_invisible, visible

        said = msg.unexpected_invisible(char=visible(ch)) if ch and is_invisible(ch) else msg.unexpected_character(char=ch)
        return _error("K-S0001", said, source, pos, pos + 1, hints, [phrase] if phrase else [])
    if not isinstance(exc, UnexpectedToken) or exc.token.type == "$END":
        return end_of_file(source)
    token = exc.token
    start = token.start_pos or 0
    text = str(token)
    expected = accepts or set(exc.expected or ())
    literals = [lit for lit in (literal_of(t) for t in expected) if lit is not None]
    hints = []
    for bad, wanted, hint in MISTAKE_HINTS:
        if source.text.startswith(bad, start) and (not wanted or wanted in literals):
            hints.append(hint)
            break
    if token.type == "NAME" and not hints:
        keywords = [w for w in literals if w.isidentifier()]
        import difflib  # only when a suggestion or a diff is made
        close = difflib.get_close_matches(text, keywords, n=1, cutoff=0.7)
        if close:
            hints.append(msg.did_you_mean_keyword(keyword=close[0]))
    shown = text if len(text) <= 30 else text[:27] + "..."
    phrase = _expected_phrase(expected)
    return _error("K-S0002", msg.unexpected_token(token=shown), source, start, token.end_pos or start + 1, hints,
                  [phrase] if phrase else [])
