"""Reading raw cells into typed inputs inside the engine: the columnar mirror of `values.coerce`.

`cell(spec, raw, raw_type, scale)` is the one function to keep in step with `values.coerce` (and
`data.records.read_value`: ranges and defaults). It reads, in SQL, only the common forms whose
value it can prove equal to `coerce`'s: `95`, ` 3 `, `-1.25`, `1,200`, `95%`, `¥1,200`, `1200元`,
`是`/`否`, `2024-03-31`, integers, doubles (their shortest text, as Python's `repr`), decimals,
booleans and dates. Every other cell, and every cell that breaks its type's rules (a negative
count, a value outside the declared range, a text that is not a level of its input's scale, a
missing required value), marks its row `bad`: the engine reads that row with `values.coerce`
itself, so what is accepted and every message about what is not are exactly the interpreter's (tests/columnar/test_typing.py checks the agreement
with hypothesis).
"""

from __future__ import annotations

from sqlglot import exp

from .. import ir
from ..kinds import Base
from ..messages import engine as msg
from . import sql
from .exprs import holds, literal
from .sql import K, V

#: Raw column types the engine receives (DuckDB type names, as `typeof` gives them, simplified).
NUMERIC_RAW = ("BIGINT", "INTEGER", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER")

#: A plain number, as text: optional spaces, sign, digits with optional thousands commas, decimals.
_NUMBER = r"^ *[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]+)? *$"
_PERCENT = r"^ *[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]+)?% *$"
_MONEY = r"^ *[¥￥]?[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]+)?元? *$"
_DATE = r"^ *([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日? *$"
_TRUE = ("true", "yes", "y", "1", "是", "有", "对", "√", "t")
_FALSE = ("false", "no", "n", "0", "否", "无", "没有", "×", "f")
#: Text kept as written: no whitespace at either end (Python's strip is Unicode-wide) and no
#: ideographic space anywhere (coerce removes those).
_PLAIN_TEXT = r"^[^\s\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{0b}\x{1c}-\x{1f}]([^\x{3000}\n\r]*[^\s\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{0b}\x{1c}-\x{1f}])?$"


def _matches(e: exp.Expr, pattern: str) -> exp.Expr:
    return exp.func("regexp_full_match", e, exp.Literal.string(pattern))


def _digits(e: exp.Expr) -> exp.Expr:
    """The number's text with its decoration removed (spaces, commas, %, ¥, 元)."""
    return exp.RegexpReplace(this=e, expression=exp.Literal.string("[ ,%¥￥元]"), replacement=exp.Literal.string(""),
                             modifiers=exp.Literal.string("g"))


def _text_number(spec: ir.Input) -> str:
    return _MONEY if spec.type.name == "money" else _NUMBER


#: The commonest number cell, `1200` or `-89.27`: read by a cast alone (the general patterns
#: accept it and read the same value), so most cells skip the patterns and the decoration.
_SIMPLE = r"-?[0-9]+(\.[0-9]+)?"


def plain_number(raw: exp.Expr) -> exp.Expr:
    """Whether a text cell is a plain number (`_SIMPLE`); NULL for NULL."""
    return exp.func("regexp_full_match", raw, exp.Literal.string(_SIMPLE))


def places(raw: exp.Expr, raw_type: str) -> exp.Expr:
    """The decimal places a text cell's number has (for the column's scale; 0 when none)."""
    if raw_type != "VARCHAR":
        return exp.Literal.number(0)
    dot = exp.func("strpos", raw, exp.Literal.string("."))
    simple = exp.If(this=exp.GT(this=dot, expression=exp.Literal.number(0)),
                    true=exp.Sub(this=exp.Length(this=raw), expression=dot), false=exp.Literal.number(0))
    return exp.Case(ifs=[exp.If(this=plain_number(raw), true=simple)], default=_decorated_places(raw))


def _decorated_places(raw: exp.Expr) -> exp.Expr:
    digits = _digits(raw)
    frac = exp.func("strpos", digits, exp.Literal.string("."))
    length = exp.Length(this=digits)
    extra = exp.If(this=exp.func("regexp_matches", raw, exp.Literal.string("%")), true=exp.Literal.number(2), false=exp.Literal.number(0))
    return exp.Add(this=exp.If(this=exp.GT(this=frac, expression=exp.Literal.number(0)),
                               true=exp.Sub(this=length, expression=frac), false=exp.Literal.number(0)), expression=extra)


def _number(spec: ir.Input, raw: exp.Expr, raw_type: str, scale: int, simple: exp.Expr | None = None) -> tuple[V, exp.Expr]:
    """(value, readable) of a number cell; `readable` is false where coerce must decide.
    `simple`: whether the text is a plain number, when a layer below has found it."""
    if raw_type.startswith("DECIMAL") or raw_type in NUMERIC_RAW:
        return V(sql.cast(raw, sql.decimal_type(scale)), K.NUM, scale), sql.true()
    if raw_type in ("DOUBLE", "FLOAT"):
        return _double(raw, scale)
    if raw_type != "VARCHAR":
        return sql.null(K.NUM, scale), sql.false()
    pattern = _text_number(spec)
    plain = sql.cast(_digits(raw), sql.decimal_type(scale))
    # A % sign is read only in a percent input; anywhere else `coerce` refuses it (95% in a score
    # column is a mistake, not 0.95), so such a row is left to it.
    value = V(plain, K.NUM, scale)
    readable = _matches(raw, pattern)
    if spec.type.name == "percent":  # (only there: a CASE of the two would widen every number by 2 places)
        percent = _matches(raw, _PERCENT)
        value = sql.case([(percent, V(exp.Mul(this=plain, expression=sql.number("0.01").e), K.NUM, scale + 2))], value)
        readable = sql.or_(readable, percent)
    general = sql.case([(readable, value)], sql.null(K.NUM, value.scale))
    simple = plain_number(raw) if simple is None else simple
    fast = V(sql.cast(raw, sql.decimal_type(value.scale)), K.NUM, value.scale)
    # CASE evaluates a branch only for the rows that take it: the general patterns run on the rest.
    return (V(sql.case([(simple, fast)], general).e, K.NUM, value.scale),
            exp.Case(ifs=[exp.If(this=simple, true=sql.true())], default=readable))


def _plain_percent(spec: ir.Input, raw: exp.Expr, raw_type: str, value: V, readable: exp.Expr) -> tuple[V, exp.Expr]:
    """A percent cell written without a % sign, by the column's convention (`values._plain_percent`):
    `as points` reads 95 as 95%; otherwise a plain number is a ratio, and one beyond ±1 is left to
    `coerce` (which names it: it could be 95% or 9500%)."""
    marked = _matches(raw, _PERCENT) if raw_type == "VARCHAR" else sql.false()
    if spec.as_points:
        return sql.case([(marked, value)], sql.mul(value, sql.number("0.01"))), readable
    ratio = exp.LTE(this=exp.Abs(this=value.e), expression=exp.Literal.number(1))
    return value, sql.and_(readable, sql.or_(marked, exp.Paren(this=ratio)))


#: Significant digits that identify a double: two decimals of at most 15 significant digits never
#: convert to the same double.
_DOUBLE_DIGITS = 15


def _double(raw: exp.Expr, scale: int) -> tuple[V, exp.Expr]:
    """A double as coerce reads it, `Decimal(repr(x))`: the decimal at the column's scale (the
    most places any cell's shortest text has) when it converts back to the same double and has at
    most 15 significant digits (below 10^(15 - scale)): then it is the shortest text's value,
    whatever DuckDB's conversion rounded (no other decimal of 15 digits gives that double)."""
    value = exp.TryCast(this=raw, to=sql.decimal_type(scale))
    back = sql.cast(value, exp.DataType.build("DOUBLE"))
    small = exp.LT(this=exp.Abs(this=raw), expression=exp.Literal.number(str(10 ** max(_DOUBLE_DIGITS - scale, 0))))
    readable = sql.and_(exp.Paren(this=small), exp.EQ(this=back, expression=raw)) if scale < _DOUBLE_DIGITS else sql.false()
    return V(sql.case([(readable, V(value, K.NUM, scale))], sql.null(K.NUM, scale)).e, K.NUM, scale), readable


def _bool(raw: exp.Expr, raw_type: str) -> tuple[V, exp.Expr]:
    if raw_type == "BOOLEAN":
        return V(raw, K.BOOL), sql.true()
    if raw_type in NUMERIC_RAW:
        return V(exp.EQ(this=raw, expression=exp.Literal.number(1)), K.BOOL), exp.In(this=raw, expressions=[exp.Literal.number(0), exp.Literal.number(1)])
    if raw_type != "VARCHAR":
        return sql.null(K.BOOL), sql.false()
    word = exp.Lower(this=exp.Trim(this=raw))
    trues = exp.In(this=word, expressions=[exp.Literal.string(w) for w in _TRUE])
    falses = exp.In(this=word, expressions=[exp.Literal.string(w) for w in _FALSE])
    plain = _matches(raw, r"^ *[^ ]+ *$")
    return V(trues, K.BOOL), sql.and_(plain, sql.or_(trues, falses))


def _date(raw: exp.Expr, raw_type: str) -> tuple[V, exp.Expr]:
    if raw_type == "DATE":
        return V(raw, K.DATE), sql.true()
    if raw_type.startswith("TIMESTAMP"):
        return V(sql.cast(raw, exp.DataType.build("DATE")), K.DATE), sql.true()
    if raw_type != "VARCHAR":
        return sql.null(K.DATE), sql.false()
    parts = [exp.TryCast(this=exp.RegexpExtract(this=raw, expression=exp.Literal.string(_DATE), group=exp.Literal.number(i)),
                         to=exp.DataType.build("INTEGER")) for i in (1, 2, 3)]
    shaped = _matches(raw, _DATE)
    made = exp.TryCast(this=exp.func("concat_ws", exp.Literal.string("-"), *parts), to=exp.DataType.build("DATE"))
    value = exp.If(this=shaped, true=made, false=exp.Null())
    return V(value, K.DATE), sql.and_(shaped, sql.not_null(made))


def _text(raw: exp.Expr, raw_type: str) -> tuple[V, exp.Expr]:
    if raw_type != "VARCHAR":
        return sql.null(K.TEXT), sql.false()
    return V(raw, K.TEXT), sql.and_(_matches(raw, _PLAIN_TEXT), sql.sqlnot(exp.func("contains", raw, exp.func("chr", exp.Literal.number(0)))))


def blank(raw: exp.Expr, raw_type: str) -> exp.Expr:
    """The cell is missing: NULL, or text of nothing but spaces."""
    if raw_type != "VARCHAR":
        return sql.is_null(raw)
    # Spaces only. The pattern costs less than `ltrim(raw, ' ') = ''`, which makes a string
    # (about 0.04 s against 0.06 s per column per 1M cells, DuckDB 2.0).
    return sql.or_(sql.is_null(raw), _matches(raw, " *"))


def cell(spec: ir.Input, raw: exp.Expr | None, raw_type: str, scale: int) -> tuple[V, exp.Expr]:
    """An input's typed value (the default where the cell is empty or the column absent) and the
    condition that marks the row for `values.coerce` (see the module docstring)."""
    target, default = _target(spec, scale)
    if raw is None:
        return default, sql.false() if spec.has_default or spec.optional else sql.true()
    value, readable = _read(spec, raw, raw_type, scale)
    empty = blank(raw, raw_type)
    problems = [sql.and_(sql.sqlnot(empty), sql.sqlnot(exp.Coalesce(this=readable, expressions=[sql.false()]))),
                *_checks(spec, value)]
    if not (spec.has_default or spec.optional):
        problems.append(empty)
    return _filled(spec, empty, default, target, value), _any(problems)


def flagged(spec: ir.Input, raw: exp.Expr | None, raw_type: str, scale: int, name: str,
            below: list[tuple[str, exp.Expr]] | None = None, plain: bool = False) -> tuple[V, list[tuple[str, exp.Expr]], exp.Expr]:
    """`cell` in two layers, for the engine: the value (to select as column `name`) and two flag
    columns to select beside it (whether the cell is filled, and readable), then the condition
    that marks the row, which reads those columns a layer later: no cell is read twice.

    `below`: where given, the tests of a text cell that the value and the flags both read
    (blank; a plain number) are added to it as columns to select a layer below, over the raw
    cells: DuckDB evaluated each where it was written (a third of the typing stage's time).

    `plain`: every cell of this text column of numbers is known to be a plain number (the scale
    probe found it so for the batch: `Columnar._scales`), so no cell is blank and each is read by
    the cast alone: the tests are the constants every row would give, and no pattern runs."""
    target, default = _target(spec, scale)
    if raw is None:
        return default, [], sql.false() if spec.has_default or spec.optional else sql.true()
    empty = blank(raw, raw_type)
    is_plain: exp.Expr | None = None
    if plain and raw_type == "VARCHAR" and spec.type.kind is Base.NUMBER:
        empty, is_plain = sql.false(), sql.true()
    elif below is not None and raw_type == "VARCHAR":
        below.append((f"empty:{name}", empty))
        empty = sql.column(f"empty:{name}")
        if spec.type.kind is Base.NUMBER:
            below.append((f"simple:{name}", plain_number(raw)))
            is_plain = sql.column(f"simple:{name}")
    value, readable = _read(spec, raw, raw_type, scale, is_plain)
    ok, filled = f"ok:{name}", f"filled:{name}"
    flags = [(ok, exp.Coalesce(this=readable, expressions=[sql.false()])), (filled, sql.sqlnot(empty))]
    has, reads = sql.column(filled), sql.column(ok)
    # The value column holds the default where the cell is empty: not checked, as `_fill` does not.
    problems = [sql.and_(has, sql.sqlnot(reads)),
                *(sql.and_(has, exp.Paren(this=c)) for c in _checks(spec, V(sql.column(name), value.kind, value.scale)))]
    if not (spec.has_default or spec.optional):
        problems.append(sql.sqlnot(has))
    return _filled(spec, empty, default, target, value), flags, _any(problems)


def _target(spec: ir.Input, scale: int) -> tuple[K, V]:
    """The input's kind in SQL and its default (NULL without one)."""
    kind = spec.type.kind
    if spec.type.name == "period":
        raise sql.Unsupported(msg.no_periods())
    target = {Base.NUMBER: K.NUM, Base.TEXT: K.TEXT, Base.BOOL: K.BOOL, Base.DATE: K.DATE}.get(kind)
    if target is None:
        raise sql.Unsupported(msg.no_input_kind(kind=str(kind), input=spec.name))
    return target, literal(spec.default, target) if spec.has_default else sql.null(target, scale)


def _read(spec: ir.Input, raw: exp.Expr, raw_type: str, scale: int, simple: exp.Expr | None = None) -> tuple[V, exp.Expr]:
    """The cell's value where it is readable here, and the condition that it is."""
    kind = spec.type.kind
    if kind is Base.NUMBER:
        value, readable = _number(spec, raw, raw_type, scale, simple)
        if spec.type.name == "percent":
            value, readable = _plain_percent(spec, raw, raw_type, value, readable)
        return value, readable
    if kind is Base.BOOL:
        return _bool(raw, raw_type)
    if kind is Base.DATE:
        return _date(raw, raw_type)
    return _text(raw, raw_type)


def _checks(spec: ir.Input, value: V) -> list[exp.Expr]:
    """What a number must also be: not negative, whole, in the declared range; what a text
    limited to a scale's levels must be: one of them (`in 责任心分`)."""
    if spec.labels is not None:
        return [sql.sqlnot(exp.In(this=value.e, expressions=[exp.Literal.string(label) for label in spec.labels]))]
    if spec.type.kind is not Base.NUMBER:
        return []
    out: list[exp.Expr] = []
    if spec.type.non_negative:
        out.append(exp.LT(this=value.e, expression=sql.number("0").e))
    if spec.type.whole:
        out.append(exp.NEQ(this=value.e, expression=exp.func("trunc", value.e)))
    if spec.range is not None:
        out.append(sql.sqlnot(holds(spec.range, value)))
    return out


def _any(problems: list[exp.Expr]) -> exp.Expr:
    return sql.or_(*(exp.Coalesce(this=exp.Paren(this=p), expressions=[sql.false()]) for p in problems))


def _filled(spec: ir.Input, empty: exp.Expr, default: V, target: K, value: V) -> V:
    return sql.case([(empty, default if spec.has_default else sql.null(target, value.scale))], value)
