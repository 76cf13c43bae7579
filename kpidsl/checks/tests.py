"""Checks of `test` blocks: inputs given that exist and fit their types, results expected that
exist."""

from __future__ import annotations

from ..i18n import listing
from ..messages import check as msg
from ..suggest import did_you_mean
from ..values import INPUT_TYPES, CellError, coerce, describe, given_cell
from . import Analysis
from .definitions import scale_labels

#: Single-word result fields a test may expect.
TEST_FIELDS = ("total", "total_exact", "base_score", "deductions", "bonuses", "grade", "bonus_eligible", "vetoed", "error",
               "excluded")

#: Per-item result fields a test may expect (`指标.score`).
ITEM_FIELDS = ("score", "value", "contribution", "skipped")


def check_tests(a: Analysis) -> None:
    inputs = {i.name: i for i in a.scheme.inputs}
    items = {i.name for i in a.indicators} | {g.name for g in a.groups}
    fields = {f.name for f in a.scheme.fields if not f.hidden}
    tests = list(a.scheme.tests) + list(a.program.module.tests)
    names: set[str] = set()
    for tc in tests:
        if tc.name in names:
            a.bag.error("K-E0101", msg.test_twice(name=tc.name), tc.span)
        names.add(tc.name)
        for g in tc.given:
            inp = inputs.get(g.name)
            if inp is None:
                a.bag.error("K-E0102", msg.test_not_input(test=tc.name, name=g.name), g.span,
                            did_you_mean(g.name, inputs))
                continue
            t = INPUT_TYPES.get(inp.type_name)
            if t is not None and g.value.value is not None:
                try:
                    value = coerce(given_cell(g.value.value, g.value.text, inp.type_name == "percent"), t,
                                   points=inp.as_points is not None)
                except CellError as exc:
                    a.bag.error("K-E0110", msg.test_value_misfit(name=g.name, problem=exc.text), g.value.span)
                    continue
                labels = scale_labels(a, inp)
                if labels is not None and value is not None and value not in labels:
                    a.bag.error("K-E0110", msg.test_value_not_label(name=g.name, value=describe(value), scale=str(inp.labels_from),
                                                                    levels=listing(labels)), g.value.span)
        for e in tc.expects:
            path = e.path
            ok = (len(path) == 1 and (path[0] in TEST_FIELDS or path[0] in fields)) or (
                len(path) == 2 and path[0] in items and path[1] in ITEM_FIELDS
            )
            if not ok:
                if len(path) == 2 and path[0] not in items:
                    hint = did_you_mean(path[0], items)
                elif len(path) == 2:
                    hint = [msg.item_fields(items=", ".join(ITEM_FIELDS))]
                else:
                    hint = did_you_mean(path[0], TEST_FIELDS) or [msg.test_fields(items=", ".join(TEST_FIELDS))]
                a.bag.error("K-E0102", msg.test_unknown_result(test=tc.name, path=".".join(path)), e.span, hint)
