"""`kpi lint`: static analysis of a scheme beyond the errors that stop evaluation.

The rules run as named passes in `RULES` over the scheme's IR and the value ranges its inputs
allow. Findings carry stable codes (docs/lint.md lists each with a rationale and examples) and can
be silenced on their line with `# kpi: ignore K-L0101` (or `# kpi: ignore` for all).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..api import Scheme
from ..errors import Diagnostic, Severity
from .context import LintContext
from .ranges import RangeAnalysis, analyse_ranges, describe
from .rules import rule_full_marks, rule_guards, rule_units, rule_unused, rule_vetoes_and_adjustments
from .tables import rule_bands, rule_ladders

#: The lint passes, in order (all read the same context; none depends on another's findings).
RULES: tuple[Callable[[LintContext], None], ...] = (
    rule_ladders,
    rule_bands,
    rule_unused,
    rule_units,
    rule_guards,
    rule_vetoes_and_adjustments,
    rule_full_marks,
)

_IGNORE = re.compile(r"kpi:\s*ignore(?:\s+([A-Z0-9 ,\-]+))?", re.IGNORECASE)


@dataclass(frozen=True)
class LintReport:
    """Everything `kpi lint` reports for one file."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    ranges: RangeAnalysis | None

    def summary(self) -> list[str]:
        if self.ranges is None:
            return []
        r = self.ranges
        lines = [f"{self.path}: reachable base score {describe(r.base)}, deductions {describe(r.deductions)}, "
                 f"bonuses {describe(r.bonuses)}, total {describe(r.total)}"]
        for name, rng in r.indicator.items():
            lines.append(f"  {name}: score {describe(rng)}")
        return lines


def _suppressed(scheme: Scheme) -> dict[tuple[str, int], set[str] | None]:
    out: dict[tuple[str, int], set[str] | None] = {}
    for module in scheme.program.modules.values():
        for c in module.comments:
            m = _IGNORE.search(c.text)
            if m:
                codes = {x.strip().upper() for x in re.split(r"[ ,]+", m.group(1) or "") if x.strip()}
                out[(c.span.path, c.span.line)] = codes or None
    return out


def lint(scheme: Scheme) -> LintReport:
    """Static checks plus lint rules for one file; suppressed findings are dropped."""
    diags = list(scheme.check())
    ranges = None
    if scheme.has_scheme and not any(d.severity is Severity.ERROR for d in diags):
        ranges = analyse_ranges(scheme.ir)
        ctx = LintContext(scheme.analysis, scheme.ir, ranges)
        for rule in RULES:
            rule(ctx)
        diags.extend(ctx.found)
    ignore = _suppressed(scheme)
    kept = []
    for d in diags:
        if d.span is not None and (d.span.path, d.span.line) in ignore:
            codes = ignore[(d.span.path, d.span.line)]
            if codes is None or d.code in codes:
                continue
        kept.append(d)
    kept.sort(key=lambda d: (d.span.path, d.span.line, d.span.col, d.code) if d.span else ("", 0, 0, d.code))
    return LintReport(scheme.path, tuple(kept), ranges)


def to_sarif(reports: Sequence[LintReport], extra: Sequence[Diagnostic] = ()) -> str:
    """SARIF 2.1.0, for code-scanning tools."""
    from .. import __version__

    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    results = []
    codes: set[str] = set()
    for d in [x for r in reports for x in r.diagnostics] + list(extra):
        codes.add(d.code)
        res: dict[str, object] = {"ruleId": d.code, "level": level[d.severity], "message": {"text": d.message}}
        if d.span is not None:
            res["locations"] = [{"physicalLocation": {
                "artifactLocation": {"uri": d.span.path},
                "region": {"startLine": d.span.line, "startColumn": d.span.col,
                           "endLine": d.span.end_line, "endColumn": d.span.end_col},
            }}]
        results.append(res)
    doc = {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {"name": "kpi lint", "version": __version__, "informationUri": "docs/lint.md",
                                "rules": [{"id": c} for c in sorted(codes)]}},
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
