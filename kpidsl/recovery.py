"""Read a scheme with the LALR parser one token at a time: every token kept, every syntax error found.

Lark's interactive parser (`Lark.parse_interactive`, lark's `examples/advanced/error_handling.py`)
is the library's mechanism for controlling an LALR parse step by step and recovering from errors.
We step it ourselves instead of through `Lark.parse(on_error=...)` for two reasons: `kpi fmt`
needs every token the parser read (keywords and punctuation included, which the tree drops), and
panic-mode recovery must be able to *refuse* a token the parser would take (the `}` inside a block
being skipped), while `on_error` only sees the tokens the parser rejects.

At a token the parser rejects, recovery tries, in order:

1. a full-width character read as its ASCII counterpart (`，` as `,`, `“达标”` as `"达标"`), when that
   fits; `kpi fmt` writes these repairs back, every other command reports them as errors;
2. a frequent mistake replaced (`:` or `=` where `->` belongs);
3. one missing token inserted (`->`, `,`, `)`, `]`, `{`, `}`), when the rejected token and the
   one after it then fit;
4. panic mode: tokens are dropped until one fits, skipping bracketed groups whole; a closing
   bracket that fits an enclosing block pops the parser back to that block.

After an error the next one is reported only on a later line and after three tokens were read
normally (yacc's rule), so one mistake gives one message, not a cascade.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken

from .errors import Diagnostic, KpiSyntaxError
from .grammar import get_parser
from .messages import syntax as msg
from .prebuilt import dataclass
from .source import Source, Span
from .syntax_messages import BINARY_OPERATORS, FULL_WIDTH, MISTAKE_HINTS, dangling_operator, end_of_file, translate

if TYPE_CHECKING:
    from lark import Tree
    from lark.parsers.lalr_interactive_parser import InteractiveParser

#: Largest scheme file accepted, in characters (a real scheme is a few kilobytes).
MAX_SOURCE_CHARS = 1_000_000

#: Deepest bracket nesting accepted; real formulas stay under ten.
MAX_NESTING = 64

#: Deepest syntax tree accepted. Every pass over a formula (resolution, checks, evaluation,
#: explain, lint) follows its tree recursively, so a flat sum of 500 terms, which the parser
#: nests 500 levels deep, would exhaust Python's stack; real formulas stay under 30 levels.
MAX_TREE_DEPTH = 200

#: Syntax errors reported from one file before reading stops.
MAX_SYNTAX_ERRORS = 20

#: Tokens that must be read normally after an error before another error is reported.
QUIET_TOKENS = 3

#: Missing tokens recovery may insert, in order of preference.
INSERTABLE = ("->", ":", ",", ")", "]", "{", "}")

#: Mistakes recovery may replace: a token's text and the literal read in its place.
REPLACEABLE = tuple((bad, wanted) for bad, wanted, _ in MISTAKE_HINTS if wanted and " " not in bad and len(bad) == 1)

_OPENERS = frozenset({"LPAR", "LSQB", "LBRACE"})
_CLOSERS = frozenset({"RPAR", "RSQB", "RBRACE"})
_STRING_OR_COMMENT = re.compile(r'"(?:\\.|[^"\\\n])*"|#[^\n]*')
_COMMENT = re.compile(r"#[^\n]*")
_STRING = re.compile(r'"(\\.|[^"\\\n])*"')


@dataclass(frozen=True, slots=True)
class Repair:
    """A full-width character (or a run of them) read as ASCII: `text` stands for source[start:end]."""

    start: int
    end: int
    text: str


@dataclass
class Parsed:
    """What one reading of a file produced.

    `complete` is true when the text parsed, possibly after full-width repairs only; `tree` is then
    Lark's tree (unless it was not asked for); `tokens` are the tokens the parser took, in order
    (a repair's token carries the ASCII text); every error is in `diagnostics`, repaired ones
    included.
    """

    source: Source
    tree: Tree[Token] | None
    tokens: list[Token]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    complete: bool = False

    @property
    def repaired_only(self) -> bool:
        """True when every syntax error was a full-width character that recovery read as ASCII."""
        return self.complete and len(self.diagnostics) == len(self.repairs)


def read(source: Source, limit: int = MAX_SYNTAX_ERRORS, tree: bool = True) -> Parsed:
    """Parse `source`, recovering from syntax errors until `limit` of them (not counting repaired
    full-width characters); without `tree`, only check the text parses (no tree is built).

    Raises:
        KpiSyntaxError: the text exceeds the source limits (size, bracket nesting).
    """
    check_limits(source)
    return _Reader(source, limit, tree).run()


def accepted_after(source: Source) -> set[str]:
    """The terminals the grammar accepts after the whole of `source` (read with recovery, so
    earlier mistakes do not matter): what an editor may offer next (`lsp/keywords.py`).

    Raises:
        KpiSyntaxError: the text exceeds the source limits.
    """
    check_limits(source)
    reader = _Reader(source, MAX_SYNTAX_ERRORS, tree=False)
    reader.read_tokens()
    if reader.skipping:
        return set()  # inside something recovery is still skipping: nothing sensible to offer
    try:
        return set(reader.ip.accepts())
    except (UnexpectedToken, UnexpectedCharacters):
        return set()


def comment_spans(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Start and end offsets of every comment: the `#...` runs in the gaps between tokens.

    Reading comments from the gaps (rather than scanning the whole text) agrees with the lexer by
    construction: a `#` inside a string, or inside a full-width quoted string that recovery read,
    is part of a token and never starts a comment.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for tok in [*tokens, None]:
        end = len(text) if tok is None else (tok.start_pos or 0)
        for m in _COMMENT.finditer(text, pos, end):
            out.append((m.start(), m.end()))
        if tok is not None:
            pos = tok.end_pos or end
    return out


def check_limits(source: Source) -> None:
    """Refuse texts too large or too deeply bracketed to read safely.

    Raises:
        KpiSyntaxError: K-S0004 (size) or K-S0005 (nesting).
    """
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


#: The grammar's flat chains of one operator (the tree transformer folds them to the left).
_CHAINS = frozenset({"or_chain", "and_chain", "arith_chain"})


def check_depth(tree: Tree[Token], source: Source) -> None:
    """Refuse a syntax tree deeper than `MAX_TREE_DEPTH` (a chain of hundreds of `+` or `else if`),
    measured without recursion, at the deepest formula's start.

    Raises:
        KpiSyntaxError: K-S0005, with the depth and the limit.
    """
    from lark import Tree as LarkTree

    stack: list[tuple[Any, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        children = [c for c in node.children if isinstance(c, LarkTree)]
        # a chain `a + b + ...` is one flat node here, but k nested nodes once folded
        step = len(children) if node.data in _CHAINS else 1
        if children and depth + step > MAX_TREE_DEPTH:
            meta = node.meta
            span = Span(source.path, 1, 1, 1, 2) if meta.empty else source.span(meta.start_pos, meta.start_pos + 1)
            raise KpiSyntaxError.single("K-S0005", msg.formula_too_deep(limit=MAX_TREE_DEPTH), span, [msg.formula_too_deep_hint()])
        stack.extend((child, depth + step) for child in children)


@lru_cache(maxsize=1)
def _terminal_types() -> dict[str, str]:
    """Literal text -> the terminal the lexer reads it as (`'->'` -> the arrow, `'>='` -> CMP_OP)."""
    out: dict[str, str] = {}
    regexes = []
    for term in get_parser().terminals:
        if term.pattern.type == "str":
            out[str(term.pattern.value)] = term.name
        else:
            regexes.append(term)
    wanted = {*FULL_WIDTH.values(), *INSERTABLE, ">=", "<=", "==", "!=", "->"}
    for text in wanted - out.keys():
        for term in regexes:
            if re.fullmatch(term.pattern.to_regexp(), text):
                out[text] = term.name
                break
    return out


@lru_cache(maxsize=1)
def _keywords() -> frozenset[str]:
    return frozenset(kind for text, kind in _terminal_types().items() if text.isidentifier())


def _as_keyword(tok: Token) -> Token:
    """A NAME whose text is a keyword, typed as that keyword.

    The lexer reads a keyword as a NAME where the parser cannot take the keyword (grammar.py,
    `KeywordLexer`); once the parser has rejected it, recovery reads it as the keyword it is, as a
    statement's first word or a word to insert around.
    """
    if tok.type != "NAME":
        return tok
    kind = _terminal_types().get(str(tok))
    return Token.new_borrow_pos(kind, str(tok), tok) if kind is not None and kind in _keywords() else tok


def _trial(ip: InteractiveParser) -> InteractiveParser:
    """A copy of the parser to try tokens on, without building tree nodes (as `accepts()` does)."""
    return _without_tree(ip.copy(deepcopy_values=False))


def _without_tree(ip: InteractiveParser) -> InteractiveParser:
    conf = copy(ip.parser_state.parse_conf)
    conf.callbacks = {}
    ip.parser_state.parse_conf = conf
    return ip


def _after(ip: InteractiveParser, *tokens: Token) -> InteractiveParser | None:
    """A trial copy of the parser that took `tokens`, or None when one of them does not fit."""
    trial = _trial(ip)
    try:
        for tok in tokens:
            trial.feed_token(tok)
    except UnexpectedToken:
        return None
    return trial


def _fits(ip: InteractiveParser, *tokens: Token) -> bool:
    return _after(ip, *tokens) is not None


def _next_fits(ip: InteractiveParser, *tokens: Token) -> bool:
    """True when `tokens` fit and so does the token the lexer reads after them (one token of lookahead)."""
    trial = _after(ip, *tokens)
    if trial is None:
        return False
    lexer = copy(ip.lexer_thread)
    try:
        following = next(iter(lexer.lex(trial.parser_state)), None)
    except UnexpectedToken:
        return False
    except UnexpectedCharacters:
        return True  # the next error is reported on its own
    return following is None or _fits(trial, following)


class _Reader:
    """One reading of one file: the parser, the recovery state and what was found."""

    def __init__(self, source: Source, limit: int, tree: bool) -> None:
        self.source = source
        self.text = source.text
        self.limit = limit
        self.ip: InteractiveParser = get_parser().parse_interactive(source.text)
        self.want_tree = tree
        if not tree:
            _without_tree(self.ip)
        self.parsed = Parsed(source, None, [])
        self.skipping = False  # panic mode: dropping tokens until one fits
        self.depth = 0  # brackets opened among the dropped tokens
        self.quiet = QUIET_TOKENS  # tokens read normally since the last error
        self.error_line = 0
        self.failed = False  # an error recovery could not repair exactly

    def run(self) -> Parsed:
        self.read_tokens()
        if self._at_limit():
            diags = self.parsed.diagnostics
            last = diags[-1]
            notes = (*last.notes, msg.stops_reading(limit=self.limit))
            diags[-1] = Diagnostic(last.code, last.message, last.span, last.severity, last.hints, notes)
            return self.parsed
        self._finish()
        return self.parsed

    def read_tokens(self) -> None:
        """Feed every token of the text to the parser, recovering from errors (not the end)."""
        while not self._at_limit():
            try:
                for tok in self.ip.lexer_thread.lex(self.ip.parser_state):
                    self._take(tok)
                    if self._at_limit():
                        break
                break
            except UnexpectedCharacters as exc:
                self._bad_character(exc)
            except UnexpectedToken as exc:  # a token that belongs elsewhere
                self._take(exc.token, exc)

    def _at_limit(self) -> bool:
        """Repaired full-width characters do not count: `kpi fmt` fixes any number of them."""
        return len(self.parsed.diagnostics) - len(self.parsed.repairs) >= self.limit

    # ------------------------------------------------------------------ tokens
    def _take(self, tok: Token, rejected: UnexpectedToken | None = None) -> None:
        if self.skipping:
            self._skip(tok)
            return
        if rejected is None:
            try:
                self._feed(tok)
                self.quiet += 1
                return
            except UnexpectedToken as exc:
                rejected = exc
        self._rejected(_as_keyword(tok), rejected)

    def _feed(self, tok: Token) -> None:
        self.ip.feed_token(tok)
        self.parsed.tokens.append(tok)

    def _rejected(self, tok: Token, exc: UnexpectedToken) -> None:
        self.failed = True
        dangling = self._dangling(tok)
        if dangling is not None:
            operator, first = dangling
            self._report(tok.line or 0, lambda: dangling_operator(self.source, operator, first, tok))
        else:
            self._report(tok.line or 0, lambda: self._with_open_brace(translate(exc, self.source, self._accepts()), tok))
        if self._replace(tok) or self._insert(tok):
            return
        self.skipping, self.depth = True, 0
        self._skip(tok)

    def _open_brace(self) -> Token | None:
        """The innermost `{` of the tokens read so far that no `}` has closed."""
        depth = 0
        for tok in reversed(self.parsed.tokens):
            if tok.type == "RBRACE":
                depth += 1
            elif tok.type == "LBRACE":
                if not depth:
                    return tok
                depth -= 1
        return None

    def _opened(self, brace: Token) -> str:
        """The text of the brace's line up to the brace (`indicator 配合 {`), for the message."""
        start = brace.start_pos or 0
        line = self.text[self.text.rfind("\n", 0, start) + 1 : start + 1].strip()
        return line if len(line) <= 40 else "..." + line[-37:]

    def _with_open_brace(self, diag: Diagnostic, tok: Token) -> Diagnostic:
        """`diag`, with a hint naming the `{` left open on an earlier line when closing it would let
        `tok` fit (`indicator 配合 { score 配合协作` with the `}` forgotten, and the next line's
        `indicator` refused): the forgotten brace, not the keyword, is the mistake."""
        brace = self._open_brace()
        if brace is None or (brace.line or 0) >= (tok.line or 0):
            return diag
        close = Token.new_borrow_pos("RBRACE", "}", tok)
        if not _fits(self.ip, close, tok):
            return diag
        hint = msg.open_brace(line=brace.line or 0, opened=self._opened(brace))
        return Diagnostic(diag.code, diag.message, diag.span, diag.severity, (hint, *diag.hints), diag.notes)

    def _dangling(self, tok: Token) -> tuple[Token, Token] | None:
        """(the operator, the first token of the next line) when the line before the rejected
        token's ends with a binary operator and its own line starts a statement: the rejected
        token itself (`}`), or a keyword the parser took as a name to finish the formula
        (`value 销售额 *` then `score 80`: `score` read as a name, `80` rejected)."""
        tokens = self.parsed.tokens
        k = len(tokens)
        while k > 0 and tokens[k - 1].line == tok.line:
            k -= 1
        if k == 0 or str(tokens[k - 1]) not in BINARY_OPERATORS or tokens[k - 1].line == tok.line:
            return None
        first = tokens[k] if k < len(tokens) else tok
        if first is not tok and _as_keyword(first).type == "NAME":
            return None  # a name on the next line may well be the operand: the error is elsewhere
        return tokens[k - 1], first

    def _replace(self, tok: Token) -> bool:
        types = _terminal_types()
        for bad, wanted in REPLACEABLE:
            if str(tok) == bad and wanted in types:
                new = Token.new_borrow_pos(types[wanted], wanted, tok)
                if _next_fits(self.ip, new):
                    self._feed(new)
                    return True
        return False

    def _insert(self, tok: Token) -> bool:
        types = _terminal_types()
        for literal in INSERTABLE:
            new = Token.new_borrow_pos(types[literal], literal, tok)
            if _next_fits(self.ip, new, tok):
                self._feed(new)
                self._feed(tok)
                return True
        return False

    def _skip(self, tok: Token) -> None:
        """Panic mode: drop `tok` unless it fits (then reading resumes normally)."""
        if not _fits(self.ip, tok):
            tok = _as_keyword(tok)
        if tok.type in _OPENERS:
            if self.depth or not _fits(self.ip, tok):
                self.depth += 1
                return
        elif tok.type in _CLOSERS and self.depth:
            self.depth -= 1
            return
        elif self.depth:
            return
        if _fits(self.ip, tok) or ((tok.type in _CLOSERS or self._starts_statement(tok)) and self._pop_to(tok)):
            self.skipping = False
            self._feed(tok)

    def _starts_statement(self, tok: Token) -> bool:
        """A keyword first on its line: where the next statement most likely starts."""
        start = tok.start_pos or 0
        line_start = self.text.rfind("\n", 0, start) + 1
        return tok.type in _keywords() and not self.text[line_start:start].strip()

    def _pop_to(self, closer: Token) -> bool:
        """Pop parser states until `closer` fits: a `}` ends the block it belongs to."""
        state = self.ip.parser_state
        for n in range(1, len(state.state_stack)):
            trial = _trial(self.ip)
            del trial.parser_state.state_stack[-n:]
            del trial.parser_state.value_stack[-n:]
            if _fits(trial, closer):
                del state.state_stack[-n:]
                del state.value_stack[-n:]
                return True
        return False

    # ------------------------------------------------------------------ characters
    def _bad_character(self, exc: UnexpectedCharacters) -> None:
        pos = exc.pos_in_stream or 0
        if self.skipping:
            self._advance(pos, pos + 1)
            return
        # The parser's own set: the lexer state also lists NAME wherever a keyword may stand.
        accepts = self._accepts()
        if self._repair_full_width(pos):
            self.parsed.diagnostics.append(translate(exc, self.source, accepts))
            return
        self.failed = True
        self._report(exc.line or 0, lambda: translate(exc, self.source, accepts))
        if self.text[pos] == '"' and self._close_string(pos):
            return
        self._advance(pos, pos + 1)

    def _advance(self, pos: int, end: int) -> None:
        state = self.ip.lexer_thread.state
        assert state is not None  # the reader always has text
        state.line_ctr.feed(self.text[pos:end])

    def _token(self, kind: str, text: str, start: int, end: int) -> Token:
        line, col = self.source.position(start)
        end_line, end_col = self.source.position(end)
        return Token(kind, text, start, line, col, end_line, end_col, end)

    def _repair_full_width(self, pos: int) -> bool:
        """Read the full-width character at `pos` (with the one after it, for `＞＝`) as ASCII."""
        ch = self.text[pos]
        if ch == "“":
            return self._close_string(pos, repair=True)
        if ch not in FULL_WIDTH:
            return False
        if ch == "；":  # a separator, which is whitespace
            self._advance(pos, pos + 1)
            self.parsed.repairs.append(Repair(pos, pos + 1, ";"))
            return True
        if ch == "％":
            return self._percent(pos)
        types = _terminal_types()
        after = self.text[pos + 1 : pos + 2]
        for text, end in ((FULL_WIDTH[ch] + FULL_WIDTH.get(after, after), pos + 2), (FULL_WIDTH[ch], pos + 1)):
            kind = types.get(text) if after or end == pos + 1 else None
            if kind is None:
                continue
            tok = self._token(kind, text, pos, end)
            if _fits(self.ip, tok):
                self._advance(pos, end)
                self._feed(tok)
                self.parsed.repairs.append(Repair(pos, end, text))
                return True
        return False

    def _percent(self, pos: int) -> bool:
        """`95％`: the number was read already; widen it to `95%`."""
        tokens = self.parsed.tokens
        last = tokens[-1] if tokens else None
        values = self.ip.parser_state.value_stack
        if last is None or last.type != "NUMBER" or last.end_pos != pos or str(last).endswith("%") \
                or not values or values[-1] is not last:
            return False
        wide = self._token("NUMBER", str(last) + "%", last.start_pos or 0, pos + 1)
        tokens[-1] = values[-1] = wide
        self._advance(pos, pos + 1)
        self.parsed.repairs.append(Repair(pos, pos + 1, "%"))
        return True

    def _close_string(self, pos: int, repair: bool = False) -> bool:
        """A string opened at `pos` (`"` or `“`): read it to its closing quote on the line, or to
        the end of the line when it has none (the usual mistake); `repair` only for a full `“...”`."""
        line_end = self.text.find("\n", pos)
        line_end = len(self.text) if line_end < 0 else line_end
        closing = [i for i in (self.text.find(q, pos + 1, line_end) for q in '"”') if i >= 0]
        end = min(closing) + 1 if closing else line_end
        body = self.text[pos + 1 : end - 1] if closing else self.text[pos + 1 : end].rstrip("\r")
        text = '"' + body + '"'
        if (repair and not closing) or not _STRING.fullmatch(text):
            return False
        tok = self._token("STRING", text, pos, end)
        if repair and not _fits(self.ip, tok):
            return False
        self._advance(pos, end)
        if repair:
            self._feed(tok)
            self.parsed.repairs.append(Repair(pos, end, text))
        else:
            self._take(tok)
        return True

    # ------------------------------------------------------------------ reporting and the end
    def _accepts(self) -> set[str] | None:
        # The exact set after default reductions; Lark's `expected` lists every terminal the lexer
        # state allows. A better message is not worth failing over.
        try:
            return set(self.ip.accepts()) or None
        except Exception:  # noqa: BLE001
            return None

    def _report(self, line: int, make: Any) -> None:
        if line != self.error_line and self.quiet >= QUIET_TOKENS:
            self.parsed.diagnostics.append(make())
        self.error_line = line
        self.quiet = 0

    def _finish(self) -> None:
        tokens = self.parsed.tokens
        try:
            tree = self.ip.feed_eof(tokens[-1] if tokens else None)
        except UnexpectedToken:
            if not self.skipping or self.depth or not self.parsed.diagnostics:
                brace = self._open_brace() if not self.skipping else None
                opened = msg.open_brace_at_end(line=brace.line or 0, opened=self._opened(brace)) if brace is not None else None
                self.parsed.diagnostics.append(end_of_file(self.source, opened))
            return
        if not self.failed:
            self.parsed.complete = True
            self.parsed.tree = tree if self.want_tree else None
