"""Check a formatted text against the original before anything is written.

The formatter may change whitespace only (and write repaired full-width characters in ASCII), so
the check is exact rather than heuristic: the new text must read as the same tokens in the same
order, with the same comments between the same tokens, each still at the end of a code line or
on a line of its own as before. A `# kpi: ignore` comment silences findings on its own line, so
the tokens on its line must not change either. Same tokens means the same tree and the same nodes:
the scheme's meaning cannot have changed.
"""

from __future__ import annotations

import bisect

from ..cst import Concrete
from ..errors import KpiError
from ..messages import fmt as msg
from ..recovery import comment_spans, read
from ..source import Source
from .layout import SUPPRESSION


class FormatError(KpiError):
    """The file cannot be formatted without changing what one of its comments applies to."""


class FormatterBug(Exception):
    """The formatted text would differ from the original in more than layout: a bug in `kpi fmt`.

    Not a `KpiError`, so the command reports it as an internal error (exit 70) and writes nothing.
    """


def verify(before: Concrete, text: str) -> None:
    """Raise unless `text` is `before` with only its layout changed.

    Raises:
        FormatError: K-F0101, a `# kpi: ignore` comment would end up on a line with other code.
        FormatterBug: the tokens or the comments differ.
    """
    if text == before.source.text:
        return  # already in the canonical layout (the usual case of `kpi fmt --check`): nothing moved
    path = before.source.path
    after = read(Source(text, path), tree=False)
    if after.diagnostics or not after.complete:
        raise FormatterBug(f"the formatted text of {path} does not parse")
    if [(t.type, str(t)) for t in after.tokens] != [(t.kind, t.text) for t in before.tokens]:
        raise FormatterBug(f"formatting {path} would change its tokens")
    old = _comment_places(before.source.text, [t.start for t in before.tokens], [t.end for t in before.tokens],
                          [(c.start, c.end) for c in before.comments], [t.kind for t in before.tokens])
    starts = [t.start_pos or 0 for t in after.tokens]
    new = _comment_places(text, starts, [t.end_pos or 0 for t in after.tokens], comment_spans(text, after.tokens),
                          [t.type for t in after.tokens])
    if [p[:3] for p in old] != [p[:3] for p in new]:
        raise FormatterBug(f"formatting {path} would move or change a comment")
    for (body, _, _, line_tokens), (_, _, _, new_line_tokens), comment in zip(old, new, before.comments, strict=True):
        if SUPPRESSION.search(body) and line_tokens != new_line_tokens:
            raise FormatError.single(
                "K-F0101",
                msg.fmt_moves_suppression(),
                before.source.span(comment.start, comment.end),
                [msg.fmt_moves_suppression_hint()],
            )


def _comment_places(text: str, starts: list[int], ends: list[int], comments: list[tuple[int, int]],
                    kinds: list[str]) -> list[tuple[str, int, bool, frozenset[int]]]:
    """Each comment's text, how many tokens come before it, whether code precedes it on its line,
    and which tokens start on its line. A comment at the end of a block's header with the `{` on
    the next line counts as after the `{`: the layout writes `header {  # comment` (layout.py)."""
    out = []
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    token_lines = [bisect.bisect_right(line_starts, s) for s in starts]
    for start, end in comments:
        slot = bisect.bisect_right(ends, start)
        trailing = slot > 0 and "\n" not in text[ends[slot - 1] : start]
        if trailing and slot < len(kinds) and kinds[slot] == "LBRACE":
            slot += 1
        line = bisect.bisect_right(line_starts, start)
        on_line = frozenset(range(bisect.bisect_left(token_lines, line), bisect.bisect_right(token_lines, line)))
        out.append((text[start:end].rstrip(), slot, trailing, on_line))
    return out


