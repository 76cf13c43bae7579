"""The rule pages of `docs/lint.md`, read from the copy shipped inside the package.

`kpi lint --explain`, SARIF's rule descriptions and `helpUri` all come from this one text, so
what the command prints and what the documentation says cannot drift apart. A page is the section
under `### K-L0101 ladder-gap` up to the next heading; its first bold sentence is the summary.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..prebuilt import dataclass
from ..resources import docs_dir

_HEADING = re.compile(r"^### (K-L\d{4}) ([a-z0-9-]+)\s*$", re.M)
_SUMMARY = re.compile(r"\*\*(Error|Warning|Info): (.+?)\*\*", re.S)


@dataclass(frozen=True, slots=True)
class RulePage:
    """One rule's documentation."""

    code: str
    name: str
    severity: str  # as the page states it: error | warning | info
    summary: str
    text: str  # the whole section, heading included, as Markdown
    anchor: str

    @property
    def heading(self) -> str:
        return f"{self.code} {self.name}"


def lint_doc_path() -> Path:
    return docs_dir() / "lint.md"


def rule_pages(path: Path | None = None) -> dict[str, RulePage]:
    """Every rule page, by code."""
    text = (path or lint_doc_path()).read_text(encoding="utf-8")
    heads = list(_HEADING.finditer(text))
    pages: dict[str, RulePage] = {}
    for m in heads:
        body = _section(text[m.end():])
        summary = _SUMMARY.search(body)
        code, name = m.group(1), m.group(2)
        sev, line = (summary.group(1).lower(), " ".join(summary.group(2).split())) if summary else ("", "")
        pages[code] = RulePage(code, name, sev, line, (m.group(0) + body).strip() + "\n", anchor(f"{code} {name}"))
    return pages


def _section(rest: str) -> str:
    """The text up to the next heading, skipping `#` lines inside code blocks."""
    out = []
    fenced = False
    for line in rest.splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,3} ", line):
            break
        out.append(line)
    return "".join(out)


def anchor(heading: str) -> str:
    """The fragment Markdown renderers (GitHub's) give a heading: `k-l0101-ladder-gap`."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def help_uri(page: RulePage, path: Path | None = None) -> str:
    """Where a person reads the page: the shipped lint.md, at the rule's heading."""
    return f"{(path or lint_doc_path()).resolve().as_uri()}#{page.anchor}"


def explain(token: str) -> str:
    """`kpi lint --explain`: the page of the rule a code or name stands for, or the entry of any
    other code kpidsl reports (a syntax error, a check, a data error: people paste the code the
    output showed them).

    Raises:
        LookupError: no code or rule is called that (the message says the nearest one).
    """
    from ..codes import CODES
    from ..messages import lint as msg
    from . import registry

    info = registry.rule(token)
    if info is None:
        code = CODES.get(token.strip().upper())
        if code is not None:
            return _code_entry(code.code)
        near = registry.suggest_rule(token)
        text = msg.no_such_rule(rule=token)
        raise LookupError(msg.no_such_rule_near(message=text, near=near) if near else text)
    page = rule_pages()[info.code]
    return f"{page.text}\nDefault severity: {info.severity.value}. Name: {info.name}. Page: {help_uri(page)}\n"


def _code_entry(token: str) -> str:
    """A code that is not a lint rule: its row of the documentation's table, what kind of finding it
    is, and the shipped page that documents it."""
    from ..codes import CODES, Phase
    from ..messages import common
    from ..messages import lint as msg

    code = CODES[token]
    where, _, fragment = code.doc.partition("#")
    page = docs_dir() / Path(where).name
    uri = page.resolve().as_uri() + (f"#{fragment}" if fragment else "") if page.is_file() else code.doc
    kind = msg.code_kind_check() if code.phase in (Phase.SYNTAX, Phase.CHECK, Phase.IMPORT) else msg.code_kind_other()
    return msg.code_entry(code=code.code, phase=code.phase.value, severity={"error": common.error, "warning": common.warning}.get(code.severity.value, common.info)(), title=code.title, kind=kind, page=uri) + "\n"
