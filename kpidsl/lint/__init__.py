"""`kpi lint`: static analysis of a scheme beyond the errors that stop evaluation.

The rules run as named passes in `RULES` (and `DESIGN_RULES`, which read the configured
thresholds) over the scheme's IR and the value ranges its inputs allow; `rule_shared_weights`
then compares the schemes linted together. Findings carry stable codes and names (`registry.py`;
docs/lint.md has a page for each), pass through the configuration (`config.py`: which rules run
for which file, at which severity) and the `# kpi: ignore` comments (`suppress.py`), in that order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..api import Scheme
from ..errors import Diagnostic, Severity
from ..prebuilt import dataclass
from . import registry, suppress
from .config import DesignSettings, LintConfig, config_for, find_config, load_config
from .context import LintContext
from .coverage_rule import rule_coverage
from .design import rule_design, rule_shared_weights
from .direction import rule_direction
from .labels import rule_labels
from .points import rule_points
from .precedence import rule_precedence
from .ranges import RangeAnalysis, analyse_ranges, describe
from .rules import rule_guards, rule_units, rule_unused, rule_vetoes_and_adjustments
from .tables import rule_bands, rule_ladders
from .values import rule_values

__all__ = ["LintConfig", "LintReport", "config_for", "find_config", "lint", "lint_many", "load_config", "to_sarif"]

#: The lint passes, in order (all read the same context; none depends on another's findings).
RULES: tuple[Callable[[LintContext], None], ...] = (
    rule_ladders,
    rule_bands,
    rule_labels,
    rule_unused,
    rule_units,
    rule_precedence,
    rule_guards,
    rule_vetoes_and_adjustments,
    rule_points,
    rule_values,
)

#: Passes that read the configured design thresholds and word lists.
DESIGN_RULES: tuple[Callable[[LintContext, DesignSettings], None], ...] = (
    rule_direction,
    rule_design,
)

#: Rules that compare several schemes; judged only when more than one scheme is linted.
CROSS_SCHEME = frozenset({"K-L0807"})

#: The rule that runs the scheme's tests; judged only when the configuration sets `min-coverage`.
COVERAGE = "K-L1101"


@dataclass(frozen=True)
class LintReport:
    """Everything `kpi lint` reports for one file."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    ranges: RangeAnalysis | None

    def summary(self) -> list[str]:
        if self.ranges is None:
            return []
        from ..messages import lint as msg

        r = self.ranges
        lines: list[str] = [msg.summary_head(path=self.path, base=describe(r.base), deductions=describe(r.deductions),
                                             bonuses=describe(r.bonuses), total=describe(r.total))]
        for name, rng in r.group.items():
            lines.append(msg.summary_group(name=name, range=describe(rng)))
        for name, rng in r.indicator.items():
            lines.append(msg.summary_indicator(name=name, range=describe(rng)))
        return lines


@dataclass
class _Run:
    """One file in progress: its findings before configuration and suppressions."""

    scheme: Scheme
    config: LintConfig
    found: list[Diagnostic]
    ranges: RangeAnalysis | None


def lint(scheme: Scheme, config: LintConfig | None = None) -> LintReport:
    """Static checks plus lint rules for one file, filtered by `config` (the defaults when None;
    `config_for(path)` finds the file's own) and by the `# kpi: ignore` comments."""
    return lint_many([scheme], [config or LintConfig()])[0]


def lint_many(schemes: Sequence[Scheme], configs: Sequence[LintConfig] | None = None) -> list[LintReport]:
    """Lint several schemes, one configuration each, and compare them with each other (an
    indicator shared by several departments' schemes with different weights, K-L0807)."""
    cfgs = list(configs) if configs is not None else [LintConfig()] * len(schemes)
    runs = [_start(s, c) for s, c in zip(schemes, cfgs, strict=True)]
    cross = len(runs) > 1
    if cross:
        ran = [r for r in runs if r.ranges is not None]
        for d in rule_shared_weights([r.scheme.analysis.scheme for r in ran]):
            owner = next((r for r in ran if d.span is not None and d.span.path == r.scheme.analysis.scheme.span.path), None)
            if owner is not None:
                owner.found.append(d)
    return [_finish(r, cross) for r in runs]


def _start(scheme: Scheme, config: LintConfig) -> _Run:
    diags = list(scheme.check())
    ranges = None
    if scheme.has_scheme and not any(d.severity is Severity.ERROR for d in diags):
        ranges = analyse_ranges(scheme.ir)
        ctx = LintContext(scheme.analysis, scheme.ir, ranges)
        for rule in RULES:
            rule(ctx)
        for design_rule in DESIGN_RULES:
            design_rule(ctx, config.design)
        diags.extend(ctx.found)
    if config.min_coverage is not None and not any(d.severity is Severity.ERROR for d in diags):
        diags.extend(rule_coverage(scheme, config.min_coverage))
    return _Run(scheme, config, diags, ranges)


def _finish(run: _Run, cross: bool) -> LintReport:
    """Configuration first (which rules, what severity), then the comments on each line."""
    config = run.config
    enabled = config.enabled(run.scheme.path)
    diags = [_severity(d, config) for d in run.found if not _is_lint(d.code) or d.code in enabled]
    sups = suppress.parse(c for m in run.scheme.program.modules.values() for c in m.comments)
    kept = suppress.apply(diags, sups)
    judged = set(registry.CHECK_CODES)
    if run.ranges is not None:  # the lint rules ran, so a silence means there was nothing to say
        judged |= set(registry.BY_CODE) - {"K-L0901", "K-L0902"} - (set() if cross else CROSS_SCHEME)
        if config.min_coverage is None:
            judged.discard(COVERAGE)
    main = run.scheme.program.module.path
    own = [s for s in sups if s.span.path == main]
    configured_off = frozenset(registry.BY_CODE) - enabled - {"K-L0901", "K-L0902"}
    judged -= configured_off
    kept += [_severity(d, config) for d in suppress.review(own, frozenset(judged), configured_off) if d.code in enabled]
    kept.sort(key=lambda d: (d.span.path, d.span.line, d.span.col, d.code) if d.span else ("", 0, 0, d.code))
    return LintReport(run.scheme.path, tuple(kept), run.ranges)


def _is_lint(code: str) -> bool:
    return code in registry.BY_CODE


def _severity(d: Diagnostic, config: LintConfig) -> Diagnostic:
    level = config.severity_of(d.code, d.severity)
    if level is d.severity:
        return d
    return Diagnostic(d.code, d.message, d.span, level, d.hints, d.notes)


def to_sarif(reports: Sequence[LintReport], extra: Sequence[Diagnostic] = ()) -> str:
    """One SARIF 2.1.0 log for every file linted in the run (`sarif.to_sarif`, loaded only when
    asked for: `kpi lint` in text form needs neither it nor `json`)."""
    from .sarif import to_sarif as render

    return render(reports, extra)
