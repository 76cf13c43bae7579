"""The Python code shown in README.md, README.zh-CN.md, docs/api.md and docs/fmt.md runs as written."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT


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
