"""The VS Code extension's client glue (editors/vscode/extension.js), run under node with stand-ins
for VS Code's API: the `kpi.server.*` settings start `kpi lsp`, a changed setting restarts it, a
failed start says how to install kpidsl. Needs node (not npm: nothing is imported from the registry)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import ROOT


def test_the_extension_starts_kpi_lsp_from_its_settings() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed to run the extension's client code")
    done = subprocess.run([node, str(ROOT / "editors" / "vscode" / "test" / "client.js")], capture_output=True, text=True,
                          encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "ok"
