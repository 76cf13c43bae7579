"""A scheme's record stage compiled from the IR into one SQL query over a table of typed inputs.

The query is a chain of layers (`WITH l1 AS (SELECT *, ... FROM l0), ...`): each step of the IR's
record stage (`scheme.stages`) adds the columns the interpreter would compute for it (an
indicator's value, skip flag, tier and score; a group's score and its members' contributions; the
adjustments, the total, the vetoes, the grade). A column `__fail` is true for every record the
interpreter would stop with an error (a division by zero or a missing value with no outcome, a
value in no tier, every item skipped, ...): the engine evaluates exactly those records with the
interpreter, so their diagnostics (and anything else about them) are the interpreter's own.

`Layout` records which column holds what, for turning result rows back into `RecordData`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from typing import Any

from sqlglot import exp

from .. import ir
from ..messages import engine as msg
from ..prebuilt import dataclass
from . import sql
from .exprs import C, Cond, ExprCompiler, both, either
from .sql import K, Unsupported, V

#: The row number column every input relation carries (results come back in its order).
ROW = "__row"


@dataclass
class ItemCols:
    """The result columns of one indicator or group."""

    name: str
    kind: str
    weight: object
    score: str
    skipped: str
    value: str | None = None
    tier: str | None = None
    reason: str | None = None
    contribution: str | None = None
    weight_applied: str | None = None
    parent: str | None = None


@dataclass
class AdjCols:
    kind: str
    label: str
    amount: str
    uncapped: str
    source: str | None = None
    taken: str | None = None
    spilled: str | None = None
    present: str | None = None  # a deduction `from` an item exists only when the item was scored


@dataclass
class Layout:
    items: dict[str, ItemCols] = field(default_factory=dict)
    adjustments: list[AdjCols] = field(default_factory=list)
    vetoes: list[tuple[str, str, str | None, str]] = field(default_factory=list)  # label, effect, grade, hit column
    base: str = ""
    deductions: str = ""
    bonuses: str = ""
    total: str = ""
    published: str = ""
    grade: str | None = None
    grade_before: str | None = None
    #: Every text the grade column can hold (the bands' labels, the grades vetoes give): a CSV
    #: line writes them as literals, with no test per row (`csvrows.Cells`).
    grade_words: tuple[str, ...] = ()
    eligible: str = ""
    rounded: set[str] = field(default_factory=set)  # columns at a declared rounding (keep their places)
    fields: list[tuple[str, str]] = field(default_factory=list)  # report fields: name, column

    def summary(self) -> list[str]:
        """The columns of a record's fixed results (total, grade, ...): what a bulk caller reads
        as columns, computed without the per-item columns (scores, tiers, reasons)."""
        fixed = [self.published, self.total, self.base, self.deductions, self.bonuses, self.eligible, self.grade,
                 self.grade_before]
        return [c for c in fixed if c]


class Planner:
    """Builds the layers of one scheme's record stage."""

    def __init__(self, scheme: ir.Scheme, inputs: dict[str, V], steps: bool = True) -> None:
        """`steps`: a quotient of small integers is worked out in 64-bit steps, each a column
        (`sql.div`): for DuckDB, which runs the layers as they are written. `kpi sql`'s query
        goes without them: PostgreSQL merges the layers into one expression per column, and the
        steps' columns, each read several times by the next, grew it beyond its memory."""
        if scheme.rules:
            raise Unsupported(msg.no_population_rules(rule=scheme.rules[0].name))
        if scheme.period_input is not None:
            raise Unsupported(msg.no_periods())
        if scheme.aggregates:
            raise Unsupported(msg.no_aggregates(aggregate=scheme.aggregates[0].text))
        if scheme.exclusions:
            raise Unsupported(msg.no_exclusions(reason=scheme.exclusions[0].reason))
        if scheme.staged:
            raise Unsupported(msg.no_stages())
        self.ir = scheme
        self.scope: dict[str, V] = dict(inputs)
        self.layers: list[list[tuple[str, exp.Expr]]] = [[]]
        self.fails: list[exp.Expr] = []
        self.layout = Layout()
        self.exprs = ExprCompiler(self.scope, {t.name: t for t in scheme.tables if t.name is not None}, self.col if steps else None)
        self.cols: dict[str, V] = {}
        self._n = 0

    # ------------------------------------------------------------------ columns
    def col(self, v: V, hint: str = "c") -> V:
        """Put a value in a new column of the current layer; later layers read the column."""
        self._n += 1
        name = f"{hint}_{self._n}"
        # A SELECT may not read a column it defines itself: such an expression starts a layer.
        current = {n for n, _ in self.layers[-1]}
        if current and any(c.name in current for c in v.e.find_all(exp.Column)):
            self.layers.append([])
        self.layers[-1].append((name, v.e))
        found = self.cols[name] = V(sql.column(name), v.kind, v.scale)
        return found

    def flag(self, cond: Cond) -> None:
        if cond is not None:
            self.fails.append(self.col(V(cond, K.BOOL), "f").e)

    def formula(self, f: ir.Formula) -> C:
        return self.exprs(f.expr)

    def required(self, f: ir.Formula, reach: exp.Expr | None = None) -> V:
        """A formula with no outcome of its own: a zero or a missing value fails the record."""
        c = self.formula(f)
        bad = either(c.zero, c.fail, sql.is_null(c.v.e))
        self.flag(bad if reach is None else both(reach, bad))
        return c.v

    def limit(self, f: ir.Formula, reach: exp.Expr | None = None) -> V:
        """A cap or floor: a zero fails the record, a missing value means no limit."""
        c = self.formula(f)
        bad = either(c.zero, c.fail)
        self.flag(bad if reach is None else both(reach, bad))
        return c.v

    def finish(self) -> None:
        """Close the plan: the `__fail` column (any reason the interpreter must take the record)."""
        fail = sql.or_(*self.fails) if self.fails else sql.false()
        self.layers.append([("__fail", fail)])

    def query(self, source: exp.Expr, outputs: Sequence[str] | None = None, order: bool = True) -> exp.Expr:
        """The whole query over `source` (a SELECT of the typed inputs and `__row`): every column
        of every layer, or only `outputs` (the engine then computes only what they need); in
        row order unless `order` is false (a view, ordered by its reader)."""
        ctes: list[tuple[str, exp.Expr]] = [("l0", source)]
        last = "l0"
        for i, layer in enumerate(layer for layer in self.layers if layer):
            body = exp.select("*", *(exp.alias_(e, name, quoted=True, copy=False) for name, e in layer), copy=False).from_(last, copy=False)
            last = f"l{i + 1}"
            ctes.append((last, body))
        wanted = ["*"] if outputs is None else [sql.column(c) for c in outputs]
        select: Any = exp.select(*wanted, copy=False).from_(last, copy=False)
        for name, cte in ctes:
            select = select.with_(name, as_=cte, copy=False)
        out: exp.Expr = select.order_by(ROW, copy=False) if order else select
        return out

