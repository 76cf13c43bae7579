"""Instant start: `kpi --version` and `import kpidsl` load nothing heavy, `kpi lint` loads only what
linting needs. Each check runs in a fresh interpreter and reads `sys.modules` there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kpidsl.prebuilt import PYTHONS

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEME = ROOT / "examples" / "purchasing_manager" / "scheme.kpi"

HEAVY = ("lark", "pydantic", "openpyxl", "tabulate", "wcwidth", "duckdb", "matplotlib", "pygls", "sqlglot")

#: kpidsl's own modules that only evaluation, explain and output need: `kpi lint` and `kpi fmt`
#: start without them (docs/architecture.md, "Start-up").
EVALUATION = ("kpidsl.interp.record", "kpidsl.interp.run", "kpidsl.interp.population", "kpidsl.data.batch",
              "kpidsl.data.readers", "kpidsl.explain", "kpidsl.report", "kpidsl.results", "kpidsl.columns",
              "kpidsl.workbook", "kpidsl.testing")


def _loaded_after(code: str, argv: list[str], cache: Path | None = None) -> tuple[set[str], str]:
    """Run `code` in a fresh interpreter with `sys.argv[1:] = argv` (and `cache` as the user cache
    directory); the top-level packages it loaded, and what it printed before the package list."""
    script = (
        "import sys, json, io, contextlib\n"
        f"sys.argv = ['kpi', *{argv!r}]\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        "    try:\n"
        + "".join(f"        {line}\n" for line in code.splitlines())
        + "    except SystemExit:\n"
        "        pass\n"
        "print(buf.getvalue())\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    env = {**os.environ, "KPI_CACHE_DIR": str(cache)} if cache is not None else None
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True, env=env)
    *printed, modules = done.stdout.rstrip("\n").split("\n")
    return set(json.loads(modules)), "\n".join(printed)


def _kpidsl_modules_after(argv: list[str]) -> set[str]:
    """The kpidsl modules (full names) a fresh `kpi <argv>` has loaded when it is done."""
    script = (
        "import sys, json, io, contextlib\n"
        "from kpidsl.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    main({argv!r})\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('kpidsl'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_version_fast_path_imports_nothing_but_kpidsl() -> None:
    loaded, printed = _loaded_after("from kpidsl.__main__ import run\nrun()", ["--version"])
    assert not loaded & {*HEAVY, "click"}
    assert "kpi, version" in printed


def test_version_text_is_the_same_as_clicks() -> None:
    _, fast = _loaded_after("from kpidsl.__main__ import run\nrun()", ["--version"])
    loaded, slow = _loaded_after("from kpidsl.cli import main\nmain(['--version'])", [])
    assert fast.strip() == slow.strip()
    assert not loaded & set(HEAVY)  # even through click, --version stays light


def test_import_kpidsl_is_light_and_names_load_on_use() -> None:
    loaded, _ = _loaded_after("import kpidsl", [])
    assert not loaded & set(HEAVY)
    loaded, printed = _loaded_after("import kpidsl\nprint(kpidsl.KpiError.__name__, kpidsl.Scheme.__name__)", [])
    assert printed.strip() == "KpiError Scheme"


def test_lint_loads_no_result_models_or_writers(tmp_path: Path) -> None:
    loaded, _ = _loaded_after(f"from kpidsl.cli import main\nmain(['lint', {str(SCHEME)!r}])", [], tmp_path)
    assert "lark" in loaded  # a fresh cache: the files were parsed
    assert not loaded & (set(HEAVY) - {"lark"})


def test_lint_of_files_read_before_imports_no_parser(tmp_path: Path) -> None:
    """The second run reads the scheme and its stdlib module from the parse cache
    (`parsecache.py`): same output, and Lark is not even imported."""
    code = f"sys.stderr = sys.stdout\nfrom kpidsl.cli import main\nmain(['lint', {str(SCHEME)!r}])"
    first_loaded, first = _loaded_after(code, [], tmp_path)
    again_loaded, again = _loaded_after(code, [], tmp_path)
    assert "lark" in first_loaded and "lark" not in again_loaded
    assert again == first and "0 errors" in first


@pytest.mark.parametrize("argv", [["lint", str(SCHEME)], ["fmt", "--check", str(SCHEME)]], ids=["lint", "fmt"])
def test_lint_and_fmt_load_neither_the_evaluator_nor_the_writers(argv: list[str]) -> None:
    loaded = _kpidsl_modules_after(argv)
    assert "kpidsl.loader" in loaded or "kpidsl.recovery" in loaded  # the command did run
    assert not loaded & set(EVALUATION)


def test_fmt_does_not_load_the_checks() -> None:
    loaded = _kpidsl_modules_after(["fmt", "--check", str(SCHEME)])
    assert not loaded & {"kpidsl.checks", "kpidsl.nodes", "kpidsl.lint", "kpidsl.api"}


@pytest.mark.skipif(sys.version_info[:2] not in PYTHONS, reason="the generated methods are for another Python")
def test_lint_classes_are_prebuilt() -> None:
    """The frozen classes `kpi lint` defines come from the generated methods (kpidsl/prebuilt.py),
    not from `dataclasses.dataclass` (which writes and compiles each class's methods at start)."""
    script = (
        "import sys, io, contextlib, dataclasses\n"
        "made = []\n"
        "original = dataclasses._process_class\n"
        "def spy(cls, *a, **k):\n"
        "    made.append(f'{cls.__module__}.{cls.__qualname__}')\n"
        "    return original(cls, *a, **k)\n"
        "dataclasses._process_class = spy\n"
        "from kpidsl.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    main(['lint', {str(SCHEME)!r}])\n"
        "print([m for m in made if m.startswith('kpidsl.') and not m.startswith('kpidsl.prebuilt.')])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", f"made by dataclasses.dataclass: {done.stdout}; run python -m kpidsl.prebuild"


def test_the_kpi_process_runs_the_collector_less_often() -> None:
    """`kpi` tunes the cyclic collector of its own process (kpidsl/__main__.py); importing kpidsl
    leaves the importing program's settings alone."""
    from kpidsl.__main__ import GC_THRESHOLD

    _, printed = _loaded_after("import gc\nfrom kpidsl.__main__ import run\ntry:\n    run()\nfinally:\n    print(gc.get_threshold())", ["--version"])
    assert printed.strip().splitlines()[-1] == str(GC_THRESHOLD)
    _, printed = _loaded_after("import gc\nimport kpidsl.cli\nimport kpidsl.lint\nprint(gc.get_threshold())", [])
    assert printed.strip() == "(700, 10, 10)"


def test_eval_format_names_are_the_writers() -> None:
    from kpidsl.cli import FORMAT_NAMES
    from kpidsl.report import FORMATS

    assert tuple(FORMATS) == FORMAT_NAMES


def test_lazy_names_behave_like_attributes() -> None:
    import kpidsl

    assert kpidsl.load is kpidsl.api.load
    assert set(kpidsl.__all__) <= set(dir(kpidsl))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        kpidsl.nope  # noqa: B018
    namespace: dict[str, object] = {}
    exec("from kpidsl import *", namespace)
    assert {"Scheme", "Results", "KpiError", "__version__"} <= set(namespace)
