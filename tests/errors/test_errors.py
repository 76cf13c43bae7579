"""Error messages: golden renderings, and chunked files with inline `# expect: CODE` markers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, check_golden, run_kpi

import kpidsl

HERE = Path(__file__).resolve().parent
GOLDEN_CASES = ["syntax_fullwidth", "syntax_many", "unknown_chinese", "unknown_ascii", "type_error"]


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_rendered_error_golden(name: str, update_goldens: bool) -> None:
    result = run_kpi("lint", f"tests/errors/{name}.kpi", cwd=ROOT)
    assert result.code == 1
    assert "Traceback" not in result.err + result.out
    check_golden(HERE / f"{name}.txt", result.out, update_goldens)


def test_caret_sits_under_the_chinese_name() -> None:
    result = run_kpi("lint", "tests/errors/unknown_chinese.kpi", cwd=ROOT)
    lines = result.out.splitlines()
    src = next(i for i, line in enumerate(lines) if "计划采购单量" in line and "|" in line)
    caret = lines[src + 1]
    # 4 spaces + "value " (6 cells) + 按时完成单数 (12 cells) + " / " (3 cells) = column 25 after "  | "
    prefix = caret.split("| ", 1)[1]
    assert prefix.index("^") == 4 + 6 + 12 + 3
    assert prefix.count("^") == 12  # six wide characters, two cells each
    assert "did you mean '计划采购单数'?" in result.out


def test_ascii_typo_gets_a_suggestion() -> None:
    result = run_kpi("lint", "tests/errors/unknown_ascii.kpi", cwd=ROOT)
    assert "did you mean 'on_time'?" in result.out


def _chunks(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    out, start, buf = [], 1, []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == "---":
            out.append((start, "\n".join(buf)))
            start, buf = number + 1, []
        else:
            buf.append(line)
    out.append((start, "\n".join(buf)))
    return out


CHUNKS = _chunks(HERE / "checks.kpi")


@pytest.mark.parametrize(("start", "text"), CHUNKS, ids=[re.search(r'scheme "([^"]+)"', t).group(1) for _, t in CHUNKS])  # type: ignore[union-attr]
def test_check_chunk(start: int, text: str) -> None:
    expected = set()
    for offset, line in enumerate(text.splitlines()):
        m = re.search(r"# expect: (K-[A-Z]\d{4})", line)
        if m:
            expected.add((m.group(1), offset + 1))
    scheme = kpidsl.loads(text, path="chunk.kpi")
    found = {(d.code, d.span.line) for d in scheme.check() if d.span is not None and d.severity is kpidsl.Severity.ERROR}
    assert expected <= found, f"expected {sorted(expected)}, got {sorted(found)}\n{scheme.render(scheme.check())}"
    assert {c for c, _ in found} == {c for c, _ in expected}, scheme.render(scheme.check())
