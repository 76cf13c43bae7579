"""Every lint rule's code, name and default severity, and every code the checks before it emit.

Codes and names are interchangeable wherever a user names a rule: in `# kpi: ignore` comments,
in the configuration's `select` / `ignore` / `per-file-ignores` / `severity`, and in
`kpi lint --explain`. The words of each rule (what it finds, why, a bad and a good example, its
source) live in one place only, `docs/lint.md`, which ships inside the package (`docs.py`); a test
keeps the headings there and this table in step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..codes import CODES
from ..errors import Severity
from ..prebuilt import dataclass


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """One lint rule: its stable code, its name, and the severity it reports at by default."""

    code: str
    name: str
    severity: Severity


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: The lint rules, in the order of docs/lint.md.
RULES: tuple[RuleInfo, ...] = (
    RuleInfo("K-L0101", "ladder-gap", _E),
    RuleInfo("K-L0102", "tier-overlap", _W),
    RuleInfo("K-L0103", "tier-unreachable", _E),
    RuleInfo("K-L0104", "tier-out-of-range", _W),
    RuleInfo("K-L0105", "score-against-direction", _W),
    RuleInfo("K-L0106", "probably-lower-is-better", _W),
    RuleInfo("K-L0107", "labels-unchecked", _W),
    RuleInfo("K-L0201", "band-gap", _E),
    RuleInfo("K-L0202", "band-overlap", _W),
    RuleInfo("K-L0203", "band-bound-too-precise", _W),
    RuleInfo("K-L0204", "grade-unreachable", _W),
    RuleInfo("K-L0301", "unused-input", _W),
    RuleInfo("K-L0302", "unused-definition", _W),
    RuleInfo("K-L0303", "unused-import", _W),
    RuleInfo("K-L0401", "rate-vs-plain-number", _W),
    RuleInfo("K-L0402", "unit-mismatch", _W),
    RuleInfo("K-L0403", "precedence-slip", _W),
    RuleInfo("K-L0501", "unguarded-division", _W),
    RuleInfo("K-L0502", "unguarded-optional", _W),
    RuleInfo("K-L0601", "veto-constant", _W),
    RuleInfo("K-L0602", "adjustment-never-acts", _W),
    RuleInfo("K-L0603", "uncapped-deduction", _I),
    RuleInfo("K-L0604", "veto-repeated", _W),
    RuleInfo("K-L0701", "full-marks-mismatch", _W),
    RuleInfo("K-L0702", "item-maxima-mismatch", _W),
    RuleInfo("K-L0801", "too-many-kpis", _W),
    RuleInfo("K-L0802", "group-too-large", _W),
    RuleInfo("K-L0803", "too-many-indicators", _W),
    RuleInfo("K-L0804", "weight-too-small", _W),
    RuleInfo("K-L0805", "weights-too-close", _W),
    RuleInfo("K-L0806", "cross-department-for-front-line", _W),
    RuleInfo("K-L0807", "shared-weight-differs", _W),
    RuleInfo("K-L1001", "aggregate-of-empty", _W),
    RuleInfo("K-L1002", "hidden-field-unread", _W),
    RuleInfo("K-L1003", "exclusion-constant", _W),
    RuleInfo("K-L0901", "unknown-suppression", _W),
    RuleInfo("K-L0902", "unused-suppression", _W),
    RuleInfo("K-L1101", "test-coverage", _E),
)

#: Codes the checks that run before the lint rules can report (they stop evaluation, or warn, and
#: can be silenced on their line but not switched off by configuration): the syntax, check and
#: warning codes of the registry (`codes.py`).
CHECK_CODES: frozenset[str] = frozenset(c for c in CODES if c[2] in "SEW")

BY_CODE: dict[str, RuleInfo] = {r.code: r for r in RULES}
BY_NAME: dict[str, RuleInfo] = {r.name: r for r in RULES}

_CODE = re.compile(r"^K-[A-Z]\d{0,4}$")


def rule(token: str) -> RuleInfo | None:
    """The rule a code (`K-L0101`, any case) or a name (`ladder-gap`) stands for."""
    t = token.strip()
    return BY_CODE.get(t.upper()) or BY_NAME.get(t.lower())


def is_known(token: str) -> bool:
    """A lint rule's code or name, or a code of the checks."""
    return rule(token) is not None or token.strip().upper() in CHECK_CODES


def expand(token: str) -> set[str] | None:
    """The lint codes a selector stands for: a code, a name, a code prefix (`K-L08`, `K-L`), or
    `ALL`. None when it matches no lint rule."""
    t = token.strip()
    if t.upper() == "ALL":
        return set(BY_CODE)
    found = rule(t)
    if found is not None:
        return {found.code}
    if _CODE.match(t.upper()):
        codes = {c for c in BY_CODE if c.startswith(t.upper())}
        return codes or None
    return None


def suggest_rule(token: str) -> str | None:
    """The code or name nearest to a misspelt one, for the "did you mean" hint."""
    from ..suggest import suggest

    candidates: Iterable[str] = [*BY_NAME, *BY_CODE]
    return suggest(token.strip(), candidates)
