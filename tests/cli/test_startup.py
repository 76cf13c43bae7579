"""Instant start: `kpi --version` and `import kpidsl` load nothing heavy, `kpi lint` loads only what
linting needs. Each check runs in a fresh interpreter and reads `sys.modules` there."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEME = ROOT / "examples" / "purchasing_manager" / "scheme.kpi"

HEAVY = ("lark", "pydantic", "openpyxl", "tabulate", "wcwidth")


def _loaded_after(code: str, argv: list[str]) -> tuple[set[str], str]:
    """Run `code` in a fresh interpreter with `sys.argv[1:] = argv`; the top-level packages it
    loaded, and what it printed before the package list."""
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
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    *printed, modules = done.stdout.rstrip("\n").split("\n")
    return set(json.loads(modules)), "\n".join(printed)


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
    assert "lark" in loaded


def test_lint_loads_no_result_models_or_writers() -> None:
    loaded, _ = _loaded_after(f"from kpidsl.cli import main\nmain(['lint', {str(SCHEME)!r}])", [])
    assert "lark" in loaded
    assert not loaded & {"pydantic", "openpyxl", "tabulate", "wcwidth"}


def test_lazy_names_behave_like_attributes() -> None:
    import kpidsl

    assert kpidsl.load is kpidsl.api.load
    assert set(kpidsl.__all__) <= set(dir(kpidsl))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        kpidsl.nope  # noqa: B018
    namespace: dict[str, object] = {}
    exec("from kpidsl import *", namespace)
    assert {"Scheme", "Results", "KpiError", "__version__"} <= set(namespace)
