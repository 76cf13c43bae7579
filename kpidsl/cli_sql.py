"""The work of `kpi sql` (cli.py keeps the options): the query, or with `--show-columns` which
column of the input table feeds which input; a scheme the query cannot express is K-E0190."""

from __future__ import annotations

from . import ir
from .errors import KpiError
from .messages import engine as engine_msg


def sql_text(scheme_path: str, scheme: ir.Scheme, dialect: str, table: str, places: int, by: str, show_columns: bool) -> str:
    """What `kpi sql` prints.

    Raises:
        KpiError: K-E0190, the scheme uses something the query cannot express.
    """
    from .columnar.export import header, query
    from .columnar.sql import Unsupported

    if show_columns:
        from tabulate import tabulate

        rows = [[spec.name, header(spec, by), spec.type.name] for spec in scheme.inputs]
        heads = [engine_msg.col_input(), engine_msg.col_column(), engine_msg.col_type()]
        return tabulate(rows, headers=heads, disable_numparse=True) + "\n"
    try:
        return query(scheme, table, places, dialect, by)
    except Unsupported as exc:
        from .engines import not_covered

        reason = not_covered(scheme) or exc.reason  # every rule, aggregate, exclusion by name
        raise KpiError.single("K-E0190", engine_msg.sql_cannot(path=scheme_path, reason=reason), None,
                              [engine_msg.sql_cannot_hint()]) from None
