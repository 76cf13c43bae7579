"""Text -> `nodes.Module`, with every parser failure turned into a `KpiSyntaxError` in plain words.

This is the only module that catches Lark's exceptions. It also enforces the source limits
(size, bracket nesting) before Lark sees the text, because a deeply nested expression would
otherwise end in a `RecursionError` inside the tree transformer.
"""

from __future__ import annotations

import contextlib
import difflib
import re

from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from . import nodes as n
from .errors import KpiError, KpiSyntaxError
from .grammar import get_parser
from .i18n import listing
from .messages import syntax as msg
from .source import Source, Span
from .transform import ToNodes

#: Largest scheme file accepted, in characters (a real scheme is a few kilobytes).
MAX_SOURCE_CHARS = 1_000_000

#: Deepest bracket nesting accepted; real formulas stay under ten.
MAX_NESTING = 64

#: Full-width characters a Chinese input method types in place of ASCII punctuation.
FULL_WIDTH = {
    "，": ",",
    "：": ":",
    "；": ";",
    "（": "(",
    "）": ")",
    "【": "[",
    "】": "]",
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

_STRING_OR_COMMENT = re.compile(r'"(?:\\.|[^"\\\n])*"|#[^\n]*')


def parse(text: str, path: str = "<string>") -> n.Module:
    """Parse one `.kpi` file.

    Raises:
        KpiSyntaxError: the text is not a valid scheme file, or exceeds the source limits.
    """
    source = Source(text, path)
    _check_limits(source)
    parser = get_parser()
    try:
        tree = parser.parse(text)
    except UnexpectedInput as exc:
        raise _translate(exc, source) from None
    try:
        module = ToNodes(path).transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, KpiError):
            raise exc.orig_exc from None
        raise
    except RecursionError:
        raise KpiSyntaxError.single(
            "K-S0005", msg.nested_too_deeply(), Span(path, 1, 1, 1, 2)
        ) from None
    return _with_comments(module, source)


def _with_comments(module: n.Module, source: Source) -> n.Module:
    comments = tuple(
        n.Comment(source.span(m.start(), m.end()), m.group(0)[1:].strip())
        for m in _STRING_OR_COMMENT.finditer(source.text)
        if m.group(0).startswith("#")
    )
    return n.Module(
        module.span,
        module.path,
        module.imports,
        module.definitions,
        module.scheme,
        module.tests,
        comments,
    )


def _check_limits(source: Source) -> None:
    text = source.text
    if len(text) > MAX_SOURCE_CHARS:
        raise KpiSyntaxError.single(
            "K-S0004",
            msg.too_large(size=f"{len(text):,}", limit=f"{MAX_SOURCE_CHARS:,}"),
            Span(source.path, 1, 1, 1, 2),
            [msg.too_large_hint()],
        )
    # Count bracket depth outside strings and comments.
    stripped = _STRING_OR_COMMENT.sub(lambda m: " " * len(m.group(0)), text)
    depth = 0
    for i, ch in enumerate(stripped):
        if ch in "([{":
            depth += 1
            if depth > MAX_NESTING:
                raise KpiSyntaxError.single(
                    "K-S0005",
                    msg.brackets_too_deep(limit=MAX_NESTING),
                    source.span(i, i + 1),
                    [msg.brackets_too_deep_hint()],
                )
        elif ch in ")]}":
            depth = max(depth - 1, 0)


def _describe(term: str) -> str:
    if term in TERMINAL_WORDS:
        return TERMINAL_WORDS[term]
    try:
        pattern = get_parser().get_terminal(term).pattern
    except KeyError:
        return term.lower()
    if pattern.type == "str":
        return f"'{pattern.value}'"
    return msg.word_token() if term.startswith("__") else term.lower()


def _expected_words(expected: set[str]) -> list[str]:
    words = sorted({_describe(t) for t in expected if not t.startswith("__IGNORE")})
    return words


def _expected_literals(expected: set[str]) -> list[str]:
    out = []
    for term in expected:
        try:
            pattern = get_parser().get_terminal(term).pattern
        except KeyError:
            continue
        if pattern.type == "str":
            out.append(pattern.value)
    return out


def _expected_phrase(expected: set[str]) -> str:
    words = _expected_words(expected)
    if not words:
        return ""
    if len(words) > 10:
        words = [*words[:10], "..."]
    return msg.expected_one(what=words[0]) if len(words) == 1 else msg.expected_any(what=listing(words))


def _translate(exc: UnexpectedInput, source: Source) -> KpiSyntaxError:
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        ch = source.text[pos] if pos < len(source.text) else ""
        span = source.span(pos, pos + 1)
        hints: list[str] = []
        if ch in FULL_WIDTH:
            hints.append(msg.full_width(char=ch, ascii=FULL_WIDTH[ch]))
        elif ch == '"':
            hints.append(msg.unterminated_string())
        phrase = _expected_phrase(set(exc.allowed or ()))
        message = msg.unexpected_character(char=ch)
        return KpiSyntaxError.single("K-S0001", message, span, hints, [phrase] if phrase else [])
    if isinstance(exc, UnexpectedEOF) or (
        isinstance(exc, UnexpectedToken) and exc.token.type == "$END"
    ):
        end = len(source.text)
        span = source.span(max(end - 1, 0), end)
        return KpiSyntaxError.single(
            "K-S0003",
            msg.unexpected_end(),
            span,
            [msg.unclosed_brace()],
        )
    assert isinstance(exc, UnexpectedToken)
    token = exc.token
    start = token.start_pos or 0
    span = source.span(start, token.end_pos or start + 1)
    text = str(token)
    expected: set[str] = set(exc.expected or ())
    interactive = getattr(exc, "interactive_parser", None)
    if interactive is not None:
        # The exact set after default reductions; `exc.expected` lists every terminal the lexer
        # state allows, which includes tokens that only fit another context. A better message is
        # not worth failing over, hence the broad suppress.
        with contextlib.suppress(Exception):
            expected = set(interactive.accepts()) or expected
    hints = []
    literals = _expected_literals(expected)
    for bad, wanted, hint in MISTAKE_HINTS:
        if source.text.startswith(bad, start) and (not wanted or wanted in literals):
            hints.append(hint)
            break
    if token.type == "NAME" and not hints:
        keywords = [w for w in literals if w.isidentifier()]
        close = difflib.get_close_matches(text, keywords, n=1, cutoff=0.7)
        if close:
            hints.append(msg.did_you_mean_keyword(keyword=close[0]))
    shown = text if len(text) <= 30 else text[:27] + "..."
    message = msg.unexpected_token(token=shown)
    expected_phrase = _expected_phrase(expected)
    return KpiSyntaxError.single(
        "K-S0002", message, span, hints, [expected_phrase] if expected_phrase else []
    )
