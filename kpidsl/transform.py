"""Lark parse tree -> typed nodes. One method per grammar rule or alias; no semantics here.

The only judgements made here are ones the grammar cannot express but the shape of a node needs:
a clause given twice in one indicator, a `round` that is not a whole number, `as points` on an
input that is not a percent. Everything about
names, types and weights belongs to `checks.py`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lark import Token, Transformer, v_args
from lark.tree import Meta as LarkMeta

from . import nodes as n
from .errors import KpiSyntaxError
from .messages import syntax as msg
from .numbers import parse_literal
from .source import Span


@dataclass(frozen=True, slots=True)
class _Clause:
    """An indicator/group/adjustment/rater clause before it is folded into its node."""

    key: str
    value: Any
    span: Span


@dataclass(frozen=True, slots=True)
class _Ties:
    keys: tuple[n.SortKey, ...]


@dataclass(frozen=True, slots=True)
class _Signed:
    value: Decimal
    text: str
    span: Span


def _unquote(token: str) -> str:
    body = token[1:-1]
    if "\\" not in body:
        return body
    out = []
    i = 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _ident(token: Token) -> str:
    # NFC so that the same Chinese name typed on two machines compares equal.
    return unicodedata.normalize("NFC", str(token))


def _same(item: Any) -> Any:
    return item


def _clause_method(key: str, read: Callable[[Any], Any]) -> Callable[..., _Clause]:
    """A transformer method for a one-argument clause (`code "..."`, `value <expr>`, ...)."""

    def method(self: ToNodes, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause(key, read(items[0]), self._span(meta))

    return method


@v_args(meta=True)
class ToNodes(Transformer[Token, n.Module]):
    """Builds `nodes.Module` from the tree of one file."""

    def __init__(self, path: str) -> None:
        super().__init__(visit_tokens=False)
        self.file_path = path

    # ------------------------------------------------------------------ spans
    def _span(self, meta: LarkMeta) -> Span:
        if meta.empty:
            return Span(self.file_path, 0, 0, 0, 0)
        return Span(self.file_path, meta.line, meta.column, meta.end_line, meta.end_column)

    def _tok(self, tok: Token) -> Span:
        return Span(
            self.file_path,
            tok.line or 0,
            tok.column or 0,
            tok.end_line or tok.line or 0,
            tok.end_column or tok.column or 0,
        )

    def _label(self, item: Any) -> tuple[str, Span]:
        tok: Token = item
        text = _unquote(tok) if tok.type == "STRING" else _ident(tok)
        return text, self._tok(tok)

    def _fail(self, message: str, span: Span, hint: str | None = None) -> KpiSyntaxError:
        return KpiSyntaxError.single("K-S0002", message, span, [hint] if hint else [])

    # ------------------------------------------------------------------ file level
    def start(self, meta: LarkMeta, items: list[Any]) -> n.Module:
        imports = tuple(i for i in items if isinstance(i, n.Import))
        defs = tuple(i for i in items if isinstance(i, n.Definition))
        schemes = [i for i in items if isinstance(i, n.Scheme)]
        tests = tuple(i for i in items if isinstance(i, n.TestCase))
        if len(schemes) > 1:
            raise self._fail(
                msg.one_scheme_per_file(),
                schemes[1].span,
                msg.one_scheme_per_file_hint(),
            )
        return n.Module(
            self._span(meta),
            self.file_path,
            imports,
            defs,
            schemes[0] if schemes else None,
            tests,
            (),
        )

    def import_all(self, meta: LarkMeta, items: list[Any]) -> n.Import:
        module, is_path = items[0]
        return n.Import(self._span(meta), module, is_path, ())

    def import_from(self, meta: LarkMeta, items: list[Any]) -> n.Import:
        module, is_path = items[0]
        names = tuple((_ident(t), self._tok(t)) for t in items[1:])
        return n.Import(self._span(meta), module, is_path, names)

    def module_path(self, meta: LarkMeta, items: list[Token]) -> tuple[str, bool]:
        return _unquote(items[0]), True

    def module_dotted(self, meta: LarkMeta, items: list[Token]) -> tuple[str, bool]:
        return ".".join(_ident(t) for t in items), False

    # ------------------------------------------------------------------ scheme
    def scheme(self, meta: LarkMeta, items: list[Any]) -> n.Scheme:
        title = _unquote(items[0])
        metas: list[n.Meta] = []
        inputs: list[n.InputDecl] = []
        defs: list[n.Definition] = []
        scored: list[n.Indicator | n.Group] = []
        adjustments: list[n.Adjustment] = []
        vetoes: list[n.Veto] = []
        totals: list[n.Total] = []
        grades: list[n.Grade] = []
        tests: list[n.TestCase] = []
        population: list[n.PopulationRule] = []
        data: list[n.DataOptions] = []
        for item in items[1:]:
            if isinstance(item, n.Meta):
                if any(m.key == item.key for m in metas):
                    raise self._fail(msg.meta_twice(key=item.key), item.span)
                metas.append(item)
            elif isinstance(item, n.InputDecl):
                inputs.append(item)
            elif isinstance(item, (n.Indicator, n.Group)):
                scored.append(item)
            elif isinstance(item, n.PopulationRule):
                population.append(item)
            elif isinstance(item, n.Definition):
                defs.append(item)
            elif isinstance(item, n.Adjustment):
                adjustments.append(item)
            elif isinstance(item, n.Veto):
                vetoes.append(item)
            elif isinstance(item, n.Total):
                totals.append(item)
            elif isinstance(item, n.Grade):
                grades.append(item)
            elif isinstance(item, n.TestCase):
                tests.append(item)
            elif isinstance(item, n.DataOptions):
                data.append(item)
        if len(totals) > 1:
            raise self._fail(msg.statement_twice(statement="total"), totals[1].span)
        if len(grades) > 1:
            raise self._fail(msg.statement_twice(statement="grade"), grades[1].span)
        if len(data) > 1:
            raise self._fail(msg.data_block_twice(), data[1].span)
        return n.Scheme(
            self._span(meta),
            title,
            tuple(metas),
            tuple(inputs),
            tuple(defs),
            tuple(scored),
            tuple(adjustments),
            tuple(vetoes),
            totals[0] if totals else None,
            grades[0] if grades else None,
            tuple(tests),
            tuple(population),
            data[0] if data else None,
        )

    def data_block(self, meta: LarkMeta, items: list[Any]) -> n.DataOptions:
        drops = [c.span for c in items if c.key == "drop_summary_rows"]
        if len(drops) > 1:
            raise self._fail(msg.drop_twice(), drops[1])
        return n.DataOptions(self._span(meta), drops[0] if drops else None)

    def data_drop_summary_rows(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("drop_summary_rows", True, self._span(meta))

    def _meta(self, meta: LarkMeta, key: str, value: str | Decimal) -> n.Meta:
        return n.Meta(self._span(meta), key, value)

    def meta_version(self, meta: LarkMeta, items: list[Token]) -> n.Meta:
        return self._meta(meta, "version", _unquote(items[0]))

    def meta_description(self, meta: LarkMeta, items: list[Token]) -> n.Meta:
        return self._meta(meta, "description", _unquote(items[0]))

    def meta_owner(self, meta: LarkMeta, items: list[Token]) -> n.Meta:
        return self._meta(meta, "owner", _unquote(items[0]))

    def meta_period(self, meta: LarkMeta, items: list[Token]) -> n.Meta:
        return self._meta(meta, "period", _ident(items[0]))

    def meta_id(self, meta: LarkMeta, items: list[Token]) -> n.Meta:
        return self._meta(meta, "id", _ident(items[0]))

    def meta_round(self, meta: LarkMeta, items: list[Token]) -> n.Meta:
        return self._meta(meta, "round", Decimal(self._places(items[0])))

    def meta_full_marks(self, meta: LarkMeta, items: list[Any]) -> n.Meta:
        signed: _Signed = items[0]
        return self._meta(meta, "full_marks", signed.value)

    def _places(self, tok: Token) -> int:
        text = str(tok)
        if not text.isdigit() or int(text) > 12:
            raise self._fail(
                msg.bad_places(text=text),
                self._tok(tok),
            )
        return int(text)

    # ------------------------------------------------------------------ inputs
    def input_decl(self, meta: LarkMeta, items: list[Any]) -> n.InputDecl:
        name_tok, type_tok = items[0], items[1]
        label: str | None = None
        aliases: list[str] = []
        rng: n.Condition | None = None
        default: n.Expr | None = None
        optional = False
        as_points: Span | None = None
        for clause in items[2:]:
            c: _Clause = clause
            if c.key == "label":
                label = c.value
            elif c.key == "alias":
                aliases.extend(c.value)
            elif c.key == "range":
                rng = c.value
            elif c.key == "default":
                default = c.value
            elif c.key == "optional":
                optional = True
            elif c.key == "as_points":
                as_points = c.span
        if as_points is not None and _ident(type_tok) != "percent":
            raise self._fail(msg.as_points_not_percent(input=_ident(name_tok), type=_ident(type_tok)), as_points,
                             msg.as_points_not_percent_hint())
        return n.InputDecl(
            self._span(meta),
            _ident(name_tok),
            self._tok(name_tok),
            _ident(type_tok),
            self._tok(type_tok),
            label,
            tuple(aliases),
            rng,
            default,
            optional,
            as_points,
        )

    def input_label(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("label", _unquote(items[0]), self._span(meta))

    def input_alias(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("alias", [_unquote(t) for t in items], self._span(meta))

    def input_range(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("range", items[0], self._span(meta))

    def input_default(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("default", self._literal_expr(items[0]), self._span(meta))

    def input_optional(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("optional", True, self._span(meta))

    def input_as_points(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("as_points", True, self._span(meta))

    def _literal_expr(self, item: Any) -> n.Expr:
        if isinstance(item, _Signed):
            return n.Number(item.span, item.value, item.text)
        tok: Token = item
        span = self._tok(tok)
        if tok.type == "STRING":
            return n.String(span, _unquote(tok))
        return n.Bool(span, tok.type == "TRUE")

    # ------------------------------------------------------------------ definitions
    def const_def(self, meta: LarkMeta, items: list[Any]) -> n.ConstDef:
        return n.ConstDef(self._span(meta), _ident(items[0]), self._tok(items[0]), items[1])

    def ladder_def(self, meta: LarkMeta, items: list[Any]) -> n.LadderDef:
        return n.LadderDef(self._span(meta), _ident(items[0]), self._tok(items[0]), tuple(items[1:]))

    def tier(self, meta: LarkMeta, items: list[Any]) -> n.Tier:
        return n.Tier(self._span(meta), items[0], self._tier_result(items[1]))

    def _tier_result(self, item: Any) -> n.Expr:
        if isinstance(item, _Signed):
            return n.Number(item.span, item.value, item.text)
        if isinstance(item, Token):
            if item.type == "STRING":
                return n.String(self._tok(item), _unquote(item))
            return n.Name(self._tok(item), _ident(item))
        expr: n.Expr = item
        return expr

    def scale_def(self, meta: LarkMeta, items: list[Any]) -> n.ScaleDef:
        return n.ScaleDef(self._span(meta), _ident(items[0]), self._tok(items[0]), tuple(items[1:]))

    def level(self, meta: LarkMeta, items: list[Any]) -> n.Level:
        label, _ = self._label(items[0])
        numbers = [i for i in items[1:] if isinstance(i, _Signed)]
        notes = [_unquote(i) for i in items[1:] if isinstance(i, Token) and i.type == "STRING"]
        low = numbers[0].value
        high = numbers[1].value if len(numbers) > 1 else low
        if high < low:
            raise self._fail(
                msg.level_upside_down(label=label, low=numbers[0].text, high=numbers[1].text),
                self._span(meta),
                msg.level_upside_down_hint(low=numbers[0].text, high=numbers[1].text),
            )
        return n.Level(self._span(meta), label, low, high, notes[0] if notes else None)

    def bands_def(self, meta: LarkMeta, items: list[Any]) -> n.BandsDef:
        return n.BandsDef(self._span(meta), _ident(items[0]), self._tok(items[0]), tuple(items[1:]))

    def band(self, meta: LarkMeta, items: list[Any]) -> n.Band:
        label, _ = self._label(items[0])
        return n.Band(self._span(meta), label, items[1])

    # ------------------------------------------------------------------ conditions
    def _interval(self, meta: LarkMeta, items: list[Any], lo: bool, hi: bool) -> n.Interval:
        return n.Interval(self._span(meta), self._bound(items[0]), self._bound(items[1]), lo, hi)

    def interval_cc(self, meta: LarkMeta, items: list[Any]) -> n.Interval:
        return self._interval(meta, items, True, True)

    def interval_co(self, meta: LarkMeta, items: list[Any]) -> n.Interval:
        return self._interval(meta, items, True, False)

    def interval_oc(self, meta: LarkMeta, items: list[Any]) -> n.Interval:
        return self._interval(meta, items, False, True)

    def interval_oo(self, meta: LarkMeta, items: list[Any]) -> n.Interval:
        return self._interval(meta, items, False, False)

    def comparison(self, meta: LarkMeta, items: list[Any]) -> n.Comparison:
        return n.Comparison(self._span(meta), str(items[0]), self._bound(items[1]))

    def otherwise(self, meta: LarkMeta, items: list[Any]) -> n.Otherwise:
        return n.Otherwise(self._span(meta))

    def _bound(self, item: Any) -> n.Bound:
        if isinstance(item, n.Bound):
            return item
        signed: _Signed = item
        return n.Bound(signed.span, signed.value, None, False, signed.text)

    def bound_name(self, meta: LarkMeta, items: list[Token]) -> n.Bound:
        return n.Bound(self._span(meta), None, _ident(items[0]), False, str(items[0]))

    def bound_neg_name(self, meta: LarkMeta, items: list[Token]) -> n.Bound:
        return n.Bound(self._span(meta), None, _ident(items[1]), True, "-" + str(items[1]))

    def signed_number(self, meta: LarkMeta, items: list[Token]) -> _Signed:
        number = items[-1]
        value = parse_literal(str(number))
        text = str(number)
        if len(items) == 2:
            value, text = -value, "-" + text
        return _Signed(value, text, self._span(meta))

    # ------------------------------------------------------------------ indicators and groups
    def weight(self, meta: LarkMeta, items: list[Any]) -> n.Weight:
        signed: _Signed = items[0]
        return n.Weight(self._span(meta), signed.value, signed.text)

    def indicator(self, meta: LarkMeta, items: list[Any]) -> n.Indicator:
        return self._indicator_node(meta, items[0], items[1:])

    def template_ref(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("template", _ident(items[0]), self._tok(items[0]))

    def param_def(self, meta: LarkMeta, items: list[Any]) -> n.Param:
        return n.Param(self._span(meta), _ident(items[0]), self._tok(items[0]), items[1])

    def template_def(self, meta: LarkMeta, items: list[Any]) -> n.TemplateDef:
        name_tok = items[0]
        inputs = tuple(i for i in items[1:] if isinstance(i, n.InputDecl))
        tests = tuple(i for i in items[1:] if isinstance(i, n.TestCase))
        rest = [i for i in items[1:] if not isinstance(i, (n.InputDecl, n.TestCase))]
        body = self._indicator_node(meta, name_tok, rest)
        return n.TemplateDef(self._span(meta), body.name, body.name_span, body, inputs, tests)

    def _indicator_node(self, meta: LarkMeta, name_tok: Token, rest: list[Any]) -> n.Indicator:
        template: _Clause | None = None
        if rest and isinstance(rest[0], _Clause) and rest[0].key == "template":
            template, rest = rest[0], rest[1:]
        weight = None
        if rest and isinstance(rest[0], n.Weight):
            weight, rest = rest[0], rest[1:]
        params: list[n.Param] = []
        clauses: dict[str, _Clause] = {}
        for clause in rest:
            if isinstance(clause, n.Param):
                if any(p.name == clause.name for p in params):
                    raise self._fail(msg.param_twice(param=clause.name, indicator=_ident(name_tok)), clause.span)
                params.append(clause)
                continue
            c: _Clause = clause
            if c.key in clauses:
                raise self._fail(
                    msg.clause_twice(indicator=_ident(name_tok), clause=c.key.replace("_", " ")),
                    c.span,
                    msg.clause_twice_hint(line=clauses[c.key].span.line),
                )
            clauses[c.key] = c

        def get(key: str) -> Any:
            c = clauses.get(key)
            return c.value if c else None

        word_spans = tuple(
            (key, clauses[key].span) for key in ("category", "period", "direction") if key in clauses
        )
        return n.Indicator(
            self._span(meta),
            _ident(name_tok),
            self._tok(name_tok),
            weight,
            get("code"),
            get("category"),
            get("period"),
            get("direction"),
            get("source"),
            get("owner"),
            get("description"),
            get("unit"),
            get("name_en"),
            get("value"),
            get("score"),
            get("on_zero"),
            get("on_missing"),
            get("cap"),
            get("floor"),
            get("round"),
            word_spans,
            template.value if template else None,
            template.span if template else None,
            tuple(params),
            frozenset(clauses) | ({"weight"} if weight is not None else set()),
        )

    ind_code = _clause_method("code", _unquote)
    ind_source = _clause_method("source", _unquote)
    ind_owner = _clause_method("owner", _unquote)
    ind_description = _clause_method("description", _unquote)
    ind_unit = _clause_method("unit", _unquote)
    ind_name_en = _clause_method("name_en", _unquote)
    ind_category = _clause_method("category", _ident)
    ind_period = _clause_method("period", _ident)
    ind_direction = _clause_method("direction", _ident)
    ind_value = _clause_method("value", _same)
    ind_score = _clause_method("score", _same)
    ind_cap = _clause_method("cap", _same)
    ind_floor = _clause_method("floor", _same)

    def ind_on_zero(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("on_zero", self._outcome(meta, items[0]), self._span(meta))

    def ind_on_missing(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("on_missing", self._outcome(meta, items[0]), self._span(meta))

    def _outcome(self, meta: LarkMeta, item: Any) -> n.Outcome:
        if isinstance(item, n.Outcome):
            return item
        return n.Outcome(item.span, "value", item)

    def outcome_skip(self, meta: LarkMeta, items: list[Any]) -> n.Outcome:
        return n.Outcome(self._span(meta), "skip", None)

    def outcome_error(self, meta: LarkMeta, items: list[Any]) -> n.Outcome:
        return n.Outcome(self._span(meta), "error", None)

    def ind_round(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("round", self._places(items[0]), self._span(meta))

    # scoring
    def score_ladder_ref(self, meta: LarkMeta, items: list[Token]) -> n.LadderRef:
        return n.LadderRef(self._span(meta), _ident(items[0]))

    def score_ladder_inline(self, meta: LarkMeta, items: list[Any]) -> n.InlineLadder:
        return n.InlineLadder(self._span(meta), tuple(items))

    def score_scale(self, meta: LarkMeta, items: list[Token]) -> n.ScaleRef:
        return n.ScaleRef(self._span(meta), _ident(items[0]))

    def score_proportional(self, meta: LarkMeta, items: list[Any]) -> n.Proportional:
        return n.Proportional(self._span(meta), items[0], items[1])

    def score_expr(self, meta: LarkMeta, items: list[Any]) -> n.ExprScore:
        return n.ExprScore(self._span(meta), items[0])

    def score_raters(self, meta: LarkMeta, items: list[Any]) -> n.Raters:
        raters = tuple(i for i in items if isinstance(i, n.Rater))
        method, method_span, trim = "mean", None, 1
        missing, missing_span = "exclude", None
        for c in items:
            if isinstance(c, _Clause) and c.key == "method":
                method, trim = c.value
                method_span = c.span
            elif isinstance(c, _Clause) and c.key == "missing":
                missing, missing_span = c.value, c.span
        return n.Raters(self._span(meta), raters, method, method_span, trim, missing, missing_span)

    def rater(self, meta: LarkMeta, items: list[Any]) -> n.Rater:
        weight = items[-1] if isinstance(items[-1], n.Weight) else None
        toks = [t for t in items if isinstance(t, Token)]
        return n.Rater(
            self._span(meta),
            _ident(toks[0]),
            tuple(_ident(t) for t in toks[1:]),
            tuple(self._tok(t) for t in toks[1:]),
            weight,
        )

    def rater_method(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        trim = 1
        if len(items) > 1 and items[1] is not None:
            trim = self._places(items[1])
        return _Clause("method", (_ident(items[0]), trim), self._span(meta))

    def rater_missing(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("missing", _ident(items[0]), self._span(meta))

    def group(self, meta: LarkMeta, items: list[Any]) -> n.Group:
        name_tok = items[0]
        rest = items[1:]
        weight = None
        if rest and isinstance(rest[0], n.Weight):
            weight, rest = rest[0], rest[1:]
        members = tuple(i for i in rest if isinstance(i, (n.Indicator, n.Group)))
        combine, combine_span = "sum", None
        description = code = None
        for c in rest:
            if isinstance(c, _Clause):
                if c.key == "combine":
                    combine, combine_span = c.value, c.span
                elif c.key == "description":
                    description = c.value
                elif c.key == "code":
                    code = c.value
        return n.Group(
            self._span(meta),
            _ident(name_tok),
            self._tok(name_tok),
            weight,
            combine,
            combine_span,
            members,
            description,
            code,
        )

    def group_combine(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("combine", _ident(items[0]), self._span(meta))

    # ------------------------------------------------------------------ adjustments, vetoes
    def _adjustment(self, kind: str, meta: LarkMeta, items: list[Any]) -> n.Adjustment:
        label, _ = self._label(items[0])
        cap = source = source_span = None
        spill = False
        for c in items[2:]:
            if c.key == "cap":
                cap = c.value
            elif c.key == "from":
                source, source_span = c.value
            elif c.key == "spill":
                spill = True
        return n.Adjustment(self._span(meta), kind, label, items[1], cap, source, source_span, spill)

    def deduct(self, meta: LarkMeta, items: list[Any]) -> n.Adjustment:
        return self._adjustment("deduct", meta, items)

    def bonus(self, meta: LarkMeta, items: list[Any]) -> n.Adjustment:
        return self._adjustment("bonus", meta, items)

    def adj_cap(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("cap", items[0], self._span(meta))

    def adj_from(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("from", (_ident(items[0]), self._tok(items[0])), self._span(meta))

    def adj_spill(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("spill", True, self._span(meta))

    def veto(self, meta: LarkMeta, items: list[Any]) -> n.Veto:
        label, _ = self._label(items[0])
        effect: _Clause = items[2]
        return n.Veto(self._span(meta), label, items[1], effect.key, effect.value, effect.span)

    def effect_no_bonus(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("no_bonus", None, self._span(meta))

    def effect_grade(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        label, _ = self._label(items[0])
        return _Clause("grade", label, self._span(meta))

    def total(self, meta: LarkMeta, items: list[Any]) -> n.Total:
        expr = items[0] if items and isinstance(items[0], n.Expr) else None
        cap = floor = None
        for c in items:
            if isinstance(c, _Clause):
                if c.key == "cap":
                    cap = c.value
                else:
                    floor = c.value
        return n.Total(self._span(meta), expr, cap, floor)

    def total_cap(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("cap", items[0], self._span(meta))

    def total_floor(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("floor", items[0], self._span(meta))

    def grade(self, meta: LarkMeta, items: list[Any]) -> n.Grade:
        reads, reads_span = "rounded", None
        if len(items) == 2:
            reads, reads_span = _ident(items[0]), self._tok(items[0])
        body = items[-1]
        if isinstance(body, _Clause):
            return n.Grade(self._span(meta), reads, reads_span, body.value, ())
        return n.Grade(self._span(meta), reads, reads_span, None, tuple(body))

    def grade_ref(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("ref", _ident(items[0]), self._span(meta))

    def grade_inline(self, meta: LarkMeta, items: list[Any]) -> list[n.Band]:
        return list(items)

    # ------------------------------------------------------------------ population rules
    def sort_key(self, meta: LarkMeta, items: list[Any]) -> n.SortKey:
        order = items[1] if len(items) > 1 and items[1] is not None else "desc"
        return n.SortKey(self._span(meta), items[0], order == "desc")

    def order(self, meta: LarkMeta, items: list[Token]) -> str:
        return str(items[0])

    def ties(self, meta: LarkMeta, items: list[Any]) -> _Ties:
        return _Ties(tuple(items))

    def within(self, meta: LarkMeta, items: list[Token]) -> n.Within:
        return n.Within(self._span(meta), tuple(_ident(t) for t in items), tuple(self._tok(t) for t in items))

    def _parts(self, items: list[Any]) -> tuple[tuple[n.SortKey, ...], n.Within | None, list[Any]]:
        ties: tuple[n.SortKey, ...] = ()
        within = None
        rest = []
        for i in items:
            if isinstance(i, _Ties):
                ties = i.keys
            elif isinstance(i, n.Within):
                within = i
            else:
                rest.append(i)
        return ties, within, rest

    def rank_rule(self, meta: LarkMeta, items: list[Any]) -> n.RankRule:
        ties, within, _ = self._parts(items[2:])
        return n.RankRule(self._span(meta), _ident(items[0]), self._tok(items[0]), items[1], ties, within)

    def percentile_rule(self, meta: LarkMeta, items: list[Any]) -> n.PercentileRule:
        _, within, _ = self._parts(items[2:])
        return n.PercentileRule(self._span(meta), _ident(items[0]), self._tok(items[0]), items[1], within)

    def distribute_rule(self, meta: LarkMeta, items: list[Any]) -> n.DistributeRule:
        ties, within, rest = self._parts(items[2:])
        quotas = tuple(i for i in rest if isinstance(i, n.LabelValue))
        opts: dict[str, _Clause] = {}
        for c in rest:
            if isinstance(c, _Clause):
                if c.key in opts:
                    raise self._fail(msg.distribution_option_twice(option=c.key, rule=_ident(items[0])), c.span)
                opts[c.key] = c
        min_group = opts["min_group"].value if "min_group" in opts else (None, None)
        return n.DistributeRule(
            self._span(meta), _ident(items[0]), self._tok(items[0]), items[1], ties, within, quotas,
            opts["rounding"].value if "rounding" in opts else "largest_remainder",
            opts["boundary"].value if "boundary" in opts else "strict",
            min_group[0], min_group[1],
            opts["mode"].value if "mode" in opts else "separate",
            tuple((k, c.span) for k, c in opts.items()),
        )

    def quota(self, meta: LarkMeta, items: list[Any]) -> n.LabelValue:
        label, _ = self._label(items[0])
        signed: _Signed = items[1]
        return n.LabelValue(self._span(meta), label, signed.value, signed.text)

    coef = quota

    def dist_rounding(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("rounding", _ident(items[0]), self._span(meta))

    def dist_boundary(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("boundary", _ident(items[0]), self._span(meta))

    def dist_mode(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("mode", _ident(items[0]), self._span(meta))

    def dist_min_group(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("min_group", (self._places(items[0]) if str(items[0]).isdigit() else 0, _ident(items[1])), self._span(meta))

    def coefficient_rule(self, meta: LarkMeta, items: list[Any]) -> n.CoefficientRule:
        return n.CoefficientRule(self._span(meta), _ident(items[0]), self._tok(items[0]), _ident(items[1]), self._tok(items[1]),
                                 tuple(items[2:]))

    def pool_rule(self, meta: LarkMeta, items: list[Any]) -> n.PoolRule:
        _, within, rest = self._parts(items[3:])
        places = next((c.value for c in rest if isinstance(c, _Clause) and c.key == "places"), 2)
        prorate = next((c.value for c in rest if isinstance(c, _Clause) and c.key == "prorate"), None)
        return n.PoolRule(self._span(meta), _ident(items[0]), self._tok(items[0]), items[1], _ident(items[2]), self._tok(items[2]),
                          within, places, prorate)

    def pool_prorate(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("prorate", items[0], self._span(meta))

    def flag_rule(self, meta: LarkMeta, items: list[Any]) -> n.FlagRule:
        count = self._places(items[2])
        return n.FlagRule(self._span(meta), _ident(items[0]), self._tok(items[0]), items[1], count)

    def rollup_rule(self, meta: LarkMeta, items: list[Any]) -> n.RollupRule:
        weight = items[3] if len(items) == 5 else None
        over: Token = items[-1]
        return n.RollupRule(self._span(meta), _ident(items[0]), self._tok(items[0]), _ident(items[1]), self._tok(items[1]),
                            items[2], _ident(over), self._tok(over), weight)

    def pool_places(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("places", self._places(items[0]), self._span(meta))

    def shares_rule(self, meta: LarkMeta, items: list[Any]) -> n.SharesRule:
        _, within, rest = self._parts(items[3:])
        return n.SharesRule(self._span(meta), _ident(items[0]), self._tok(items[0]), items[1], _ident(items[2]), self._tok(items[2]),
                            within, tuple(rest))

    def share(self, meta: LarkMeta, items: list[Any]) -> tuple[int, Decimal, str, Span]:
        signed: _Signed = items[1]
        return (self._places(items[0]) if str(items[0]).isdigit() else 0, signed.value, signed.text, self._span(meta))

    def normalise_rule(self, meta: LarkMeta, items: list[Any]) -> n.NormaliseRule:
        column: Token = items[2]
        within = n.Within(self._tok(column), (_ident(column),), (self._tok(column),))
        return n.NormaliseRule(self._span(meta), _ident(items[0]), self._tok(items[0]), items[1], within, items[3])

    # ------------------------------------------------------------------ tests
    def test_case(self, meta: LarkMeta, items: list[Any]) -> n.TestCase:
        given: list[n.Given] = []
        expects: list[n.Expect] = []
        for c in items[1:]:
            if c.key == "given":
                given.extend(c.value)
            else:
                expects.extend(c.value)
        return n.TestCase(self._span(meta), _unquote(items[0]), tuple(given), tuple(expects))

    def test_given(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("given", items, self._span(meta))

    def test_expect(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("expect", items, self._span(meta))

    def given(self, meta: LarkMeta, items: list[Any]) -> n.Given:
        return n.Given(self._span(meta), _ident(items[0]), self._test_value(items[1]))

    def expect(self, meta: LarkMeta, items: list[Any]) -> n.Expect:
        return n.Expect(self._span(meta), items[0], self._test_value(items[1]))

    def path(self, meta: LarkMeta, items: list[Token]) -> tuple[str, ...]:
        return tuple(_ident(t) for t in items)

    def missing_value(self, meta: LarkMeta, items: list[Any]) -> n.TestValue:
        return n.TestValue(self._span(meta), None, "missing")

    def _test_value(self, item: Any) -> n.TestValue:
        if isinstance(item, n.TestValue):
            return item
        if isinstance(item, _Signed):
            return n.TestValue(item.span, item.value, item.text)
        tok: Token = item
        span = self._tok(tok)
        if tok.type == "STRING":
            return n.TestValue(span, _unquote(tok), str(tok))
        return n.TestValue(span, tok.type == "TRUE", str(tok))

    # ------------------------------------------------------------------ expressions
    def if_expr(self, meta: LarkMeta, items: list[Any]) -> n.IfExpr:
        return n.IfExpr(self._span(meta), items[0], items[1], items[2])

    def or_chain(self, meta: LarkMeta, items: list[Any]) -> n.Logical:
        return n.Logical(self._span(meta), "or", tuple(items))

    def and_chain(self, meta: LarkMeta, items: list[Any]) -> n.Logical:
        return n.Logical(self._span(meta), "and", tuple(items))

    def not_expr(self, meta: LarkMeta, items: list[Any]) -> n.Not:
        return n.Not(self._span(meta), items[0])

    def compare(self, meta: LarkMeta, items: list[Any]) -> n.Compare:
        return n.Compare(self._span(meta), str(items[1]), items[0], items[2])

    def membership(self, meta: LarkMeta, items: list[Any]) -> n.Membership:
        return n.Membership(self._span(meta), items[0], items[1])

    def arith_chain(self, meta: LarkMeta, items: list[Any]) -> n.Expr:
        # Left-associative fold; the grammar keeps chains flat so long sums do not nest deeply.
        left: n.Expr = items[0]
        for i in range(1, len(items), 2):
            right: n.Expr = items[i + 1]
            span = Span(self.file_path, left.span.line, left.span.col, right.span.end_line, right.span.end_col)
            left = n.Binary(span, str(items[i]), left, right)
        return left

    def neg(self, meta: LarkMeta, items: list[Any]) -> n.Expr:
        operand: n.Expr = items[1]
        if isinstance(operand, n.Number) and not operand.text.startswith("-"):
            return n.Number(self._span(meta), -operand.value, "-" + operand.text)
        return n.Neg(self._span(meta), operand)

    def number(self, meta: LarkMeta, items: list[Token]) -> n.Number:
        return n.Number(self._span(meta), parse_literal(str(items[0])), str(items[0]))

    def string(self, meta: LarkMeta, items: list[Token]) -> n.String:
        return n.String(self._span(meta), _unquote(items[0]))

    def true(self, meta: LarkMeta, items: list[Token]) -> n.Bool:
        return n.Bool(self._span(meta), True)

    def false(self, meta: LarkMeta, items: list[Token]) -> n.Bool:
        return n.Bool(self._span(meta), False)

    def name(self, meta: LarkMeta, items: list[Token]) -> n.Name:
        return n.Name(self._span(meta), _ident(items[0]))

    def attribute(self, meta: LarkMeta, items: list[Token]) -> n.Attribute:
        return n.Attribute(self._span(meta), _ident(items[0]), _ident(items[1]))

    def call(self, meta: LarkMeta, items: list[Any]) -> n.Call:
        args = tuple(a for a in items[1:] if a is not None)
        return n.Call(self._span(meta), _ident(items[0]), args, self._tok(items[0]))
