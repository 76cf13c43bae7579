"""The lines of `kpi eval`'s CSV output, and what the run summary counts, computed by the engine
from its result columns: no `RecordData`, no Python per cell (`csvrun.py` drives it).

Each output column (`columns.Column`) becomes one SQL expression giving its text exactly as
`report.render_csv` writes it: the display rule of `display.py` (declared places half-up; else the
value as it is, or cut after `SIGNIFICANT` significant digits when it has more than `MAX_PLACES`
decimals, after the snap at 15 places), words in the current language, dates in ISO form, and
text quoted as `csv.writer` quotes it (a comma, a quote or a line break), after a leading `'`
when it would start a spreadsheet formula (`csvguard.py`: `Cells.text`, which also counts them
for `-v`). A column whose values
this module cannot show exactly (a kind it does not know, an unknown result type) raises
`Unshown`: the run is then written record by record, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import ir
from ..columns import Column
from ..csvguard import FORMULA_PATTERN, FORMULA_STARTS
from ..display import MAX_PLACES, SIGNIFICANT
from ..i18n import localize
from ..messages import fallback as fallback_msg
from ..messages import output as words
from ..numbers import SNAP_PLACES
from .plan import Layout


class Unshown(Exception):
    """An output column the engine cannot write exactly; the reason says which."""


#: Every character Python's `str.strip` and `str.split` take for white space.
WHITE = r"[\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def blank(e: str) -> str:
    """The raw cell is missing: NULL, or nothing but white space (`guards._blank`)."""
    return f"({e} IS NULL OR regexp_full_match({e}, '{WHITE}*'))"


def _csv_literal(text: str) -> str:
    """A fixed text as `csv.writer` writes it, as a SQL literal."""
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return lit(text)


def quoted(e: str) -> str:
    """A text cell as `csv.writer` writes it (QUOTE_MINIMAL); NULL is the empty cell."""
    return f"""(CASE WHEN regexp_matches({e}, '[,"\\r\\n]') THEN '"' || replace({e}, '"', '""') || '"' ELSE {e} END)"""


#: The leading `'` of a guarded text cell, as a SQL literal.
QUOTE_MARK = lit("'")


def starts_formula(e: str) -> str:
    """Whether a text starts as a formula would (`csvguard.FORMULA_STARTS`); NULL for NULL."""
    return f"regexp_matches({e}, {lit(FORMULA_PATTERN)})"


def guarded(e: str) -> str:
    """A text cell as `report.render_csv` writes it: a leading `'` when it would start a formula
    (`csvguard.py`), then quoted as `csv.writer` quotes it; NULL is the empty cell."""
    mark = f"(CASE WHEN {starts_formula(e)} THEN {QUOTE_MARK} ELSE '' END)"
    return (f"(CASE WHEN regexp_matches({e}, '[,\"\\r\\n]') THEN '\"' || {mark} || replace({e}, '\"', '\"\"') || '\"' "
            f"ELSE {mark} || {e} END)")


def numeric_scale(t: str) -> int | None:
    """The scale of a DuckDB numeric type (DECIMAL(w,s) -> s, integers -> 0), else None."""
    if t.startswith("DECIMAL("):
        return int(t[len("DECIMAL("):-1].split(",")[1])
    if t in ("BIGINT", "INTEGER", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT"):
        return 0
    return None


def _strip(t: str, scale: int) -> str:
    """The text of a DECIMAL at `scale` without trailing fractional zeros (`85.500` -> `85.5`,
    `3.000` -> `3`): DuckDB writes every decimal place of a scale above 0, so the scale alone
    says whether there is a point (no test per row); one pattern costs less than two trims."""
    return f"regexp_replace({t}, '\\.?0+$', '')" if scale else t


#: Binds an SQL expression read more than once to a column of the layer at a depth (`Let`), or
#: gives it back to be written inline (`inline`).
Bind = Callable[[str, int], str]


def inline(e: str, depth: int) -> str:
    """The expression itself, written where it is read (each reading evaluates it again)."""
    return f"({e})"


class Let:
    """The sub-expressions a cell reads several times, each computed once in a layer below the
    line's SELECT: DuckDB evaluates an expression again at each place a CASE reads it, and the
    cut of a long number read its text some fifteen times (a tenth of a CSV run's time)."""

    def __init__(self) -> None:
        self.layers: list[dict[str, str]] = []
        self.count = 0

    def __call__(self, e: str, depth: int) -> str:
        """A column holding `e`, computed at `depth` (1: over the query's columns; k: over the
        columns of the layers below k as well)."""
        while len(self.layers) < depth:
            self.layers.append({})
        name = f"__let{self.count}"
        self.count += 1
        self.layers[depth - 1][name] = e
        return ident(name)

    def over(self, query: str) -> str:
        """`query` with the layers' columns added."""
        for layer in self.layers:
            query = f"SELECT *, {', '.join(f'{e} AS {ident(name)}' for name, e in layer.items())} FROM ({query})"
        return query


def number_text(e: str, scale: int, places: int | None, at_least: int = 0, let: Bind = inline) -> str:
    """`display.number(value, places, mark=False, at_least=at_least)` of a numeric column."""
    if places is not None:
        shown = f"CAST({e} AS DECIMAL(38, {places}))"
        # Python keeps the sign of a negative value that rounds to zero (-0.04 at 1 place: -0.0).
        return f"(CASE WHEN {e} < 0 AND {shown} = 0 THEN '-' ELSE '' END || CAST({shown} AS VARCHAR))"
    # The snap at 15 places (half-up, as the cast rounds), then the value as it is or cut.
    snap = min(scale, SNAP_PLACES)
    snapped = f"CAST(CAST({e} AS DECIMAL(38, {snap})) AS VARCHAR)"
    below = 0  # layers under the text's (`let`)
    if scale > snap:
        # A quotient's 20 places: its text already has the snapped digits when the places past
        # the 15th are zeros (most rows); cutting that text costs less than the rounding cast's
        # 128-bit division, which only the other rows take (the 1M-row benchmark: 9.1 -> 8.6 s).
        extra = scale - snap
        raw = let(f"CAST({e} AS VARCHAR)", 1)  # DuckDB writes every place of the scale
        snapped = f"(CASE WHEN right({raw}, {extra}) = '{'0' * extra}' THEN left({raw}, length({raw}) - {extra}) ELSE {snapped} END)"
        below = 0 if let is inline else 1
    text = _strip(snapped, snap)
    keep = max(MAX_PLACES, at_least)
    if snap <= keep:
        return text
    text = let(text, 1 + below)
    frac = let(f"split_part({text}, '.', 2)", 2 + below)
    whole = let(f"split_part(ltrim({text}, '-'), '.', 1)", 2 + below)
    sign = f"(CASE WHEN starts_with({text}, '-') THEN '-' ELSE '' END)"
    zeros = f"(length({frac}) - length(ltrim({frac}, '0')))"
    # The first significant digit's exponent decides the places kept: SIGNIFICANT digits in all.
    shown = let(f"CASE WHEN {whole} <> '0' THEN greatest({SIGNIFICANT} - length({whole}), {at_least}, 0) "
                f"ELSE greatest({SIGNIFICANT} + {zeros}, {at_least}) END", 3 + below)
    kept = _strip(f"{whole} || '.' || left({frac}, {shown})", 1)  # a point and at least one place
    cut = f"{sign} || (CASE WHEN {shown} > 0 THEN {kept} ELSE {whole} END)"
    return f"(CASE WHEN length({frac}) <= {keep} THEN {text} ELSE {cut} END)"


def percent_text(e: str, scale: int, places: int | None, let: Bind = inline) -> str:
    """`display.percent(value, places, mark=False)`: the ratio times 100, shown, and `%`."""
    return f"({number_text(f'({e} * CAST(100 AS DECIMAL(3, 0)))', scale, places, let=let)} || '%')"


def _word(e: str, literal: Callable[[str], str] = _csv_literal) -> str:
    """A yes/no cell; `literal` writes each word (as a CSV cell, by default)."""
    return f"(CASE WHEN {e} THEN {literal(localize(words.yes()))} WHEN NOT {e} THEN {literal(localize(words.no()))} END)"


def value_text(e: str, t: str, column: Column, let: Bind = inline, text: Callable[[str], str] = quoted) -> str:
    """One value's cell by the result column's type and the output column's display; `text`
    writes a text value's cell (`Cells.text` guards it as well)."""
    scale = numeric_scale(t)
    if scale is not None:
        if column.percent is not None:
            return percent_text(e, scale, column.percent, let)
        if column.input_type == "percent":
            return percent_text(e, scale, None, let)
        return number_text(e, scale, column.places, column.at_least, let)
    if t == "BOOLEAN":
        return _word(e)
    if t == "DATE":
        return f"strftime({e}, '%Y-%m-%d')"
    if t == "VARCHAR":
        return text(e)
    raise Unshown(fallback_msg.column_of_type(type=t, key=column.key))


class Cells:
    """The SQL of each output column's cell over the engine's result (`layout`, column `types`)."""

    def __init__(self, scheme: ir.Scheme, layout: Layout, types: dict[str, str], input_column: Callable[[str], str],
                 guard: bool = True) -> None:
        self.scheme, self.layout, self.types, self.input_column = scheme, layout, types, input_column
        #: The layers the cells read below the line (`over` adds them to the query).
        self.let = Let()
        #: Whether a text cell that would start a formula gets a leading `'` (`csvguard.py`).
        self.guard = guard
        #: Each guarded text cell's test, for `guarded_count`.
        self.tests: list[str] = []

    def text(self, e: str) -> str:
        """A text cell (`e`: its text, or NULL for the empty cell) as the CSV holds it."""
        if not self.guard:
            return quoted(e)
        self.tests.append(f"coalesce({starts_formula(e)}, false)")
        return guarded(e)

    def words(self, case: Callable[[Callable[[str], str]], str], texts: Sequence[str]) -> str:
        """A cell of fixed words (`case`: their CASE, given how to write each word): CSV literals,
        with no test per row, unless one of `texts` would start a formula."""
        if self.guard and any(t[:1] in FORMULA_STARTS for t in texts):
            return self.text(case(lit))
        return case(_csv_literal)

    def yes_no(self, e: str) -> str:
        """A yes/no cell in the current language."""
        return self.words(lambda literal: _word(e, literal), [localize(words.yes()), localize(words.no())])

    def guarded_count(self) -> str:
        """The SQL of the number of a line's text cells written with a leading `'` (after `line`)."""
        return " + ".join(f"CAST({t} AS INTEGER)" for t in self.tests) or "0"

    def over(self, query: str) -> str:
        """The engine's query with the columns the lines read added (after `line`)."""
        return self.let.over(query)

    def _of(self, col: str, column: Column) -> str:
        t = self.types.get(col)
        if t is None:
            raise Unshown(fallback_msg.no_result_column(key=column.key))
        if t == "BOOLEAN":
            return self.yes_no(ident(col))
        return value_text(ident(col), t, column, self.let, self.text)

    def cell(self, column: Column, id_sql: str) -> str:
        """The SQL text of `column`'s cell (never NULL)."""
        return f"coalesce({self._cell(column, id_sql)}, '')"

    def _cell(self, column: Column, id_sql: str) -> str:
        lay, key = self.layout, column.key
        if column.input_type is not None:
            return self._of(self.input_column(key), column)
        fixed = {"base_score": lay.base, "deductions": lay.deductions, "bonuses": lay.bonuses, "total": lay.published,
                 "total_exact": lay.total, "grade": lay.grade}
        if key == "id":
            return self.text(id_sql)
        if key == "grade" and lay.grade is not None and lay.grade_words and self.types.get(lay.grade) == "VARCHAR":
            grade, known = ident(lay.grade), lay.grade_words  # one of these words (or NULL): no pattern per row
            return self.words(lambda literal: f"(CASE {grade} {' '.join(f'WHEN {lit(w)} THEN {literal(w)}' for w in known)} END)", known)
        if key in fixed:
            col = fixed[key]
            return "NULL" if col is None else self._of(col, column)
        if key == "bonus":
            paid, withheld = localize(words.bonus_paid()), localize(words.bonus_withheld())
            return self.words(lambda literal: f"(CASE WHEN {ident(lay.eligible)} THEN {literal(paid)} ELSE {literal(withheld)} END)",
                              [paid, withheld])
        if key == "vetoes":
            fired = ", ".join(f"CASE WHEN {ident(col)} THEN {lit(label)} END" for label, _, _, col in lay.vetoes)
            return self.text(f"nullif(concat_ws('; ', {fired}), '')") if fired else "NULL"
        item = lay.items.get(key)
        if item is not None:
            return f"(CASE WHEN {ident(item.skipped)} THEN NULL ELSE {self._of(item.score, column)} END)"
        field = dict(lay.fields).get(key)
        if field is not None:
            return self._of(field, column)
        flag = next((col for label, _, _, col in lay.vetoes if label == key), None)
        if flag is not None:
            return self.yes_no(ident(flag))
        raise Unshown(fallback_msg.the_column(key=key))

    def line(self, columns: Sequence[Column], id_sql: str) -> str:
        """The SQL of one CSV line (`\\r\\n` at its end), as `csv.writer` writes the row."""
        cells = [self.cell(c, id_sql) for c in columns]
        if len(cells) == 1:  # csv.writer quotes a row that is one empty field
            cells = [f"(CASE WHEN {cells[0]} = '' THEN '\"\"' ELSE {cells[0]} END)"]
        parts = ", ',', ".join(cells)
        return f"concat({parts}, chr(13) || chr(10))"


