"""The TextMate grammar of editors/vscode, run by VS Code's own tokenizer (vscode-textmate on
vscode-oniguruma, under node): no invalid token in any shipped file, and every token scoped as the
Pygments lexer classes it, so the two highlighters cannot drift apart.

Needs node and `npm ci` in editors/vscode (`.ci/run` does it when npm is there); skipped otherwise.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

pytest.importorskip("pygments")

from pygments.token import Comment, Error, Keyword, Name, Number, Operator, Punctuation, String, Whitespace

from kpidsl import highlight

VSCODE = ROOT / "editors" / "vscode"
GRAMMAR = VSCODE / "syntaxes" / "kpi.tmLanguage.json"
FILES = sorted([*ROOT.glob("examples/*/scheme.kpi"), *ROOT.glob("stdlib/**/*.kpi"), *ROOT.glob("tests/fmt/cases/*.kpi")])

#: Pygments token type -> the TextMate scope the grammar gives the same text (most specific first).
SCOPES = [
    (Comment, "comment.line"), (String, "string.quoted.double"), (Number, "constant.numeric"),
    (Keyword.Declaration, "storage.type"), (Keyword.Namespace, "keyword.control.import"),
    (Operator.Word, "keyword.operator.logical"), (Keyword.Constant, "constant.language"),
    (Keyword.Type, "support.type"), (Keyword, "keyword.other"), (Name.Builtin, "support.function"),
    (Name.Function, "entity.name.function"), (Name.Variable, "variable.other.declaration"),
    (Name, "variable.other"), (Operator, "keyword.operator"), (Punctuation, "punctuation"), (Error, "invalid"),
]


def _node_tokens(paths: list[Path]) -> list[dict[str, object]]:
    node = shutil.which("node")
    if node is None or not (VSCODE / "node_modules" / "vscode-textmate").is_dir():
        pytest.skip("node and `npm ci` in editors/vscode are needed to run the TextMate grammar")
    out = subprocess.run([node, str(VSCODE / "test" / "tokenize.js"), *map(str, paths)],
                         capture_output=True, text=True, check=True, encoding="utf-8")
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_the_grammar_lists_the_lexers_words() -> None:
    text = GRAMMAR.read_text(encoding="utf-8")
    for word in (*highlight.DECLARATIONS, *highlight.KEYWORDS, *highlight.FUNCTIONS, *highlight.OPERATOR_WORDS):
        assert f"|{word}|" in text or f"({word}|" in text or f"|{word})" in text, word
    assert highlight.FULL_WIDTH in text


def test_no_shipped_file_has_an_invalid_token() -> None:
    node = shutil.which("node")
    if node is None or not (VSCODE / "node_modules").is_dir():
        pytest.skip("node and `npm ci` in editors/vscode are needed to run the TextMate grammar")
    result = subprocess.run([node, str(VSCODE / "test" / "tokenize.js"), "--check", str(ROOT / "examples"), str(ROOT / "stdlib")],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr


def test_textmate_scopes_agree_with_pygments_on_every_file() -> None:
    results = _node_tokens(FILES)
    for path, result in zip(FILES, results, strict=True):
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        lines = result["lines"]
        assert isinstance(lines, list)
        scopes_at: list[list[str]] = []  # the TextMate scopes of every character, line by line
        for line, tokens in zip(text.split("\n"), lines, strict=False):
            row: list[list[str]] = [[] for _ in line]
            for start, end, scopes in tokens:
                for i in range(start, end):
                    row[i] = scopes
            scopes_at.extend([*row, []])  # the newline
        for start, kind, value in highlight.KpiLexer().get_tokens_unprocessed(text):
            if kind in Whitespace or not value.strip():
                continue
            want = next(scope for token, scope in SCOPES if kind in token)
            for i in range(start, start + len(value)):
                if value[i - start] in " \t":
                    continue
                got = scopes_at[i]
                assert any(s.startswith(want) for s in got), f"{path.name}: {value!r} ({kind}) is {got}, not {want}"
