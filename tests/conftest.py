"""Shared test helpers: paths, the CLI runner, golden files with an explicit update switch."""

from __future__ import annotations

import functools
import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "scheme.kpi").is_file())


def example_data(name: str) -> Path:
    """An example's data file: `data.csv`, or the one CSV beside `expected.csv` whose name says
    its year (`2024年月度考核.csv`: the period's year is read from the file name)."""
    folder = EXAMPLES / name
    if (folder / "data.csv").is_file():
        return folder / "data.csv"
    (found,) = [p for p in folder.glob("*.csv") if p.name != "expected.csv"]
    return found


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in English, whatever the locale of the machine running it; the tests of
    the language choice set KPI_LANG or the locale themselves."""
    monkeypatch.setenv("KPI_LANG", "en")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def check_golden(path: Path, actual: str, update: bool) -> None:
    """Compare with a golden file, or rewrite it under --update-goldens."""
    if update or not path.exists():
        if not update:
            pytest.fail(f"golden file {path} is missing; run pytest --update-goldens and review it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path.relative_to(ROOT)} (review, then pytest --update-goldens)"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_kpi(*args: str, cwd: Path | None = None) -> CliResult:
    """Run the `kpi` command in-process and capture its exit code, stdout and stderr."""
    from kpidsl.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    try:
        if cwd is not None:
            import os

            os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
    finally:
        if cwd is not None:
            import os

            os.chdir(old)
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def kpi():  # type: ignore[no-untyped-def]
    return run_kpi


sys.path.insert(0, str(ROOT / "tests"))


# ------------------------------------------------------------------------------ codes raised by the suite

#: Diagnostic codes created while the suite runs (tests/unit/test_codes.py checks each registered
#: code is among them, so every documented code is exercised by some test).
RAISED_CODES: set[str] = set()


def _record_codes() -> None:
    from kpidsl.errors import Diagnostic

    original = Diagnostic.__init__

    @functools.wraps(original)  # kpidsl.prebuilt.is_prebuilt and its tests look through the wrapper
    def init(self: Diagnostic, code: str, *args: object, **kwargs: object) -> None:
        RAISED_CODES.add(code)
        original(self, code, *args, **kwargs)  # type: ignore[arg-type]

    Diagnostic.__init__ = init  # type: ignore[method-assign]


_record_codes()


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `runs_last` go last; `config.whole_suite` says whether every test was collected."""
    last = [i for i in items if i.get_closest_marker("runs_last")]
    items[:] = [i for i in items if not i.get_closest_marker("runs_last")] + last
    tests_dir = Path(__file__).resolve().parent
    whole = all(Path(a.split("::")[0]).resolve() in (tests_dir, tests_dir.parent) for a in config.args)
    opts = config.option
    partial = bool(getattr(opts, "keyword", "") or getattr(opts, "markexpr", "") not in ("", "not slow") or getattr(opts, "lf", False))
    config.whole_suite = whole and not partial  # type: ignore[attr-defined]
