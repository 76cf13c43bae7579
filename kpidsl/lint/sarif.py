"""`kpi lint --format sarif`: SARIF 2.1.0 for code-scanning tools, with each rule's name,
description, default level, page (`help`) and `helpUri` taken from the shipped docs/lint.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Protocol

from ..errors import Diagnostic, Severity
from . import registry
from .docs import RulePage, help_uri, lint_doc_path, rule_pages


class _Report(Protocol):
    """What SARIF needs of a lint report (`LintReport`): its findings."""

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]: ...

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def to_sarif(reports: Sequence[_Report], extra: Sequence[Diagnostic] = ()) -> str:
    """One SARIF log for every file linted in the run."""
    from .. import __version__

    pages = rule_pages()
    diags = [d for r in reports for d in r.diagnostics] + list(extra)
    codes = sorted({d.code for d in diags})
    index = {c: i for i, c in enumerate(codes)}
    results = []
    for d in diags:
        res: dict[str, object] = {"ruleId": d.code, "ruleIndex": index[d.code], "level": _LEVEL[d.severity],
                                  "message": {"text": _message(d)}}
        if d.span is not None:
            res["locations"] = [{"physicalLocation": {
                "artifactLocation": {"uri": d.span.path},
                "region": {"startLine": d.span.line, "startColumn": d.span.col,
                           "endLine": d.span.end_line, "endColumn": d.span.end_col},
            }}]
        results.append(res)
    doc = {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {"name": "kpi lint", "version": __version__,
                                "informationUri": lint_doc_path().resolve().as_uri(),
                                "rules": [_rule(c, pages) for c in codes]}},
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _message(d: Diagnostic) -> str:
    """The finding and its hints, in the current language (the rule metadata stays English: it is
    docs/lint.md)."""
    from ..i18n import localize
    from ..messages.common import hint

    return localize(d.message) + "".join("\n" + hint(text=h) for h in d.hints)


def _rule(code: str, pages: dict[str, RulePage]) -> dict[str, object]:
    page = pages.get(code)
    info = registry.BY_CODE.get(code)
    if page is None or info is None:
        # A check (K-E..., K-S...): no page of its own; the language reference lists them.
        from ..messages.lint import check_description

        return {"id": code, "shortDescription": {"text": check_description(code=code)}}
    return {
        "id": code,
        "name": info.name,
        "shortDescription": {"text": page.summary},
        "fullDescription": {"text": page.summary},
        "help": {"text": page.text, "markdown": page.text},
        "helpUri": help_uri(page),
        "defaultConfiguration": {"level": _LEVEL[info.severity]},
    }
