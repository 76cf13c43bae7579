"""The parser pickled whole (`kpidsl/readyparser.py`) reads every text as the parser Lark loads
from its own cache does (the same tree, or the same failure with the same expected terminals),
and a missing, stale or damaged file only means Lark's own cache is read instead."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lark
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark
from lark.exceptions import UnexpectedInput
from lark.parsers.lalr_analysis import Shift

from kpidsl import grammar, readyparser
from kpidsl.resources import grammar_dir

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(p for folder in ("examples", "stdlib", "docs") for p in (ROOT / folder).rglob("*.kpi"))
GRAMMAR = (grammar_dir() / grammar.GRAMMAR_FILE).read_text(encoding="utf-8")
_WORDS = ["score", "value", "input", "->", "{", "}", "%", "100%", "weight", "ladder", "else", "(", ")", ",", ":", "\n"]


@pytest.fixture(scope="module")
def parsers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Lark, Lark]:
    """(Lark's own reading of its cache file, the same parser pickled whole and read back)."""
    folder = tmp_path_factory.mktemp("cache")
    lark_own = grammar.build_parser(GRAMMAR, folder / "p.lark-cache")
    lark_own = grammar.build_parser(GRAMMAR, folder / "p.lark-cache")  # read from Lark's file
    readyparser.write(folder / "p.ready", GRAMMAR, lark_own)
    ready = readyparser.read(folder / "p.ready", GRAMMAR)
    assert ready is not None and ready is not lark_own
    return lark_own, ready


def _outcome(parser: Lark, text: str) -> Any:
    try:
        return parser.parse(text)
    except UnexpectedInput as exc:
        token = getattr(exc, "token", None)
        expected = sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or [])
        return (type(exc).__name__, exc.line, exc.column, token and (token.type, str(token)), expected)


def _interactive(parser: Lark, text: str) -> Iterator[Any]:
    """What error recovery asks the parser: the terminals accepted after each token."""
    ip = parser.parse_interactive(text)
    try:
        for token in ip.iter_parse():
            yield token.type, sorted(ip.accepts())
    except UnexpectedInput as exc:
        yield type(exc).__name__, exc.line, exc.column


def test_the_actions_are_lark_s_own(parsers: tuple[Lark, Lark]) -> None:
    """Lark compares actions by identity (`action is Shift`): they must be the live objects."""
    _, ready = parsers
    actions = {action for row in ready.parser.parser._parse_table.states.values() for action, _ in row.values()}
    assert Shift in actions and all(a is Shift or type(a) is type(Shift) for a in actions)
    assert len({id(a) for a in actions}) == 2


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_reads_the_same(parsers: tuple[Lark, Lark], path: Path) -> None:
    lark_own, ready = parsers
    text = path.read_text(encoding="utf-8")
    assert _outcome(ready, text) == _outcome(lark_own, text)


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(FILES[:30]),
    st.lists(st.tuples(st.floats(0, 1), st.sampled_from(_WORDS)), min_size=1, max_size=3),
)
def test_edited_files_read_and_recover_the_same(parsers: tuple[Lark, Lark], path: Path, edits: list[tuple[float, str]]) -> None:
    lark_own, ready = parsers
    text = path.read_text(encoding="utf-8")
    for where, word in edits:
        at = int(where * len(text))
        text = f"{text[:at]} {word} {text[at:]}"
    assert _outcome(ready, text) == _outcome(lark_own, text)
    assert list(_interactive(ready, text)) == list(_interactive(lark_own, text))


def test_get_parser_writes_then_reads_the_ready_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_CACHE_DIR", str(tmp_path))
    grammar.get_parser.cache_clear()
    try:
        grammar.get_parser()
        assert [p.name.startswith("parser-") for p in tmp_path.glob("*.ready")] == [True]
        grammar.get_parser.cache_clear()

        def refuse(*args: object) -> None:
            raise AssertionError("Lark's cache was read although the ready parser is there")

        monkeypatch.setattr(grammar, "build_parser", refuse)
        assert grammar.get_parser().parse('scheme "s" {\n  input a: score\n  indicator x { score a }\n}\n')
    finally:
        grammar.get_parser.cache_clear()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "other lark", "other code", "other grammar", "unknown reference"])
def test_a_stale_or_damaged_file_is_not_used(parsers: tuple[Lark, Lark], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             damage: str) -> None:
    _, ready = parsers
    path = tmp_path / "p.ready"
    readyparser.write(path, GRAMMAR, ready)
    grammar_text = GRAMMAR
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:1000])
    elif damage == "garbage":
        path.write_bytes(b"not a pickle")
    elif damage == "other lark":
        monkeypatch.setattr(lark, "__version__", "0.0.1")
        readyparser._stamp.cache_clear()
    elif damage == "other code":
        monkeypatch.setattr(readyparser, "_stamp", lambda: ("edited plugins",))
    elif damage == "other grammar":
        grammar_text = GRAMMAR + "\n// edited\n"
    else:
        path.write_bytes(path.read_bytes().replace(b"\x06Reduce", b"\x06Rxduce"))  # the action's global name
    try:
        assert readyparser.read(path, grammar_text) is None
    finally:
        monkeypatch.undo()
        readyparser._stamp.cache_clear()


def test_the_folder_keeps_the_newest_ready_parsers(parsers: tuple[Lark, Lark], tmp_path: Path) -> None:
    _, ready = parsers
    for i in range(readyparser.KEEP + 3):
        old = tmp_path / f"parser-old{i}.ready"
        old.write_bytes(b"x")
        os.utime(old, ns=(i * 10**9, i * 10**9))
    path = readyparser.entry(tmp_path / "parser-abc.lark-cache")
    readyparser.write(path, GRAMMAR, ready)
    left = sorted(p.name for p in tmp_path.glob("*.ready"))
    assert len(left) == readyparser.KEEP and path.name in left and "parser-old0.ready" not in left


def test_an_unwritable_folder_leaves_no_file(parsers: tuple[Lark, Lark], tmp_path: Path) -> None:
    _, ready = parsers
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    readyparser.write(blocker / "p.ready", GRAMMAR, ready)
    assert blocker.read_text() == "not a folder"


def test_actions_are_read_back_as_lark_s_own_objects_and_only_re_modules_are_named(parsers: tuple[Lark, Lark],
                                                                                   tmp_path: Path) -> None:
    """The parser compares actions by identity: a copy of `Shift` would parse nothing."""
    from lark.parsers.lalr_analysis import Reduce, Shift

    _, ready = parsers
    path = tmp_path / "p.ready"
    readyparser.write(path, GRAMMAR, ready)
    assert path.read_bytes().count(b"\x8c\x05Shift") == 1  # the name written once (memoised), not per entry
    loaded = readyparser.read(path, GRAMMAR)
    assert loaded is not None
    actions = {action for row in loaded.parser.parser.parser.parse_table.states.values() for action, _ in row.values()}
    assert actions == {Shift, Reduce} and all(a is Shift or a is Reduce for a in actions)
    with pytest.raises(pickle.UnpicklingError):
        readyparser._module("os")


def test_the_entry_leaves_out_what_parsing_never_reads(parsers: tuple[Lark, Lark]) -> None:
    """Lark's trees of the grammar and its tree builder are not written, and the table's equal
    actions are one object each: a fifth of the entries or fewer."""
    _, ready = parsers
    assert ready.grammar is None and ready._parse_tree_builder is None
    entries = [action for row in ready.parser.parser._parse_table.states.values() for action in row.values()]
    assert len({id(a) for a in entries}) == len(set(entries)) < len(entries) / 5
