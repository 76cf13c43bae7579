"""The registry of diagnostic codes: every code kpidsl reports, with its severity, phase, title and
the page that documents it.

A code is a stable promise to users (they search for it, suppress it, grep logs for it), so it is
declared once here; tests check that every code raised in the source is registered, that each has a
row in the docs, and that each is raised by at least one test. Codes are grouped by phase:
K-S syntax, K-F `kpi fmt`, K-E checks (K-E05 imports, K-E06 lint configuration), K-W check
warnings, K-D data, K-R evaluation (K-R031 population), K-L lint rules (`lint/registry.py` adds
each rule's name), K-O output files.
"""

from __future__ import annotations

from enum import StrEnum

from .errors import Severity
from .prebuilt import dataclass


class Phase(StrEnum):
    """The phase of the pipeline that reports a code."""

    SYNTAX = "syntax"
    FORMAT = "format"
    CHECK = "check"
    IMPORT = "import"
    DATA = "data"
    EVALUATION = "evaluation"
    POPULATION = "population"
    LINT = "lint"
    OUTPUT = "output"


@dataclass(frozen=True, slots=True)
class Code:
    """One diagnostic code: what it means and where it is documented."""

    code: str
    severity: Severity
    phase: Phase
    title: str
    page: str | None = None  # where it is explained beyond the error table, if elsewhere

    @property
    def doc(self) -> str:
        """The page (and anchor) that documents the code."""
        if self.page is not None:
            return self.page
        if self.phase is Phase.LINT:
            return f"docs/lint.md#{self.code.lower()}"
        return "docs/language.md#error-codes"


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

