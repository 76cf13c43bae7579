"""The parser cache: a hit skips building the grammar, a miss or a stale file rebuilds and rewrites
it, and an unusable cache (read-only, missing, not a folder, corrupt) never fails a run.

Most tests use a two-rule grammar so they stay fast; one builds the real grammar through the cache.
"""

from __future__ import annotations

import os
from pathlib import Path

import lark.lark
import pytest

from kpidsl import grammar
from kpidsl.grammar import build_parser, cache_dir, cache_file

TINY = """
start: NAME "=" NUMBER
NAME: /[a-z]+/
NUMBER: /[0-9]+/
%ignore " "
"""

OTHER = TINY.replace('"="', '":"')


def _no_grammar_building(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make building from the grammar text fail, so only a cache hit can produce a parser."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the grammar was built although the cache holds it")

    monkeypatch.setattr(lark.lark, "load_grammar", refuse)


def test_miss_writes_the_cache_and_a_hit_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sub" / "dir" / "p.lark-cache"  # the folder is created on the first run
    first = build_parser(TINY, path)
    assert path.is_file() and first.parse("ab = 12") is not None
    _no_grammar_building(monkeypatch)
    second = build_parser(TINY, path)
    assert second.parse("ab = 12") == first.parse("ab = 12")


def test_a_changed_grammar_gets_another_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_CACHE_DIR", str(tmp_path))
    a, b = cache_file(TINY), cache_file(OTHER)
    assert a is not None and b is not None and a != b and a.parent == b.parent == tmp_path


def test_a_stale_file_is_rebuilt_and_rewritten(tmp_path: Path) -> None:
    """A file written for another grammar (or another lark or Python version) under this name is
    detected by lark's own hash check: the parser follows the grammar given, and the file is
    rewritten for it."""
    path = tmp_path / "p.lark-cache"
    build_parser(OTHER, path)
    stale = path.read_bytes()
    parser = build_parser(TINY, path)
    assert parser.parse("ab = 12") is not None
    with pytest.raises(lark.exceptions.UnexpectedInput):
        parser.parse("ab : 12")
    assert path.read_bytes() != stale


@pytest.mark.parametrize("content", [b"", b"garbage\n", b"\x80\x04\x95 truncated pickle"])
def test_a_corrupt_file_is_rebuilt(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "p.lark-cache"
    path.write_bytes(content)
    assert build_parser(TINY, path).parse("ab = 12") is not None
    assert path.read_bytes() != content


def test_an_unwritable_cache_is_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    """A read-only cache folder (simulated: tests often run as root, who may write anywhere)."""
    real_open = lark.lark.FS.open

    def read_only(name: str, mode: str = "r", **kwargs: object) -> object:
        if "w" in mode:
            raise PermissionError(13, "Read-only file system", name)
        return real_open(name, mode, **kwargs)

    monkeypatch.setattr(lark.lark.FS, "open", staticmethod(read_only))
    path = tmp_path / "p.lark-cache"
    assert build_parser(TINY, path).parse("ab = 12") is not None
    assert not path.exists()
    out, err = capfd.readouterr()
    assert out == err == ""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write to a read-only folder")
def test_a_read_only_folder_is_silent(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert build_parser(TINY, folder / "p.lark-cache").parse("ab = 12") is not None
        assert not (folder / "p.lark-cache").exists()
    finally:
        folder.chmod(0o755)
    assert capfd.readouterr().err == ""


def test_a_cache_folder_that_cannot_exist_is_silent(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert build_parser(TINY, blocker / "kpidsl" / "p.lark-cache").parse("ab = 12") is not None
    assert build_parser(TINY, tmp_path).parse("ab = 12") is not None  # the cache path is a folder
    assert capfd.readouterr().err == ""


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KPI_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "kpidsl"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "kpidsl"
    monkeypatch.setenv("KPI_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("KPI_CACHE_DIR", "")
    assert cache_dir() is None and cache_file(TINY) is None


def test_the_real_grammar_round_trips_through_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped grammar, built once into a fresh cache, then loaded from it: the loaded parser
    reads a scheme and still names the terminals that syntax errors describe."""
    monkeypatch.setenv("KPI_CACHE_DIR", str(tmp_path))
    text = (grammar.grammar_dir() / grammar.GRAMMAR_FILE).read_text(encoding="utf-8")
    path = cache_file(text)
    assert path is not None
    build_parser(text, path)
    assert path.is_file()
    _no_grammar_building(monkeypatch)
    parser = build_parser(text, path)
    tree = parser.parse('scheme "s" {\n  input a: score\n  indicator x { score a }\n}\n')
    assert tree is not None
    assert parser.get_terminal("NUMBER").pattern is not None
