"""Small modules with one job, short functions (tests/sizes.py measures them)."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests"))

from sizes import MAX_FUNCTION, MAX_MODULE, function_sizes, module_sizes


def test_no_module_over_the_limit() -> None:
    big = {k: v for k, v in module_sizes().items() if v > MAX_MODULE}
    assert not big, f"split these modules (over {MAX_MODULE} lines): {big}"


def test_no_function_over_the_limit() -> None:
    big = {k: v for k, v in function_sizes().items() if v > MAX_FUNCTION}
    assert not big, f"split these functions (over {MAX_FUNCTION} lines): {big}"
