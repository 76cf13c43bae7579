"""`kpi eval`'s options beyond the files and the output, shared by the whole-data run
(`cli_eval.py`) and the streamed one (`streaming.py`)."""

from __future__ import annotations

from typing import NamedTuple


class EvalOptions(NamedTuple):
    """`kpi eval`'s options beyond the files and the output."""

    encoding: str | None
    sheet: str | None
    period: str | None
    id_column: str | None
    columns: str | None
    headers: str
    by: tuple[str, ...] | None
    explain_ids: tuple[str, ...]
    verbose: bool
    overrides_path: str | None
    record_path: str | None
    engine: str = "auto"
    level: str | None = None  # `--level`: one row per employee and period of this unit
    quiet: bool = False  # `-q`: no run summary and no "wrote N records" line (warnings and errors still print)
    csv_formulas: str = "quote"  # `--csv-formulas`: a CSV text cell starting a formula gets a `'` (quote) or not (keep)
