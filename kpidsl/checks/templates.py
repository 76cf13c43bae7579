"""Checks of templates in a module of definitions: each template checked as a scheme using it
would see it (names, kinds, params), and its examples' inputs and expectations."""

from __future__ import annotations

from .. import nodes as n
from ..errors import Diagnostic, Severity
from ..loader import Program
from ..messages import check as msg
from ..messages.common import did_you_mean
from ..suggest import suggest
from ..templates import expand, synthetic_scheme
from . import analyse


def check_templates(program: Program) -> list[Diagnostic]:
    """Check each template defined in a module as a scheme using it would: names, kinds, params."""
    out: list[Diagnostic] = []
    for d in program.module.definitions:
        if not isinstance(d, n.TemplateDef):
            continue
        expanded, problems = expand(synthetic_scheme(program, d))
        analysis = analyse(expanded, problems)
        for diag in analysis.bag.sorted():
            if diag not in out and diag.code not in ("K-W0101",):
                out.append(diag)
        _check_template_tests(d, out)
    return out


#: What a template's example (a `test` block inside the template) may expect.
EXAMPLE_FIELDS = ("score", "value", "skipped", "error")


def _check_template_tests(template: n.TemplateDef, out: list[Diagnostic]) -> None:
    inputs = {i.name for i in template.inputs}
    for tc in template.tests:
        for g in tc.given:
            if g.name not in inputs:
                hint = suggest(g.name, inputs)
                out.append(Diagnostic("K-E0102", msg.example_not_input(test=tc.name, name=g.name, template=template.name),
                                      g.span, Severity.ERROR, (did_you_mean(name=hint),) if hint else ()))
        for e in tc.expects:
            if len(e.path) != 1 or e.path[0] not in EXAMPLE_FIELDS:
                out.append(Diagnostic("K-E0102", msg.example_unknown_result(test=tc.name, path=".".join(e.path)), e.span,
                                      Severity.ERROR))