_ALL = (
    Code("K-S0001", _E, Phase.SYNTAX, "a character that cannot start any token (full-width punctuation is explained)"),
    Code("K-S0002", _E, Phase.SYNTAX, "an unexpected word or symbol; a clause given twice; `as points` on an input that is not a percent"),
    Code("K-S0003", _E, Phase.SYNTAX, "the file ends inside a block"),
    Code("K-S0004", _E, Phase.SYNTAX, "the source is too large"),
    Code("K-S0005", _E, Phase.SYNTAX, "brackets nested too deep, or a formula more than 200 levels deep (a chain of hundreds of terms)"),
    Code("K-S0006", _E, Phase.SYNTAX, "a scheme file that cannot be read, or is not text (binary, cut mid-character, neither UTF-8, GB18030 nor UTF-16)"),
    Code("K-F0101", _E, Phase.FORMAT, "`kpi fmt` refuses: a `# kpi: ignore` line would change", "docs/fmt.md#safety"),
    Code("K-F0102", _E, Phase.FORMAT, "`kpi fmt` refuses: a file that is not UTF-8", "docs/fmt.md#safety"),
    Code("K-E0100", _E, Phase.CHECK, "a file with no scheme given to evaluate; an empty file (nothing but comments)"),
    Code("K-E0101", _E, Phase.CHECK, "a name defined twice, or a built-in name reused"),
    Code("K-E0102", _E, Phase.CHECK, "an unknown name (with \"did you mean\")"),
    Code("K-E0103", _E, Phase.CHECK, "a name of the wrong kind (a ladder used as a value, ...)"),
    Code("K-E0104", _E, Phase.CHECK, "a name not available here (a group's score inside an indicator)"),
    Code("K-E0105", _E, Phase.CHECK, "an unknown function or a wrong number of arguments"),
    Code("K-E0106", _E, Phase.CHECK, "bad `round` places"),
    Code("K-E0107", _E, Phase.CHECK, "an unknown keyword value (period, category, method, ...)"),
    Code("K-E0108", _E, Phase.CHECK, "an unknown input type"),
    Code("K-E0109", _E, Phase.CHECK, "an input both optional and defaulted, or `column optional` with neither"),
    Code("K-E0110", _E, Phase.CHECK, "a kind error (text in arithmetic, a non-yes/no condition, ...)"),
    Code("K-E0111", _E, Phase.CHECK, "an indicator with no score or no value to score; an empty group"),
    Code("K-E0112", _E, Phase.CHECK, "a misplaced `from`, `spill` or `param`"),
    Code("K-E0113", _E, Phase.CHECK, "a grade that does not exist (veto, distribution, coefficients)"),
    Code("K-E0114", _E, Phase.CHECK, "`in SCALE` on an input that is not text, or naming a scale with a level of ranged points"),
    Code("K-E0120", _E, Phase.CHECK, "an empty interval"),
    Code("K-E0121", _E, Phase.CHECK, "a cycle: a value that depends on itself"),
    Code("K-E0122", _E, Phase.CHECK, "`else` that is not the last tier"),
    Code("K-E0130", _E, Phase.CHECK, "percentage weights that do not add up to 100%"),
    Code("K-E0131", _E, Phase.CHECK, "weights on some items but not others, or of mixed forms"),
    Code("K-E0132", _E, Phase.CHECK, "weights that have no effect (`combine mean`, `method mean`)"),
    Code("K-E0133", _E, Phase.CHECK, "a zero or negative weight"),
    Code("K-E0134", _E, Phase.CHECK, "`skip` where there are no weights to share out"),
    Code("K-E0150", _E, Phase.CHECK, "quotas not adding up to 100%, or shares above 100%"),
    Code("K-E0151", _E, Phase.CHECK, "a population rule used before it is defined"),
    Code("K-E0152", _E, Phase.CHECK, "coefficient labels or share positions that do not match"),
    Code("K-E0180", _E, Phase.CHECK, "the `overrides` block: not a population rule, a rule listed twice, or a rule before the overrides reading one after"),
    Code("K-E0160", _E, Phase.CHECK, "periods: history without a period column, no calendar, two period columns"),
    Code("K-E0165", _E, Phase.CHECK, "a roll-up of a whole period read where only fields and later roll-ups may read it"),
    Code("K-E0166", _E, Phase.CHECK, "a roll-up's options or calendar: `at least N UNIT`, `missing ->`, `period from` columns, what a roll-up of roll-ups reads"),
    Code("K-E0190", _E, Phase.CHECK, "`kpi sql` or `kpi eval --engine columnar`: a construct the columnar engine and its SQL do not cover yet"),
    Code("K-E0501", _E, Phase.IMPORT, "a module that cannot be found"),
    Code("K-E0502", _E, Phase.IMPORT, "an import path that is not allowed (absolute, not .kpi)"),
    Code("K-E0503", _E, Phase.IMPORT, "an import cycle"),
    Code("K-E0504", _E, Phase.IMPORT, "too many modules imported"),
    Code("K-E0505", _E, Phase.IMPORT, "an imported file that holds a scheme"),
    Code("K-E0506", _E, Phase.IMPORT, "a name the imported module does not define"),
    Code("K-E0507", _E, Phase.IMPORT, "one name imported from two modules"),
    Code("K-E0601", _E, Phase.CHECK, "an invalid lint configuration (kpi.toml, [tool.kpi])", "docs/lint.md#kpi-lint-the-checks-and-why-they-exist"),
    Code("K-W0101", _W, Phase.CHECK, "a local definition replacing an imported one"),
    Code("K-D0201", _E, Phase.DATA, "an unreadable or empty data file"),
    Code("K-D0202", _E, Phase.DATA, "a file that does not exist, or a folder"),
    Code("K-D0203", _E, Phase.DATA, "a data format that cannot be told or is unknown"),
    Code("K-D0204", _E, Phase.DATA, "a file in an unknown or wrong encoding"),
    Code("K-D0205", _E, Phase.DATA, "a missing column (an input's, or the id column)"),
    Code("K-D0206", _E, Phase.DATA, "two columns matching one input"),
    Code("K-D0207", _E, Phase.DATA, "a cell that does not fit its input (its type, range, or scale's levels), or a missing required value"),
    Code("K-D0208", _E, Phase.DATA, "an id used twice (in a file, or across files)"),
    Code("K-D0209", _E, Phase.DATA, "no rows for the period asked for"),
    Code("K-D0210", _E, Phase.DATA, "no record with the id asked for"),
    Code("K-D0211", _E, Phase.DATA, "a summary row (合计, 小计, 平均, Total, or no id but numbers); dropped with `data { drop summary_rows }` (then a note or a warning)"),
    Code("K-D0212", _E, Phase.DATA, "a plain number beyond ±1 in a percent column that reads ratios (`as points` reads 95 as 95%); a plain number within ±1 among points in an `as points` column"),
    Code("K-D0213", _E, Phase.DATA, "an Excel formula cell with no calculated value stored"),
    Code("K-D0214", _W, Phase.DATA, "a column of the scheme empty in every row (warning)"),
    Code("K-D0215", _E, Phase.DATA, "a CSV line with more fields than the header (an unquoted comma)"),
    Code("K-O0101", _E, Phase.OUTPUT, "an output file that is one of the run's input files"),
    Code("K-O0102", _E, Phase.OUTPUT, "an output file that cannot be written: read-only, a folder, no permission, a full disk"),
    Code("K-O0103", _E, Phase.OUTPUT, "a result value that an Arrow decimal column of `BulkResults.to_arrow()` cannot hold exactly (more places or digits than its type)"),
    Code("K-D0220", _E, Phase.DATA, "a period that cannot be made from its cells (`period from 年度, 季度`), or no year in the file name"),
    Code("K-D0230", _E, Phase.DATA, "an overrides row that does not apply: an unknown employee or field, a value the field cannot take, a stale `was`"),
    Code("K-D0231", _E, Phase.DATA, "a run record that cannot be read, or a run it does not hold"),
    Code("K-D0232", _E, Phase.DATA, "a run record whose stored rows were changed (the hash chain is broken)"),
    Code("K-D0233", _E, Phase.DATA, "a scheme at a git revision that cannot be read"),
    Code("K-D0239", _W, Phase.DATA, "an override that population rules read but run before the overrides (they keep the computed value); `overrides { after ... }` makes them follow"),
    Code("K-R0301", _E, Phase.EVALUATION, "a division by zero with no declared outcome"),
    Code("K-R0302", _E, Phase.EVALUATION, "a missing value with no declared outcome"),
    Code("K-R0303", _E, Phase.EVALUATION, "a value in no tier of a ladder, scale or band set"),
    Code("K-R0304", _E, Phase.EVALUATION, "every item skipped"),
    Code("K-R0305", _E, Phase.EVALUATION, "raters: a missing rater declared an error, too few raters to trim"),
    Code("K-R0306", _E, Phase.EVALUATION, "a number beyond the exact range"),
    Code("K-R0310", _E, Phase.POPULATION, "a missing or non-numeric key of a population rule"),
    Code("K-R0311", _E, Phase.POPULATION, "no coefficient for a grade"),
    Code("K-R0312", _E, Phase.POPULATION, "a pool amount that differs within a group, or is negative"),
    Code("K-R0313", _E, Phase.POPULATION, "normalisation: a department average of 0 or inconsistent department scores"),
    Code("K-R0314", _E, Phase.POPULATION, "a record without a period in a scheme with a period column"),
    Code("K-R0315", _E, Phase.POPULATION, "an aggregate `per` subgroup whose records do not agree on one value"),
    Code("K-R0320", _E, Phase.POPULATION, "a roll-up with `missing -> error` has no value for a period of its unit"),
    Code("K-L0101", _E, Phase.LINT, "a ladder has no tier for some values its indicator can take"),
    Code("K-L0102", _W, Phase.LINT, "a tier overlaps an earlier one"),
    Code("K-L0103", _E, Phase.LINT, "a tier can never apply"),
    Code("K-L0104", _W, Phase.LINT, "a tier lies outside the values the indicator can take"),
    Code("K-L0105", _W, Phase.LINT, "scores run against the declared direction"),
    Code("K-L0106", _W, Phase.LINT, "a probably lower-is-better indicator scored by a rising ladder"),
    Code("K-L0107", _W, Phase.LINT, "a text input read only through one scale without `in SCALE` (its labels unchecked)"),
    Code("K-L0201", _E, Phase.LINT, "some reachable totals get no grade"),
    Code("K-L0202", _W, Phase.LINT, "grade bands overlap, or a band is taken by earlier ones"),
    Code("K-L0203", _W, Phase.LINT, "a band bound has more decimals than the rounded total it reads"),
    Code("K-L0204", _W, Phase.LINT, "a grade can never be given"),
    Code("K-L0301", _W, Phase.LINT, "an input is never used"),
    Code("K-L0302", _W, Phase.LINT, "a definition is never used"),
    Code("K-L0303", _W, Phase.LINT, "an imported name is never used"),
    Code("K-L0401", _W, Phase.LINT, "a rate compared with a plain number"),
    Code("K-L0402", _W, Phase.LINT, "unlike quantities added"),
    Code("K-L0403", _W, Phase.LINT, "a precedence slip: `a - b / b` for `(a - b) / b`"),
    Code("K-L0501", _W, Phase.LINT, "a denominator that can be 0 without `on zero`"),
    Code("K-L0502", _W, Phase.LINT, "an optional input without `on missing`"),
    Code("K-L0601", _W, Phase.LINT, "a veto that never (or always) fires"),
    Code("K-L0602", _W, Phase.LINT, "a deduction or bonus that cannot act"),
    Code("K-L0603", _I, Phase.LINT, "an uncapped deduction under a total floor"),
    Code("K-L0604", _W, Phase.LINT, "a veto repeating an earlier one (its label or its condition)"),
    Code("K-L0701", _W, Phase.LINT, "the reachable maximum differs from the declared full marks"),
    Code("K-L0702", _W, Phase.LINT, "items' maximum points that do not add up to the form's total"),
    Code("K-L0801", _W, Phase.LINT, "too many KPIs for one person"),
    Code("K-L0802", _W, Phase.LINT, "too many items in a group"),
    Code("K-L0803", _W, Phase.LINT, "too many indicators in all"),
    Code("K-L0804", _W, Phase.LINT, "a weight too small"),
    Code("K-L0805", _W, Phase.LINT, "weights too close together"),
    Code("K-L0806", _W, Phase.LINT, "a cross-department indicator in a front-line scheme"),
    Code("K-L0807", _W, Phase.LINT, "one indicator shared by several schemes with different weights"),
    Code("K-L1001", _W, Phase.LINT, "an aggregate over a value that is always empty"),
    Code("K-L1002", _W, Phase.LINT, "a hidden field that nothing reads"),
    Code("K-L1003", _W, Phase.LINT, "an exclusion that can never apply, or applies to every record"),
    Code("K-L0901", _W, Phase.LINT, "a `# kpi: ignore` comment naming no rule"),
    Code("K-L0902", _W, Phase.LINT, "a `# kpi: ignore` comment that silences nothing"),
    Code("K-L1101", _E, Phase.LINT, "the test blocks reach less of the scheme than the configured minimum"),
)

#: Every diagnostic code, by code.
CODES: dict[str, Code] = {c.code: c for c in _ALL}


def lookup(code: str) -> Code:
    """The registered code.

    Raises:
        KeyError: the code is not registered (a bug: register it here and document it).
    """
    return CODES[code]
