"""The columnar engine's query, ported to the other engines `kpi sql` offers (Spark SQL, PostgreSQL).

The compiler writes one sqlglot tree for DuckDB (the engine it runs on). sqlglot prints most of it
for any dialect, but it keeps each *node's* meaning, not kpidsl's exactness, so a few nodes are
rewritten here before printing, where the engines differ:

- `HUGEINT` (DuckDB's 128-bit integer) is `DECIMAL(38, 0)`: both engines check it for overflow
  (an error, never a wrong number).
- DuckDB's `a // b` on integers (truncating; the Q20 division's one step, `sql._half_up_div`):
  PostgreSQL's `DIV` on NUMERIC is the same. Spark's `DIV` returns a 64-bit BIGINT, too small for
  a Q20 quotient (10^20 units per unit), and its DECIMAL division rounds, so it becomes exact
  DECIMAL(38, 0) arithmetic (`_spark_div`): the remainder `%` is exact, and a division whose
  remainder was subtracted first is an exact integer; the dividend is split in two halves of 19
  digits so that each quotient fits the 20 integer digits Spark gives a DECIMAL(38, 0) quotient.
  The divisor must stay below 10^19 (a denominator below 5 x 10^18 units of its last place);
  beyond it the query stops with an overflow error.
- `trunc(x)` of a decimal (Spark's `trunc` is for dates): `x - x % 1`. `TRY_CAST` (reading a
  date cell: an impossible date is NULL, and its row goes to kpidsl) stays `TRY_CAST` in Spark
  (sqlglot would print `CAST`, an error in ANSI mode); PostgreSQL has none, so a scheme reading
  dates from text cells is not offered there.
- `regexp_full_match` (RE2) becomes `RLIKE` (Java) or `~` (PostgreSQL ARE) with the pattern made
  to mean the same there (`_pattern`); `contains(x, chr(0))` is false in PostgreSQL (its text
  cannot hold NUL).
- A row number with no order is `monotonically_increasing_id()` in Spark (it only orders output).

Spark's DECIMAL rules need two session settings (`SETTINGS`), which the printed query states and
checks (`guard`): `spark.sql.decimalOperations.allowPrecisionLoss = false` (otherwise the sum of two
DECIMAL(38, 20) values is rounded to 19 places, and a product to 6) and `spark.sql.ansi.enabled =
true` (otherwise an overflow is NULL instead of an error, and a comparison of two wide decimals can
silently read NULL); the query is a chain of one layer per step of the scheme, more than Spark's
analyzer resolves in its default 100 rounds, hence `spark.sql.analyzer.maxIterations` (a missing
one is a plain error). PostgreSQL's NUMERIC is exact with no setting.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator

from sqlglot import exp

from ..messages import engine as msg
from .sql import Unsupported, cast

#: The dialects `kpi sql` offers: each one's query is run by a test on the examples
#: (tests/columnar/test_sql.py, test_sql_spark.py, test_sql_postgres.py).
DIALECTS = ("duckdb", "spark", "postgres")

#: Session settings a dialect's query needs, printed before it.
SETTINGS: dict[str, tuple[str, ...]] = {
    "duckdb": (),
    "spark": ("SET spark.sql.ansi.enabled = true", "SET spark.sql.decimalOperations.allowPrecisionLoss = false",
              "SET spark.sql.analyzer.maxIterations = 1000"),
    "postgres": (),
}

_INTEGER = exp.DataType.build("DECIMAL(38, 0)")
#: Half of a 38-digit dividend: 10^19.
_HALF = 19


def row_number(dialect: str) -> exp.Expr:
    """An expression numbering the input rows in their order (only the output's order reads it)."""
    if dialect == "spark":
        return exp.Anonymous(this="monotonically_increasing_id", expressions=[])
    return exp.Window(this=exp.RowNumber())


def guard(dialect: str) -> exp.Expr | None:
    """A condition that is true when the session has `SETTINGS`, and stops the query otherwise."""
    if dialect != "spark":
        return None
    wide = exp.DataType.build("DECIMAL(38, 20)")
    one = exp.Literal.string("1")
    exact_sum = exp.EQ(this=exp.func("typeof", exp.Add(this=cast(one, wide), expression=cast(one, wide))),
                       expression=exp.Literal.string("decimal(38,20)"))
    # In ANSI mode a string added to an integer is read as BIGINT; otherwise as DOUBLE.
    ansi = exp.EQ(this=exp.func("typeof", exp.Add(this=one, expression=exp.Literal.number(1))), expression=exp.Literal.string("bigint"))
    message = ("kpidsl: run this query after " + " and ".join(SETTINGS["spark"][:2])
               + " (without them Spark DECIMAL arithmetic rounds or turns overflows into NULL)")
    stop = exp.Anonymous(this="raise_error", expressions=[exp.Literal.string(message)])
    return exp.Case().when(exp.and_(exact_sum, ansi), exp.true()).else_(stop)


def port(tree: exp.Expr, dialect: str) -> exp.Expr:
    """`tree` (the DuckDB query) rewritten for `dialect` (see the module docstring).

    Raises:
        Unsupported: the query needs something the dialect has no exact form for.
    """
    if dialect == "duckdb":
        return tree
    tree = tree.copy()  # the compiler shares subtrees (a value read twice); a copy makes each node one place
    if dialect == "spark":
        _carry_live_columns(tree)
    names = itertools.count(1)  # of the values `_let` binds
    # Children before parents (reversed pre-order), so a rewritten node is built from rewritten parts.
    for node in reversed(list(tree.walk())):
        new = _rewrite(node, dialect, names)
        if new is not node:
            if node is tree:
                tree = new
            else:
                node.replace(new)
    return tree


def _rewrite(node: exp.Expr, dialect: str, names: Iterator[int]) -> exp.Expr:
    if isinstance(node, exp.DataType) and node.is_type(exp.DataType.Type.INT128):
        return _INTEGER.copy()
    if isinstance(node, exp.RegexpFullMatch):
        pattern = node.expression
        assert isinstance(pattern, exp.Literal)
        return exp.RegexpLike(this=node.this, expression=exp.Literal.string(_pattern(pattern.name, dialect)))
    if isinstance(node, exp.Contains) and dialect == "postgres":
        if isinstance(node.expression, exp.Chr):
            return exp.false()
        return exp.GT(this=exp.StrPosition(this=node.this, substr=node.expression), expression=exp.Literal.number(0))
    if isinstance(node, exp.TryCast) and dialect == "postgres":
        raise Unsupported(msg.no_try_cast())
    if dialect == "spark":
        if isinstance(node, exp.TryCast):
            node.set("safe", True)  # sqlglot prints a TryCast as CAST for Spark unless told it must be safe
        if isinstance(node, exp.Trunc) and node.args.get("decimals") is None:
            return exp.Sub(this=exp.Paren(this=node.this.copy()), expression=exp.Mod(this=exp.Paren(this=node.this), expression=exp.Literal.number(1)))
        if isinstance(node, exp.IntDiv):
            return _spark_div(node.this, node.expression, names)
    return node


def _pattern(pattern: str, dialect: str) -> str:
    """A DuckDB (RE2) full-match pattern as a search pattern with the same matches in Java
    (Spark) or PostgreSQL: anchored at both ends (Java's `$` also matches before a final line
    break, `\\z` does not), RE2's `\\s` spelled out (Java's has `\\v`, PostgreSQL's follows the
    locale), and PostgreSQL's `\\uXXXX` for RE2's `\\x{XX}`."""
    core = pattern.removeprefix("^").removesuffix("$")
    core = core.replace(r"\s", r"\t\n\f\r ")
    if dialect == "postgres":
        core = re.sub(r"\\x\{([0-9a-fA-F]{1,4})\}", lambda m: r"\u" + m.group(1).rjust(4, "0"), core)
        return f"^(?:{core})$"
    return f"^(?:{core})\\z"


def _spark_div(a: exp.Expr, b: exp.Expr, names: Iterator[int]) -> exp.Expr:
    """DuckDB's `a // b` (truncated toward zero) in exact Spark DECIMAL(38, 0) arithmetic. Each
    operand is bound once (`_let`): the formula reads them several times, and written out in full
    a quotient of quotients would grow the query geometrically."""
    return _let(a, names, lambda a_: _let(b, names, lambda b_: exp.Mul(
        this=_int(exp.Mul(this=exp.func("sign", a_()), expression=exp.func("sign", b_()))),
        expression=exp.Paren(this=_floor_div(exp.Abs(this=a_()), exp.Abs(this=b_()), names)))))


def _let(value: exp.Expr, names: Iterator[int], body: Callable[[Callable[[], exp.Expr]], exp.Expr]) -> exp.Expr:
    """`body` over `value` computed once: `element_at(transform(array(value), v -> body(v)), 1)`,
    Spark's way to name a value inside an expression (`body` gets a maker of references to it)."""
    name = f"kpi_{next(names)}"
    lam = exp.Lambda(this=body(lambda: exp.column(name)), expressions=[exp.to_identifier(name)])
    return exp.Anonymous(this="element_at", expressions=[exp.Transform(this=exp.Array(expressions=[value]), expression=lam),
                                                          exp.Literal.number(1)])


def _int(e: exp.Expr) -> exp.Expr:
    return cast(e, _INTEGER)


def _exact_div(x: exp.Expr, y: exp.Expr) -> exp.Expr:
    """floor(x / y) for x >= 0, y > 0 below 10^20: the division of x less its remainder is exact."""
    whole = exp.Sub(this=exp.Paren(this=x.copy()), expression=exp.Mod(this=exp.Paren(this=x), expression=exp.Paren(this=y.copy())))
    return _int(exp.Div(this=exp.Paren(this=whole), expression=exp.Paren(this=y)))


def _floor_div(x: exp.Expr, y: exp.Expr, names: Iterator[int]) -> exp.Expr:
    """floor(x / y) for x >= 0 below 10^38 and 0 < y below 10^19, as two exact divisions of at most
    20-digit quotients: x = hi * 10^19 + lo, x // y = (hi // y) * 10^19 + ((hi % y) * 10^19 + lo) // y."""
    half = _int(exp.Literal.string(str(10**_HALF)))
    shift = cast(exp.Literal.string(f"{10**-_HALF:.{_HALF}f}"), exp.DataType.build(f"DECIMAL({_HALF}, {_HALF})"))
    top = _int(exp.Floor(this=exp.Mul(this=exp.Paren(this=x.copy()), expression=shift)))

    def split(hi: Callable[[], exp.Expr]) -> exp.Expr:
        lo = exp.Sub(this=exp.Paren(this=x), expression=exp.Mul(this=hi(), expression=half.copy()))
        rest = exp.Add(this=exp.Mul(this=exp.Mod(this=hi(), expression=exp.Paren(this=y.copy())), expression=half.copy()),
                       expression=exp.Paren(this=lo))
        return exp.Add(this=exp.Mul(this=_exact_div(hi(), y.copy()), expression=half.copy()), expression=_exact_div(rest, y))

    return _let(top, names, split)


def _carry_live_columns(tree: exp.Expr) -> None:
    """Each layer of the query (`WITH l1 AS (SELECT *, ... FROM l0)`) selects, instead of `*`, only
    the columns a later layer or the result reads. Spark's analyzer is quadratic in the depth and
    width of the chain: carrying every column through 35-63 layers took it twice as long to plan."""
    with_ = tree.find(exp.With)
    if with_ is None:
        return
    layers = [cte.this for cte in with_.expressions]
    live = {c.name for c in tree.find_all(exp.Column) if c.find_ancestor(exp.CTE) is None}  # the result reads them
    defined: list[set[str]] = [{e.alias_or_name for e in layer.expressions if not isinstance(e, exp.Star)} for layer in layers]
    # Every column a layer reads resolves below it (the query is valid), so what is live and not
    # made by a layer comes through it from below; the first layer (the typing stage) is left whole.
    for i in range(len(layers) - 1, 0, -1):
        layer = layers[i]
        reads = {c.name for e in layer.expressions for c in e.find_all(exp.Column)}
        carried = sorted(live - defined[i])
        if layer.expressions and isinstance(layer.expressions[0], exp.Star):
            layer.set("expressions", [exp.column(n, quoted=True) for n in carried] + layer.expressions[1:])
        live = reads | set(carried)
