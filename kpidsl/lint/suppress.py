"""`# kpi: ignore` comments: which findings they silence, and which of them say nothing useful.

A comment silences findings on its own line: `# kpi: ignore` all of them, `# kpi: ignore K-L0102,
tier-overlap` the rules named (codes and names are interchangeable). Anything after the list is a
free-text reason: `# kpi: ignore K-L0301 客户要求保留`. As in ruff (`RUF100`), a rule name that does
not exist (K-L0901) and a comment that silences nothing (K-L0902) are findings of their own, so
stale suppressions do not pile up in a client's schemes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field

from ..errors import Diagnostic, Severity
from ..messages import lint as msg
from ..messages.common import did_you_mean
from ..nodes import Comment
from ..prebuilt import dataclass
from ..source import Span
from . import registry

_IGNORE = re.compile(r"kpi:\s*ignore\b(.*)$", re.IGNORECASE)
#: A token that is meant as a rule: a code (K-L0101, or a misspelling such as K-L101) or a
#: hyphenated lowercase name (ladder-gap). The first other token starts the reason.
_RULE_TOKEN = re.compile(r"^(K-\S+|[a-z][a-z0-9]*(-[a-z0-9]+)+)$", re.IGNORECASE)


@dataclass
class Suppression:
    """One `# kpi: ignore` comment and what it has silenced so far."""

    span: Span
    tokens: tuple[str, ...]  # the rules as written; empty for "all"
    codes: frozenset[str]  # the known ones, as codes
    unknown: tuple[str, ...]
    used: set[str] = field(default_factory=set)  # codes it silenced ("*" for a bare ignore)

    def covers(self, code: str) -> bool:
        return not self.tokens or code in self.codes


def parse(comments: Iterable[Comment]) -> list[Suppression]:
    """The suppressions among a file's comments."""
    out = []
    for c in comments:
        m = _IGNORE.search(c.text)
        if m is None:
            continue
        tokens: list[str] = []
        for raw in re.split(r"[\s,]+", m.group(1).strip()):
            if not raw:
                continue
            if not _RULE_TOKEN.match(raw):
                break
            tokens.append(raw)
        codes = set()
        unknown = []
        for t in tokens:
            info = registry.rule(t)
            if info is not None:
                codes.add(info.code)
            elif t.upper() in registry.CHECK_CODES:
                codes.add(t.upper())
            else:
                unknown.append(t)
        out.append(Suppression(c.span, tuple(tokens), frozenset(codes), tuple(unknown)))
    return out


def apply(diagnostics: Iterable[Diagnostic], suppressions: list[Suppression]) -> list[Diagnostic]:
    """Drop the findings a suppression on their line covers, recording which were used."""
    by_line: dict[tuple[str, int], list[Suppression]] = {}
    for s in suppressions:
        by_line.setdefault((s.span.path, s.span.line), []).append(s)
    kept = []
    for d in diagnostics:
        hit = None
        if d.span is not None:
            hit = next((s for s in by_line.get((d.span.path, d.span.line), []) if s.covers(d.code)), None)
        if hit is None:
            kept.append(d)
        else:
            hit.used.add(d.code if hit.tokens else "*")
    return kept


def review(suppressions: list[Suppression], judged: frozenset[str], configured_off: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """K-L0901 for rules that do not exist; K-L0902 for rules that silenced nothing, among the
    codes in `judged` (those that ran, so that silence means there was nothing to silence) or in
    `configured_off` (rules the configuration turns off for this file: the comment is redundant,
    and the message says that is why)."""
    out = []
    for s in suppressions:
        for t in s.unknown if "K-L0901" not in s.codes else ():
            hint = registry.suggest_rule(t)
            if hint in ("K-L0901", "K-L0902"):  # the suppression rules themselves are no answer
                hint = None
            out.append(Diagnostic("K-L0901", msg.unknown_suppression(rule=t), s.span, Severity.WARNING,
                                  (did_you_mean(name=hint) if hint else msg.unknown_suppression_hint(),)))
        if "K-L0902" in s.codes:
            continue  # the comment silences its own report on purpose
        if not s.tokens:
            if not s.used and judged >= frozenset(registry.BY_CODE):
                out.append(Diagnostic("K-L0902", msg.idle_suppression(), s.span, Severity.WARNING, (msg.idle_suppression_hint(),)))
            continue
        off = [t for t in s.tokens if (c := _code(t)) is not None and c in configured_off]
        if off:
            out.append(Diagnostic("K-L0902", msg.configured_off(rules=", ".join(off)), s.span, Severity.WARNING,
                                  (msg.configured_off_hint(),)))
        idle = [t for t in s.tokens if (c := _code(t)) is not None and c in judged and c not in s.used and t not in off]
        if idle:
            out.append(Diagnostic("K-L0902", msg.idle_rules(rules=", ".join(idle)), s.span, Severity.WARNING, (msg.idle_rules_hint(),)))
    return out


def _code(token: str) -> str | None:
    info = registry.rule(token)
    if info is not None:
        return info.code
    return token.upper() if token.upper() in registry.CHECK_CODES else None
