"""Lay out one file's concrete syntax in the canonical form described in docs/fmt.md.

The layout decides only whitespace: every token is written as the parser read it, in the same
order, and every comment between the same two tokens (`verify.py` checks both on the result). What
the writer of a scheme keeps: blank lines between statements (at most one), a short block written
on one line, and line breaks inside a long statement. Everything else is fixed here: indentation,
spaces between tokens, one statement per line in a block written over several lines, the columns
of ladders, scales, grade bands and quota tables, and where a comment sits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from ..cst import Comment, Concrete, Token, Tree
from ..source import display_width

#: One level of block indentation.
INDENT = "  "

#: Extra indentation of a statement's continuation lines.
CONTINUATION = "    "

#: Widest line (in display cells, a Chinese character counting two) a block is kept on one line at.
MAX_WIDTH = 120

#: What separates code from a comment at the end of its line.
TRAILING_GAP = "  "

#: Blocks whose items are table rows: two spaces apart on one line, one per line and aligned
#: otherwise. The other blocks (scheme, template, indicator, group, test) hold clauses.
TABLE_BLOCKS = frozenset({
    "ladder_def", "score_ladder_inline", "scale_def", "bands_def", "grade_inline",
    "distribute_rule", "coefficient_rule", "shares_rule", "score_raters", "normalise_rule",
})

#: Rows aligned in a table written over several lines, and the tokens each row's columns start
#: at: `tier  ->` aligns the arrows, `band` the conditions after the labels.
ROW_COLUMNS: dict[str, tuple[str, ...]] = {
    "tier": ("->",),
    "share": ("->",),
    "level": ("->", "note"),
    "band": ("",),
    "quota": ("",),
    "coef": ("",),
}

#: Tokens written without a space before them, and after them.
_TIGHT_BEFORE = frozenset({"RPAR", "RSQB", "COMMA", "COLON", "DOT"})
_TIGHT_AFTER = frozenset({"LPAR", "LSQB", "DOT"})
#: Rules in which a minus sign is a sign, written against what follows it.
_SIGN_RULES = frozenset({"neg", "signed_number", "bound_neg_name"})

#: A lint suppression comment (`# kpi: ignore K-L0101`), which applies to the code on its own line.
SUPPRESSION = re.compile(r"kpi:\s*ignore", re.IGNORECASE)


def gap(a: Token, b: Token) -> str:
    """The space written between two adjacent tokens on one line: one space, or none."""
    if b.kind in _TIGHT_BEFORE or a.kind in _TIGHT_AFTER or a.text == ".." or b.text == "..":
        return ""
    if a.kind == "MINUS" and a.context in _SIGN_RULES:
        return ""
    if b.kind == "LPAR" and b.context in ("call", "aggregate"):
        return ""
    return " "


def is_block(tree: Tree) -> bool:
    """True for a rule with a `{ ... }` block of its own."""
    return any(isinstance(c, Token) and c.kind == "LBRACE" for c in tree.children)


def layout(concrete: Concrete, max_width: int = MAX_WIDTH) -> str:
    """The canonical text of a file (`\\n` line ends, one at the end; empty for an empty file)."""
    return _Printer(concrete, max_width).run()


def _flat(node: Tree | Token, sep: str | None = None) -> Iterator[tuple[Token, str | None]]:
    """The tokens of `node` as written on one line, each with the separator that goes before it
    (None: the usual `gap`). Items of a one-line table are two spaces apart."""
    if isinstance(node, Token):
        yield node, sep
        return
    items_sep = "  " if node.kind in TABLE_BLOCKS else None
    inside = False
    first_item = True
    for child in node.children:
        if isinstance(child, Token) and child.kind in ("LBRACE", "RBRACE"):
            inside = child.kind == "LBRACE"
            yield child, sep
        elif inside and isinstance(child, Tree):
            yield from _flat(child, None if first_item else items_sep)
            first_item = False
        else:
            yield from _flat(child, sep)
        sep = None


def _render(pieces: list[tuple[Token, str | None]]) -> str:
    out = []
    prev: Token | None = None
    for tok, sep in pieces:
        if prev is not None:
            out.append(sep if sep is not None else gap(prev, tok))
        out.append(tok.text)
        prev = tok
    return "".join(out)


class _Printer:
    """Writes lines; remembers the last token written, the comments not yet placed and the rules
    being written (the if-chains among them decide where an `else` on a new line goes)."""

    def __init__(self, concrete: Concrete, max_width: int) -> None:
        self.text = concrete.source.text
        self.root = concrete.root
        self.comments = concrete.comments
        self.max_width = max_width
        self.ci = 0  # the next comment to place
        self.lines: list[str] = []
        self.cur: list[str] = []  # the line being written
        self.width = 0  # its display width
        self.trailing: Comment | None = None  # the comment that ends it
        self.pending = ""  # indentation of the next line
        self.depth = 0  # block depth
        self.prev: Token | None = None
        self.last_end = 0  # source offset of the end of the last thing written
        self.stack: list[Tree] = []
        self.if_columns: dict[int, int] = {}  # start offset of an `if` -> its output column
        starts = [t.start for t in concrete.tokens]
        #: Start offset of a token -> where the next token starts (a comment between is in its gap).
        self.next_start = dict(zip(starts, [*starts[1:], len(self.text)][: len(starts)], strict=True))

    # ------------------------------------------------------------------ the file and its blocks
    def run(self) -> str:
        items = [c for c in self.root.children if isinstance(c, Tree)]
        for n, item in enumerate(items):
            self._begin_item(item.start, first=n == 0)
            self._emit(item)
        self._own_line_comments(len(self.text) + 1, first=not items)
        self._end_line()
        return "\n".join(self.lines) + "\n" if self.lines else ""

    def _emit(self, node: Tree | Token) -> None:
        if isinstance(node, Token):
            self._put(node)
            return
        self.stack.append(node)
        if is_block(node):
            self._block(node)
        else:
            for child in node.children:
                self._emit(child)
        self.stack.pop()

    def _block(self, tree: Tree) -> None:
        children = tree.children
        open_at = next(i for i, c in enumerate(children) if isinstance(c, Token) and c.kind == "LBRACE")
        lbrace, rbrace = children[open_at], children[-1]
        assert isinstance(lbrace, Token) and isinstance(rbrace, Token) and rbrace.kind == "RBRACE"
        for child in children[:open_at]:
            self._emit(child)
        items = [c for c in children[open_at + 1 : -1] if isinstance(c, Tree)]
        pieces = list(_flat(Tree(tree.kind, children[open_at:], lbrace.start, rbrace.end)))
        if self._header_comment(lbrace):
            self._write(gap(self.prev, lbrace) if self.prev else " ")
            self._write(lbrace.text)  # the header's comment, held in `trailing`, ends the line after it
            self._after(lbrace)
        elif self._one_line(lbrace, rbrace, pieces, bool(items)):
            self._put_pieces(pieces)
            return
        else:
            self._put(lbrace)
        self.depth += 1
        widths = self._column_widths(items) if tree.kind in TABLE_BLOCKS else {}
        for n, item in enumerate(items):
            self._begin_item(item.start, first=n == 0)
            if item.kind in widths and not self._has_comment(item.start, item.end):
                self._row(item, widths[item.kind])
            else:
                self._emit(item)
        self._own_line_comments(rbrace.start, first=not items)
        self.depth -= 1
        self._end_line()
        self._put(rbrace)

    def _header_comment(self, lbrace: Token) -> bool:
        """True when a comment ends a block's header line and `{` stands on a later line
        (`indicator 甲项 weight 50%  # 3` then `{`): the `{` then ends the header's line and the
        comment follows it (`indicator 甲项 weight 50% {  # 3`), the block written over several
        lines. Not for a `# kpi: ignore` comment (its line keeps its code: the `{` stays below it),
        nor when comments stand on lines of their own before the `{` or one follows it on its line."""
        held = self.trailing
        if held is None or SUPPRESSION.search(held.text) or not self.cur:
            return False
        nxt = self.comments[self.ci] if self.ci < len(self.comments) else None
        if nxt is None:
            return True
        before_brace = nxt.start < lbrace.start
        after_brace = nxt.start < self.next_start[lbrace.start] and "\n" not in self.text[lbrace.end : nxt.start]
        return not before_brace and not after_brace

    def _one_line(self, lbrace: Token, rbrace: Token, pieces: list[tuple[Token, str | None]], has_items: bool) -> bool:
        if self._has_comment(lbrace.start, rbrace.end):
            return False
        if not has_items:
            return True
        if "\n" in self.text[lbrace.start : rbrace.end]:
            return False
        width = self.width + 1 + display_width(_render(pieces))
        if width <= self.max_width:
            return True
        # Too wide, but a `# kpi: ignore` at the end of the line names what is on it: keep it.
        nxt = self.comments[self.ci] if self.ci < len(self.comments) else None
        return (nxt is not None and nxt.start < self.next_start[rbrace.start] and "\n" not in self.text[rbrace.end : nxt.start]
                and bool(SUPPRESSION.search(nxt.text)))

    # ------------------------------------------------------------------ aligned rows
    def _row_cells(self, row: Tree) -> list[str]:
        pieces = list(_flat(row))
        starts = ROW_COLUMNS[row.kind]
        cuts = [0]
        for mark in starts:
            if mark == "":
                cuts.append(1)
                continue
            at = next((i for i, (t, _) in enumerate(pieces) if t.text == mark and t.context == row.kind), None)
            if at is not None:
                cuts.append(at)
        cuts.append(len(pieces))
        return [_render(pieces[a:b]) for a, b in pairwise(cuts) if a < b]

    def _column_widths(self, items: list[Tree]) -> dict[str, list[int]]:
        """For each kind of row in a table: the width of each column but the last."""
        widths: dict[str, list[int]] = {}
        for item in items:
            if item.kind not in ROW_COLUMNS or self._has_comment(item.start, item.end):
                continue
            cells = self._row_cells(item)
            column = widths.setdefault(item.kind, [])
            for i, cell in enumerate(cells[:-1]):
                if i == len(column):
                    column.append(0)
                column[i] = max(column[i], display_width(cell))
        return widths

    def _row(self, row: Tree, widths: list[int]) -> None:
        cells = self._row_cells(row)
        parts = []
        for i, cell in enumerate(cells):
            pad = widths[i] - display_width(cell) if i < len(cells) - 1 and i < len(widths) else 0
            parts.append(cell + " " * pad)
        self._write(" ".join(parts))
        self._after(row.tokens()[-1])

    # ------------------------------------------------------------------ tokens
    def _put(self, tok: Token) -> None:
        self._place(tok)
        self._after(tok)

    def _place(self, tok: Token) -> None:
        """Write `tok` after what is on the line, or on a continuation line when the source breaks
        the line there (where a space would go) or a comment ends the line."""
        self._inner_comments(tok)
        if self.cur:
            space = gap(self.prev, tok) if self.prev else " "
            broken = space and tok.kind != "LBRACE" and self.prev is not None and "\n" in self.text[self.prev.end : tok.start]
            if self.trailing is not None or broken:
                self._end_line()
                self.pending = self._continuation(tok)
            else:
                self._write(space)
        if tok.kind == "IF":
            self.if_columns[tok.start] = self.width if self.cur else display_width(self.pending)
        self._write(tok.text)

    def _put_pieces(self, pieces: list[tuple[Token, str | None]]) -> None:
        """Write a block on one line: its `{` as any token, the rest as rendered."""
        first = pieces[0][0]
        self._place(first)
        self._write(_render([(first, None), *pieces[1:]])[len(first.text) :])
        self._after(pieces[-1][0])

    def _after(self, tok: Token) -> None:
        """`tok` was written: remember it, and take a comment that ends its line in the source."""
        self.prev = tok
        self.last_end = tok.end
        if self.ci < len(self.comments):
            nxt = self.comments[self.ci]
            if nxt.start < self.next_start[tok.start] and "\n" not in self.text[tok.end : nxt.start]:
                self.trailing = nxt
                self.ci += 1
                self.last_end = nxt.end

    def _continuation(self, tok: Token) -> str:
        """Indentation of a continuation line starting with `tok`: an `else` under the `if` that
        starts its chain, other parts of an if-chain past that `if`, anything else 4 spaces in."""
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].kind != "if_expr":
                continue
            while i > 0 and self.stack[i - 1].kind == "if_expr" and self.stack[i - 1].children[-1] is self.stack[i]:
                i -= 1
            head = self.stack[i].children[0]
            column = self.if_columns.get(head.start) if isinstance(head, Token) else None
            if column is not None:
                return " " * (column if tok.kind == "ELSE" and tok.context == "if_expr" else column + 3)
            break
        return INDENT * self.depth + CONTINUATION

    # ------------------------------------------------------------------ comments and lines
    def _has_comment(self, start: int, end: int) -> bool:
        return any(start < c.start < end for c in self.comments[self.ci :])

    def _inner_comments(self, tok: Token) -> None:
        """Comments on lines of their own inside a statement, before `tok`: kept there, on their
        own lines, indented as continuation lines."""
        while self.ci < len(self.comments) and self.comments[self.ci].start < tok.start:
            self._end_line()
            self._comment_line(self.comments[self.ci], self._continuation(tok))
            self.pending = self._continuation(tok)

    def _begin_item(self, start: int, first: bool) -> None:
        """Start a statement (or a table row) on a new line, after the comments above it."""
        self._end_line()
        first = self._own_line_comments(start, first)
        if not first and self._blank_between(self.last_end, start):
            self._blank()
        self.pending = INDENT * self.depth

    def _own_line_comments(self, before: int, first: bool) -> bool:
        """Write the comments before offset `before` on lines of their own at the block's
        indentation, keeping one blank line where the source has any (not right after `{`).
        Returns whether nothing has been written in the block yet."""
        while self.ci < len(self.comments) and self.comments[self.ci].start < before:
            comment = self.comments[self.ci]
            self._end_line()
            if not first and self._blank_between(self.last_end, comment.start):
                self._blank()
            self._comment_line(comment, INDENT * self.depth)
            first = False
        return first

    def _comment_line(self, comment: Comment, indent: str) -> None:
        self._end_line()
        self.lines.append(indent + comment.text)
        self.ci += 1
        self.last_end = comment.end

    def _blank_between(self, start: int, end: int) -> bool:
        return self.text.count("\n", start, end) >= 2

    def _blank(self) -> None:
        self._end_line()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def _write(self, piece: str) -> None:
        if not self.cur:
            self.cur = [self.pending]
            self.width = display_width(self.pending)
            piece = piece.lstrip(" ")
        self.cur.append(piece)
        self.width += display_width(piece)

    def _end_line(self) -> None:
        if self.cur:
            line = "".join(self.cur).rstrip()
            if self.trailing is not None:
                line += TRAILING_GAP + self.trailing.text
            self.lines.append(line)
        self.cur = []
        self.width = 0
        self.trailing = None
        self.pending = INDENT * self.depth
