"""The transformer's rules for what follows the scoring: deductions and bonuses, vetoes, the
total and the grade, population rules, and test blocks (`ToNodes` in transform.py inherits them)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lark import Token, v_args
from lark.tree import Meta as LarkMeta

from . import nodes as n
from .messages import syntax as msg
from .source import Span
from .transform_base import _Clause, _ident, _Signed, _Ties, _unquote
from .transform_exprs import ExprNodes


@v_args(meta=True)
class RuleNodes(ExprNodes):
    """Builds the nodes of adjustments, vetoes, total, grade, population rules and tests."""

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

    def effect_unknown(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        raise self._fail(msg.bad_veto_effect(effect=str(items[0])), self._tok(items[0]), msg.bad_veto_effect_hint())

    # ------------------------------------------------------------------ fields, exclusions
    def field_def(self, meta: LarkMeta, items: list[Any]) -> n.FieldDef:
        name_tok, expr = items[0], items[1]
        opts: dict[str, _Clause] = {}
        for c in items[2:]:
            if c.key in opts:
                raise self._fail(msg.field_clause_twice(clause=c.key.replace("_", " "), field=_ident(name_tok)), c.span)
            opts[c.key] = c

        def get(key: str) -> Any:
            c = opts.get(key)
            return c.value if c is not None else None

        return n.FieldDef(self._span(meta), _ident(name_tok), self._tok(name_tok), expr, get("round"), get("percent"),
                          get("label"), bool(get("hidden")), get("on_zero"))

    def field_round(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("round", self._places(items[0]), self._span(meta))

    def field_percent(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("percent", self._places(items[0]), self._span(meta))

    def field_label(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("label", _unquote(items[0]), self._span(meta))

    def field_hidden(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("hidden", True, self._span(meta))

    def field_on_zero(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        item = items[0]
        outcome = item if isinstance(item, n.Outcome) else n.Outcome(item.span, "value", item)
        return _Clause("on_zero", outcome, self._span(meta))

    def exclusion(self, meta: LarkMeta, items: list[Any]) -> n.Exclusion:
        return n.Exclusion(self._span(meta), _unquote(items[0]), items[1])

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
        return _Clause("min_group", (self._count(items[0], "min_group"), _ident(items[1])), self._span(meta))

    def coefficient_rule(self, meta: LarkMeta, items: list[Any]) -> n.CoefficientRule:
        return n.CoefficientRule(self._span(meta), _ident(items[0]), self._tok(items[0]), _ident(items[1]), self._tok(items[1]),
                                 tuple(items[2:]))

    def _pool_options(self, rule: str, rest: list[Any]) -> dict[str, _Clause]:
        opts: dict[str, _Clause] = {}
        for c in rest:
            if isinstance(c, _Clause):
                key = c.key
                if key in opts:
                    raise self._fail(msg.rule_clause_twice(clause="balance/each" if key == "rounding" else key, rule=rule), c.span)
                opts[key] = c
        return opts

    def pool_rule(self, meta: LarkMeta, items: list[Any]) -> n.PoolRule:
        _, within, rest = self._parts(items[3:])
        opts = self._pool_options(_ident(items[0]), rest)
        places = opts["places"].value if "places" in opts else 2
        prorate = opts["prorate"].value if "prorate" in opts else None
        rounding = opts["rounding"].value if "rounding" in opts else None
        return n.PoolRule(self._span(meta), _ident(items[0]), self._tok(items[0]), items[1], _ident(items[2]), self._tok(items[2]),
                          within, places, prorate, rounding)

    def pool_prorate(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("prorate", items[0], self._span(meta))

    def pool_balance(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("rounding", n.ShareRounding(self._span(meta), "balance", _ident(items[0])), self._span(meta))

    def pool_each(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("rounding", n.ShareRounding(self._span(meta), "each", _ident(items[0])), self._span(meta))

    def norm_round(self, meta: LarkMeta, items: list[Token]) -> tuple[str, int, Span]:
        return (_ident(items[0]), self._places(items[1]), self._span(meta))

    def flag_rule(self, meta: LarkMeta, items: list[Any]) -> n.FlagRule:
        count = self._count(items[2], "for N periods")
        return n.FlagRule(self._span(meta), _ident(items[0]), self._tok(items[0]), items[1], count)

    def rollup_rule(self, meta: LarkMeta, items: list[Any]) -> n.RollupRule:
        opts: list[_Clause] = items.pop() if items and isinstance(items[-1], list) else []
        to_date: Span | None = items.pop().span if items and isinstance(items[-1], _Clause) else None
        weight = items[3] if len(items) == 5 else None
        over: Token = items[-1]
        found = {c.key: c for c in opts}
        places = found["round"].value if "round" in found else None
        least = found.get("at_least")
        missing = found.get("missing")
        return n.RollupRule(self._span(meta), _ident(items[0]), self._tok(items[0]), _ident(items[1]), self._tok(items[1]),
                            items[2], _ident(over), self._tok(over), weight, to_date, places,
                            (*least.value, least.span) if least is not None else None,
                            (missing.value, missing.span) if missing is not None else None)

    def to_date(self, meta: LarkMeta, items: list[Any]) -> _Clause:
        return _Clause("to_date", True, self._span(meta))

    def rollup_opts(self, meta: LarkMeta, items: list[_Clause]) -> list[_Clause]:
        return list(items)

    def rollup_round(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("round", self._places(items[0]), self._span(meta))

    def rollup_at_least(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("at_least", (self._count(items[0], "at least"), _ident(items[1])), self._span(meta))

    def rollup_missing(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("missing", _ident(items[0]), self._span(meta))

    def pool_places(self, meta: LarkMeta, items: list[Token]) -> _Clause:
        return _Clause("places", self._places(items[0]), self._span(meta))

    def shares_rule(self, meta: LarkMeta, items: list[Any]) -> n.SharesRule:
        _, within, rest = self._parts(items[3:])
        opts = self._pool_options(_ident(items[0]), rest)
        shares = tuple(r for r in rest if isinstance(r, tuple))
        places = opts["places"].value if "places" in opts else 2
        prorate = opts["prorate"].span if "prorate" in opts else None
        rounding = opts["rounding"].value if "rounding" in opts else None
        return n.SharesRule(self._span(meta), _ident(items[0]), self._tok(items[0]), items[1], _ident(items[2]), self._tok(items[2]),
                            within, shares, places, rounding, prorate)

    def share(self, meta: LarkMeta, items: list[Any]) -> tuple[int, Decimal, str, Span]:
        signed: _Signed = items[1]
        return (self._count(items[0], "shares"), signed.value, signed.text, self._span(meta))

    def normalise_rule(self, meta: LarkMeta, items: list[Any]) -> n.NormaliseRule:
        column: Token = items[2]
        within = n.Within(self._tok(column), (_ident(column),), (self._tok(column),))
        rounding = tuple(items[4:])
        for i, (step, _, span) in enumerate(rounding):
            if any(other == step for other, _, _ in rounding[:i]):
                raise self._fail(msg.rule_clause_twice(clause=f"round {step}", rule=_ident(items[0])), span)
        return n.NormaliseRule(self._span(meta), _ident(items[0]), self._tok(items[0]), items[1], within, items[3], rounding)

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
