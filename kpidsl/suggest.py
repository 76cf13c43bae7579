"""Name suggestions ("did you mean ...?") for unknown names, columns, ids and modules.

Its own module so that every layer can suggest a name (the data readers for a column, the CLI for
an id, the resolver for a scheme name) without importing the checks.
"""

from __future__ import annotations

from collections.abc import Iterable


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions and substitutions each cost 1)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `name`, if it is close enough to be a typo (one character off
    in a short Chinese name counts)."""
    best: tuple[int, float, str] | None = None
    for cand in candidates:
        d = _distance(name, cand)
        # Equal edit distances are broken by similarity, so '部' suggests '部门' rather than 'a'.
        import difflib  # only when a suggestion or a diff is made
        ratio = -difflib.SequenceMatcher(None, name, cand).ratio()
        key = (d, ratio, cand)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    d, _, cand = best
    import difflib  # only when a suggestion or a diff is made
    if d <= max(1, len(name) // 3) or difflib.SequenceMatcher(None, name, cand).ratio() >= 0.7:
        return cand
    return None


def suggest_label(text: str, labels: Iterable[str]) -> str | None:
    """The level a misspelt label in the data most likely means, only when that is reliable:
    neither is a single character (a one-character typo is one edit from every one-character
    label), and no other label is as close."""
    levels = list(labels)
    close = suggest(text, levels) if len(text) > 1 else None
    if close is None or len(close) < 2:
        return None
    d = _distance(text, close)
    return None if any(lvl != close and _distance(text, lvl) == d for lvl in levels) else close


def did_you_mean(name: str, candidates: Iterable[str]) -> list[str]:
    """`["did you mean 'X'?"]` (是不是“X”？) when a candidate is close to `name`, else `[]` (a hint list)."""
    from .messages import common

    s = suggest(name, candidates)
    return [common.did_you_mean(name=s)] if s else []
