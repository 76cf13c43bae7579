"""CSV text cells a spreadsheet would run as a formula (CSV or formula injection), written as text.

Excel, WPS and LibreOffice read a CSV cell whose first character is `=`, `+`, `-` or `@` as a
formula (a tab or a carriage return first does the same in some of them), so a name such as
`=HYPERLINK("http://evil","x")` in the data would become a live link, or run, when HR staff open
the results. As OWASP recommends, every text cell kpidsl writes to a CSV (ids, names, labels,
grades, periods, text inputs and fields, the headers) that starts with one of them is written with
a leading `'`, which spreadsheets take as "this is text" and do not show. Number cells are never
changed: the writer knows each column's type (a negative total `-5.00` is a number), so nothing is
guessed from the text. `kpi eval --csv-formulas keep` writes the text as it is, for programs that
read the file.

Every CSV writer applies this one rule: `report.render_csv` (the whole-data and the record-by-record
runs) through `FormulaGuard`, and `columnar/csvrows.py` (the lines the engine writes) through
`FORMULA_PATTERN`; the tests check that they write the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["FORMULA_PATTERN", "FORMULA_STARTS", "KEEP", "MODES", "QUOTE", "FormulaGuard"]

#: The first characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = frozenset("=+-@\t\r")

#: The same test as an RE2 pattern (DuckDB's `regexp_matches`); the `-` first, as a literal.
FORMULA_PATTERN = "^[-=+@\\t\\r]"

#: `--csv-formulas`: write such a cell with a leading `'` (the default), or as it is.
QUOTE, KEEP = "quote", "keep"
MODES = (QUOTE, KEEP)


class FormulaGuard:
    """One CSV output's guard: writes each text cell safely (`text`) and counts the cells it
    changed (`count`, for `kpi eval -v`). One per output, so that runs never share a count."""

    __slots__ = ("count", "on")

    def __init__(self, mode: str = QUOTE) -> None:
        if mode not in MODES:
            raise ValueError(f"csv formulas: {mode!r} is not one of {', '.join(MODES)}")
        self.on = mode == QUOTE
        self.count = 0

    def text(self, cell: str) -> str:
        """A text cell as it is written: with a leading `'` when it would start a formula."""
        if self.on and cell[:1] in FORMULA_STARTS:
            self.count += 1
            return "'" + cell
        return cell

    def tell(self, err: Callable[[str], None]) -> None:
        """Say (`kpi eval -v`) how many text cells were written with a leading `'`, when any."""
        note = self.note()
        if note is not None:
            err(note)

    def note(self) -> str | None:
        """What `kpi eval -v` says of the cells written with a leading `'`; None when there were none."""
        if not self.count:
            return None
        from .messages import run as msg

        return msg.csv_formulas_quoted(count=self.count)
