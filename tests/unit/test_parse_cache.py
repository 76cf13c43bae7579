"""The parse cache (`kpidsl/parsecache.py`): a file read again unchanged gives the very nodes the
parser gives, without parsing; anything else (another text, another path, other code, a damaged
entry, a syntax error, no cache folder) parses, and no cache problem ever fails a run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kpidsl
from kpidsl import parsecache, parser
from kpidsl.errors import KpiSyntaxError

ROOT = Path(__file__).resolve().parent.parent.parent
SHIPPED = sorted([*ROOT.glob("examples/**/*.kpi"), *ROOT.glob("stdlib/**/*.kpi"), *ROOT.glob("benchmarks/*.kpi")])

TEXT = 'scheme "S" {\n  input a: number\n  indicator A weight 100% { score a }\n}\n'


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KPI_CACHE_DIR", str(tmp_path))
    return tmp_path / "parsed"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the real parser was called for."""
    calls: list[str] = []
    real = parser.parse

    def counting(text: str, path: str = "<string>") -> object:
        calls.append(path)
        return real(text, path)

    monkeypatch.setattr(parser, "parse", counting)
    return calls


def test_a_file_read_again_is_not_parsed_again(cache: Path, parses: list[str]) -> None:
    first = parsecache.parse_file(TEXT, "a.kpi")
    again = parsecache.parse_file(TEXT, "a.kpi")
    assert parses == ["a.kpi"] and again == first and len(list(cache.iterdir())) == 1


def test_another_path_or_text_is_parsed(cache: Path, parses: list[str]) -> None:
    """Nodes carry their file's path in every span, so the same text elsewhere is another entry."""
    a = parsecache.parse_file(TEXT, "a.kpi")
    b = parsecache.parse_file(TEXT, "b.kpi")
    c = parsecache.parse_file(TEXT.replace("input a", "input b").replace("score a", "score b"), "a.kpi")
    assert parses == ["a.kpi", "b.kpi", "a.kpi"]
    assert a.path == a.span.path == "a.kpi" and b.path == b.span.path == "b.kpi" and c != a


def test_texts_not_from_a_file_are_never_cached(cache: Path, parses: list[str]) -> None:
    parsecache.parse(TEXT, "<string>")
    parsecache.parse(TEXT, "<string>")
    kpidsl.loads(TEXT)
    assert len(parses) == 3 and not cache.exists()


