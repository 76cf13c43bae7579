"""Lark parse tree -> typed nodes. One method per grammar rule or alias; no semantics here.

The only judgements made here are ones the grammar cannot express but the shape of a node needs:
a clause given twice in one indicator, a `round` that is not a whole number, `as points` on an input
that is not a percent. Everything about
names belongs to the resolver (`resolve/`), types and weights to `checks/`. The rules for what
follows the scoring are in `transform_rules.py`, the shared helpers in `transform_base.py`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lark import Token, v_args
from lark.tree import Meta as LarkMeta

from . import nodes as n
from .messages import syntax as msg
from .nodes_options import OverridesOrder
from .numbers import parse_literal
from .source import Span
from .transform_base import _Clause, _clause_method, _ident, _same, _Signed, _unquote
from .transform_rules import RuleNodes


@v_args(meta=True)
class ToNodes(RuleNodes):
    """Builds `nodes.Module` from the tree of one file."""

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
        fields: list[n.FieldDef] = []
        exclusions: list[n.Exclusion] = []
        data: list[n.DataOptions] = []
        orders: list[OverridesOrder] = []
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
            elif isinstance(item, n.FieldDef):
                fields.append(item)
            elif isinstance(item, n.Exclusion):
                exclusions.append(item)
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
            elif isinstance(item, OverridesOrder):
                orders.append(item)
        if len(totals) > 1:
            raise self._fail(msg.statement_twice(statement="total"), totals[1].span)
        if len(grades) > 1:
            raise self._fail(msg.statement_twice(statement="grade"), grades[1].span)
        if len(data) > 1:
            raise self._fail(msg.data_block_twice(), data[1].span)
        if len(orders) > 1:
            raise self._fail(msg.overrides_block_twice(), orders[1].span)
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
            tuple(fields),
            tuple(exclusions),
            data[0] if data else None,
            orders[0] if orders else None,
        )

    def data_block(self, meta: LarkMeta, items: list[Any]) -> n.DataOptions:
        drops = [c.span for c in items if c.key == "drop_summary_rows"]
        if len(drops) > 1:
            raise self._fail(msg.drop_twice(), drops[1])
        return n.DataOptions(self._span(meta), drops[0] if drops else None)

    def data_drop_summary_rows(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("drop_summary_rows", True, self._span(meta))

    def overrides_block(self, meta: LarkMeta, items: list[Any]) -> OverridesOrder:
        before = tuple(x for c in items if c.key == "before" for x in c.value)
        after = tuple(x for c in items if c.key == "after" for x in c.value)
        return OverridesOrder(self._span(meta), before, after)

    def overrides_before(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("before", tuple((_ident(t), self._tok(t)) for t in items), self._span(meta))

    def overrides_after(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("after", tuple((_ident(t), self._tok(t)) for t in items), self._span(meta))

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

    # ------------------------------------------------------------------ inputs
    def input_decl(self, meta: LarkMeta, items: list[Any]) -> n.InputDecl:
        name_tok, type_tok = items[0], items[1]
        label: str | None = None
        aliases: list[str] = []
        rng: n.Condition | None = None
        default: n.Expr | None = None
        optional = False
        as_points: Span | None = None
        column_optional: Span | None = None
        period_from: _Clause | None = None
        labels: _Clause | None = None
        for clause in items[2:]:
            c: _Clause = clause
            if c.key == "label":
                label = c.value
            elif c.key == "alias":
                aliases.extend(c.value)
            elif c.key == "range":
                rng = c.value
            elif c.key == "labels":
                labels = c
            elif c.key == "default":
                default = c.value
            elif c.key == "optional":
                optional = True
            elif c.key == "as_points":
                as_points = c.span
            elif c.key == "column_optional":
                column_optional = c.span
            elif c.key == "period_from":
                period_from = c
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
            column_optional,
            tuple(period_from.value) if period_from is not None else (),
            period_from.span if period_from is not None else None,
            labels.value if labels is not None else None,
            labels.span if labels is not None else None,
        )

    def input_label(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("label", _unquote(items[0]), self._span(meta))

    def input_alias(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("alias", [_unquote(t) for t in items], self._span(meta))

    def input_range(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("range", items[0], self._span(meta))

    def input_labels(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("labels", _ident(items[0]), self._tok(items[0]))  # the scale's name: where errors point

    def input_default(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("default", self._literal_expr(items[0]), self._span(meta))

    def input_optional(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("optional", True, self._span(meta))

    def input_as_points(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("as_points", True, self._span(meta))

    def input_column_optional(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("column_optional", True, self._span(meta))

    def input_from(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("period_from", [_unquote(t) if t.type == "STRING" else _ident(t) for t in items], self._span(meta))

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
        scale: str | None = None
        scale_span = None
        for c in items:
            if isinstance(c, _Clause) and c.key == "method":
                method, trim = c.value
                method_span = c.span
            elif isinstance(c, _Clause) and c.key == "missing":
                missing, missing_span = c.value, c.span
            elif isinstance(c, _Clause) and c.key == "scale":
                if scale is not None:
                    raise self._fail(msg.raters_scale_twice(), c.span)
                scale, scale_span = c.value, c.span
        return n.Raters(self._span(meta), raters, method, method_span, trim, missing, missing_span, scale, scale_span)

    def rater_scale(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("scale", _ident(items[0]), self._tok(items[0]))

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
            trim = self._count(items[1], "method trimmed")
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
