"""`kpi sql`: one query that computes a scheme's results from a table of inputs, for a client who
keeps the data in a warehouse. The tree is the one the columnar engine runs; sqlglot prints it.

The input table has one text column per input (a staging table loaded from the client's export),
named by the input's label, the header of the scheme's data files (`by="label"`, what an export
carries), or by the input's name (`by="name"`); `header` says which column feeds which input (`kpi
sql --show-columns`). Numbers may have up to `places` decimal places. The query returns, per row, the
id (when the scheme names one), the published total, the exact total, the base score, deductions,
bonuses, the grade, bonus eligibility, each item's score, each veto (true where it fired), and
`needs_kpidsl`: true for a row the SQL does not decide on its own (a cell in a form it does not
read, a division by zero or a missing value without an outcome, a value in no tier, an id the
table uses more than once): run `kpi eval` (or `kpi explain`) on those rows for their result or
their error.

Only the dialects a test runs the query on are offered (`dialects.DIALECTS`); the tree is written
for DuckDB and ported node by node to the others (`dialects.port`), and a query that needs session
settings states them first (`dialects.SETTINGS`) and stops when they are missing (`dialects.guard`).
"""

from __future__ import annotations

from sqlglot import exp

from .. import ir
from . import sql
from .dialects import DIALECTS, SETTINGS, guard, port, row_number
from .engine import ROW, Columnar
from .plan import Layout

__all__ = ["BY", "DIALECTS", "header", "query"]

#: How the input table's columns are named: by each input's label (its name when it has none), or
#: by its name.
BY = ("label", "name")


def header(spec: ir.Input, by: str) -> str:
    """The column of the input table that feeds `spec` (see `BY`)."""
    return (spec.label or spec.name) if by == "label" else spec.name


def query(scheme: ir.Scheme, table: str, places: int, dialect: str, by: str = "name") -> str:
    """The query text (see the module docstring).

    Raises:
        Unsupported: the scheme uses something the columnar compiler does not cover.
        ValueError: an unknown dialect or way of naming columns.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"dialect '{dialect}' is not offered; use one of {', '.join(DIALECTS)}")
    if by not in BY:
        raise ValueError(f"columns are named by one of {', '.join(BY)}, not '{by}'")
    engine = Columnar(scheme)
    shape = tuple((i.name, "VARCHAR", places if i.type.kind.value == "number" else 0, False) for i in scheme.inputs)
    columns: dict[str, str | None] = {i.name: i.name for i in scheme.inputs}
    tree, layout = engine.tree(shape, columns, _source(scheme, table, places, by), row_number(dialect))
    outputs = _outputs(scheme, layout)
    final = exp.select(*(exp.alias_(e, name, quoted=True) for name, e in outputs)).from_(exp.Subquery(this=tree, alias="r"))
    check = guard(dialect)
    if check is not None:
        final = final.where(check)
    final = final.order_by(sql.column(ROW))  # the input's order (the id-count window would not keep it)
    settings = "".join(f"{s};\n" for s in SETTINGS[dialect])
    return settings + port(final, dialect).sql(dialect, pretty=True) + ";\n"


#: A cell the typing stage reads as nothing (not blank, no number): the row goes to kpidsl.
_UNREADABLE = "#"


def _source(scheme: ir.Scheme, table: str, places: int, by: str) -> exp.Expr:
    """The input table, its columns read by `header` and renamed as the inputs, each number cell with more than `places` decimal places replaced by a
    cell the typing stage cannot read, so that its row is marked `needs_kpidsl`: the query reads
    numbers at `places` places, and casting more would round them."""
    cells: list[exp.Expr] = []
    for spec in scheme.inputs:
        col: exp.Expr = sql.column(header(spec, by))
        if spec.type.kind.value == "number":
            longer = exp.RegexpFullMatch(this=col.copy(), expression=exp.Literal.string(rf"[^.]*\.[0-9]{{{places + 1}}}.*"))
            col = exp.Case().when(exp.Coalesce(this=longer, expressions=[sql.false()]), exp.Literal.string(_UNREADABLE)).else_(col)
        cells.append(exp.alias_(col, spec.name, quoted=True))
    return exp.Subquery(this=exp.select(*cells).from_(exp.to_table(table)), alias="kpi_inputs")


def _outputs(scheme: ir.Scheme, layout: Layout) -> list[tuple[str, exp.Expr]]:
    out: list[tuple[str, exp.Expr]] = []
    if scheme.id_input is not None:
        out.append((scheme.id_input, sql.column(f"in:{scheme.id_input}")))
    out += [("total", sql.column(layout.published)), ("total_exact", sql.column(layout.total)),
            ("base_score", sql.column(layout.base)), ("deductions", sql.column(layout.deductions)),
            ("bonuses", sql.column(layout.bonuses))]
    if layout.grade is not None:
        out.append(("grade", sql.column(layout.grade)))
    out.append(("bonus_eligible", sql.column(layout.eligible)))
    out += [(name, sql.column(layout.items[name].score)) for name in scheme.item_order]
    out += [(label, sql.column(col)) for label, _, _, col in layout.vetoes]  # yes/no per veto, as every output has
    needs: list[exp.Expr] = [sql.column("__bad"), sql.column("__fail")]
    if scheme.id_input is not None:
        # An id used twice: `kpi eval` refuses the file (K-D0208); the query decides neither row,
        # or payroll would pay one person twice (a new-user trial).
        uses = exp.Window(this=exp.Count(this=exp.Star()), partition_by=[sql.column(f"in:{scheme.id_input}")])
        needs.append(exp.GT(this=uses, expression=exp.Literal.number(1)))
    out.append(("needs_kpidsl", sql.or_(*needs)))
    return out
