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
              "kpidsl.workbook", "kpidsl.testing", "kpidsl.audit.commands")


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


def _kpi_process(args: list[str], *, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """`kpi <args>` as its own process (the console script's `run`), output captured as text."""
    return subprocess.run([sys.executable, *prefix, "-m", "kpidsl", *args], capture_output=True, text=True, timeout=120)


def test_the_kpi_process_ends_without_tearing_down(tmp_path: Path) -> None:
    """The process ends by `os._exit` after the command (kpidsl/__main__.py, `_leave`): the atexit
    handlers run and the output is whole, but the interpreter's teardown (which would finalise a
    module-level object) does not happen."""
    script = tmp_path / "probe.py"
    script.write_text(
        "import atexit, sys\n"
        "class Noisy:\n"
        "    def __del__(self):\n"
        "        sys.stderr.write('torn down\\n')\n"
        "keep = Noisy()\n"
        "atexit.register(lambda: sys.stderr.write('atexit ran\\n'))\n"
        "sys.argv = ['kpi', 'lint', sys.argv[1]]\n"
        "from kpidsl.__main__ import run\n"
        "run()\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script), str(SCHEME)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "atexit ran" in done.stderr
    assert "torn down" not in done.stderr
    assert "0 errors" in done.stderr


def test_the_kpi_process_keeps_its_exit_status_and_whole_output(tmp_path: Path) -> None:
    """More output than a pipe's buffer arrives whole; a user's error still exits 1, with its message."""
    rows = ["工号,姓名,计划采购单数,按时完成单数,总供货量(件),被退货量(件),材料价格合理性得分,供应商管理得分"]
    rows += [f"E{i:05d},员工{i},100,{90 + i % 10},1000,{i % 60},85,90" for i in range(3000)]
    data = tmp_path / "data.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = _kpi_process(["eval", str(SCHEME), str(data), "--format", "csv", "-q"])
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 3001 and lines[-1].startswith("E02999,")
    bad = tmp_path / "bad.kpi"
    bad.write_text('scheme "x" {\n  input a: number\n  indicator b weight 100% { score a + }\n}\n', encoding="utf-8")
    done = _kpi_process(["lint", str(bad)])
    assert done.returncode == 1
    assert "bad.kpi:3:" in done.stderr + done.stdout


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path) -> None:
    """`kpi eval ... | head -1`: the command stops writing; no "Exception ignored" from a last flush."""
    rows = ["工号,姓名,计划采购单数,按时完成单数,总供货量(件),被退货量(件),材料价格合理性得分,供应商管理得分"]
    rows += [f"E{i:05d},员工{i},100,95,1000,30,85,90" for i in range(20000)]
    data = tmp_path / "data.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with subprocess.Popen([sys.executable, "-m", "kpidsl", "eval", str(SCHEME), str(data), "--format", "csv", "-q"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as kpi:
        assert kpi.stdout is not None and kpi.stderr is not None
        first = kpi.stdout.readline()
        kpi.stdout.close()
        err = kpi.stderr.read().decode("utf-8", "replace")
        assert kpi.wait(timeout=120) == 0, err
    assert first.decode("utf-8").startswith("工号") or first.startswith(b"\xef\xbb\xbf")
    assert "Exception ignored" not in err and "Traceback" not in err


def test_a_profiled_kpi_process_exits_normally() -> None:
    """Under `python -m cProfile` the profile is still printed (it is written after the program returns)."""
    done = _kpi_process(["lint", str(SCHEME)], prefix=("-m", "cProfile", "-s", "tottime"))
    assert done.returncode == 0, done.stderr
    assert "function calls" in done.stdout


def test_csv_run_by_the_engine_does_not_import_pandas(tmp_path: Path) -> None:
    """pyarrow imports pandas, when it is installed, as soon as it is handed a Python list or a
    numpy array (to ask whether it is a pandas object): some 40 MB and 0.3 s that `kpi eval`'s CSV
    run never uses (kpidsl/data/arrowtext.py). The file holds a quoted cell, so that a block
    read by `csv` (Python lists) is taken too."""
    pytest.importorskip("pandas")  # without pandas installed nothing could import it
    rows = [f"E{i:05d},张伟{i},100,{90 + i % 10},1000,{i % 50},85,90" for i in range(3000)]
    rows[1500] = 'E01500,"张,伟",100,96,1000,30,85,90'
    data = tmp_path / "data.csv"
    data.write_text("工号,姓名,计划采购单数,按时完成单数,总供货量(件),被退货量(件),材料价格合理性得分,供应商管理得分\n"
                    + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    code = f"sys.stderr = sys.stdout\nfrom kpidsl.cli import main\nmain(['eval', {str(SCHEME)!r}, {str(data)!r}, '-o', {str(out)!r}, '-v'])"
    loaded, printed = _loaded_after(code, [])
    assert "engine: columnar (2000 records or more, and the engine covers every part of the scheme); streamed" in printed, printed  # the engine wrote it
    assert "pyarrow" in loaded and "pandas" not in loaded
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 3001
