"""`kpi lsp` as a command: its help, and what it says when the language server packages are missing."""

from __future__ import annotations

import subprocess
import sys

from conftest import run_kpi


def test_help_names_the_features() -> None:
    r = run_kpi("lsp", "--help")
    assert r.code == 0 and "language server" in r.out and "--stdio" in r.out


def test_without_pygls_it_says_how_to_install_it() -> None:
    code = "import sys; sys.modules['pygls'] = None; from kpidsl.cli import main; sys.exit(main(['lsp']))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 1
    assert "python3 -m pip install 'kpidsl[lsp]'" in done.stderr and "Traceback" not in done.stderr
