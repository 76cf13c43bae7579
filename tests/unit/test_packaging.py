"""The grammar and stdlib load from wherever kpidsl is installed, not only from a checkout."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT

import kpidsl
from kpidsl.resources import grammar_dir, stdlib_dir


def test_grammar_and_stdlib_are_found() -> None:
    assert (grammar_dir() / "kpidsl.lark").is_file()
    assert any(stdlib_dir().glob("*.kpi"))


def test_installed_package_carries_its_own_grammar() -> None:
    package = Path(kpidsl.__file__).resolve().parent
    if ROOT in package.parents:
        return  # an editable install or a checkout: the top-level folders are used
    # A wheel install (what .ci/run tests): the files were copied into the package.
    assert grammar_dir() == package / "_grammar"
    assert stdlib_dir() == package / "_stdlib"
