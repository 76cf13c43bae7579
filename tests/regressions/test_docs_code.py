"""The Python code shown in README.md, README.zh-CN.md, docs/api.md and docs/fmt.md runs as written."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from kpidsl.errors import KpiSyntaxError
from kpidsl.parser import parse


def _blocks(name: str) -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize("name", ["README.md", "README.zh-CN.md", "docs/api.md", "docs/fmt.md"])
def test_python_blocks_run(name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    blocks = _blocks(name)
    assert blocks
    for code in blocks:
        exec(compile(code, name, "exec"), {})  # documentation code, not scheme input


#: A block the page shows unformatted on purpose is marked with this line just before it.
FMT_OFF = "<!-- kpi fmt: off"


def _scheme_blocks(name: str) -> list[tuple[int, str]]:
    """The code blocks (untagged or `kpi`) that are complete `.kpi` files (a scheme, or top-level
    ladders and constants as the reference shows them), with their line."""
    text = (ROOT / name).read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M):
        before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        body = m.group(2)
        if m.group(1) not in ("", "kpi") or before.startswith(FMT_OFF):
            continue
        try:
            parse(body, "doc.kpi")
        except KpiSyntaxError:
            continue  # a sketch with `...`, a fragment of a block, a shell command: not a file to copy
        out.append((text[: m.start()].count("\n") + 1, body))
    return out


DOC_PAGES = ["README.md", "README.zh-CN.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("name", DOC_PAGES)
def test_every_complete_scheme_in_the_docs_is_fmt_clean(name: str) -> None:
    """A scheme copied from the docs passes `kpi fmt --check` (a new user's trial: the README's
    excerpt and the reference's ladders did not)."""
    from kpidsl.fmt import format_text

    for line, body in _scheme_blocks(name):
        assert format_text(body, f"{name}:{line}") == body, f"{name}:{line}: not in kpi fmt's layout (run kpi fmt on it)"


def test_the_docs_have_complete_schemes_to_check() -> None:
    assert _scheme_blocks("README.md") and _scheme_blocks("docs/language.md")