def test_an_entry_of_other_code_is_not_used(cache: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """An edited kpidsl (a development checkout) must not read nodes pickled by the code before."""
    parsecache.parse_file(TEXT, "a.kpi")
    monkeypatch.setattr(parsecache, "code_stamp", lambda: ("another", "kpidsl"))
    parsecache.parse_file(TEXT, "a.kpi")
    assert parses == ["a.kpi", "a.kpi"]


def test_colliding_file_names_only_miss(cache: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The file name is a CRC; the entry's own text and path decide."""
    monkeypatch.setattr(parsecache, "_entry_path", lambda text, path: cache / "same.pickle")
    a = parsecache.parse_file(TEXT, "a.kpi")
    b = parsecache.parse_file(TEXT.replace('"S"', '"T"'), "a.kpi")
    assert parses == ["a.kpi", "a.kpi"] and b != a and b.scheme is not None and b.scheme.title == "T"


@pytest.mark.parametrize("content", [b"", b"garbage", b"\x80\x05\x95 truncated pickle", b"\x80\x04N."])
def test_a_damaged_entry_is_parsed_again_and_replaced(cache: Path, parses: list[str], content: bytes) -> None:
    first = parsecache.parse_file(TEXT, "a.kpi")
    (entry,) = cache.iterdir()
    entry.write_bytes(content)
    assert parsecache.parse_file(TEXT, "a.kpi") == first and parses == ["a.kpi", "a.kpi"]
    assert parsecache.parse_file(TEXT, "a.kpi") == first and len(parses) == 2  # rewritten


def test_syntax_errors_are_never_cached(cache: Path) -> None:
    bad = TEXT.replace("weight 100%", "weight")
    for _ in range(2):
        with pytest.raises(KpiSyntaxError) as info:
            parsecache.parse_file(bad, "bad.kpi")
        span = info.value.diagnostics[0].span
        assert span is not None and span.path == "bad.kpi"
    assert not cache.exists()


def test_no_cache_folder_means_no_cache(monkeypatch: pytest.MonkeyPatch, parses: list[str]) -> None:
    monkeypatch.setenv("KPI_CACHE_DIR", "")
    parsecache.parse_file(TEXT, "a.kpi")
    parsecache.parse_file(TEXT, "a.kpi")
    assert parses == ["a.kpi", "a.kpi"]


def test_a_cache_folder_that_cannot_be_written_is_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capfd: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KPI_CACHE_DIR", str(blocker))
    assert parsecache.parse_file(TEXT, "a.kpi").scheme is not None
    assert capfd.readouterr() == ("", "")


def test_the_folder_keeps_at_most_max_entries(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsecache, "MAX_ENTRIES", 8)
    for i in range(20):
        parsecache.parse_file(TEXT, f"f{i}.kpi")
        os.utime(next(p for p in cache.iterdir() if p.name == parsecache._entry_path(TEXT, f"f{i}.kpi").name),  # type: ignore[union-attr]
                 ns=(i * 10**9, i * 10**9))
    names = sorted(p.name for p in cache.iterdir())
    assert len(names) <= 8 and not any(p.suffix == ".tmp" for p in cache.iterdir())
    assert parsecache._entry_path(TEXT, "f19.kpi").name in names  # type: ignore[union-attr]  # the newest stay
    assert parsecache._entry_path(TEXT, "f0.kpi").name not in names  # type: ignore[union-attr]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_reads_back_as_parsed(cache: Path, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parsed = parser.parse(text, str(path))
    assert parsecache.parse_file(text, str(path)) == parsed  # written
    assert parsecache.parse_file(text, str(path)) == parsed  # read back


def test_a_scheme_loaded_twice_evaluates_the_same(cache: Path, parses: list[str]) -> None:
    scheme_path = ROOT / "examples" / "purchasing_manager" / "scheme.kpi"
    first = kpidsl.load(scheme_path)
    n = len(parses)
    again = kpidsl.load(scheme_path)
    assert len(parses) == n  # the scheme and its stdlib module came from the cache
    assert again.ir == first.ir


def test_kpidsl_files_that_cannot_be_listed_mean_no_cache(cache: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Imported from a zip file, kpidsl cannot stamp its code: it parses every time."""

    def unlistable() -> tuple[object, ...]:
        raise NotADirectoryError(20, "Not a directory", "kpidsl.zip/kpidsl")

    monkeypatch.setattr(parsecache, "code_stamp", unlistable)
    parsecache.parse_file(TEXT, "a.kpi")
    parsecache.parse_file(TEXT, "a.kpi")
    assert parses == ["a.kpi", "a.kpi"] and not cache.exists()


def test_a_write_that_fails_half_way_leaves_no_file(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk that fills up mid-write (it happened on the CI machine) leaves no temporary file."""
    real = Path.write_bytes

    def half(self: Path, data: bytes) -> int:
        real(self, data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", half)
    assert parsecache.parse_file(TEXT, "a.kpi").scheme is not None
    assert list(cache.iterdir()) == []


def test_a_full_folder_is_pruned_an_eighth_at_a_time(tmp_path: Path) -> None:
    """Over `keep` files, the oldest go until an eighth fewer remain, so the files' times are read
    once in keep/8 writes; at or under `keep`, nothing is removed."""
    from kpidsl.usercache import store

    for i in range(16):
        old = tmp_path / f"e{i:02d}.pickle"
        old.write_bytes(b"x")
        os.utime(old, ns=(i * 10**9, i * 10**9))
    store(tmp_path / "new.pickle", b"y", "*.pickle", 16)
    left = {p.name for p in tmp_path.glob("*.pickle")}
    assert len(left) == 14 and "new.pickle" in left and not left & {"e00.pickle", "e01.pickle", "e02.pickle"}
    store(tmp_path / "newer.pickle", b"y", "*.pickle", 16)
    assert len(list(tmp_path.glob("*.pickle"))) == 15
