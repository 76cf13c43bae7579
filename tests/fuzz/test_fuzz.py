"""The fuzz suite's default run: every shipped scheme and data file mutated (tests/fuzz/
mutations.py), a few hundred cases from a fixed seed, each checked by `harness.run_case` (no exit
70, no traceback, a located error, nothing written on failure, no input changed). Cases run
in-process; a small sample runs the real `python -m kpidsl` too. `run_large.py` runs many more."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import EXAMPLES, STDLIB, cases, run_case

#: The default run's seed and size (about 280 cases, 20-40 s on a loaded two-core machine).
SEED = 20261130
PER_EXAMPLE = 14
PER_MODULE = 1

CASES = cases(SEED, PER_EXAMPLE, PER_MODULE)


def _group(source: Path) -> str:
    return source.name if source.is_dir() else "stdlib"


@pytest.mark.parametrize("group", sorted({_group(c.source) for c in CASES}))
def test_mutations_of_shipped_files_are_handled(group: str) -> None:
    outcomes = [run_case(c) for c in CASES if _group(c.source) == group]
    assert outcomes
    # the mutations must reach the error paths as well as the happy one, or they test nothing
    if group != "stdlib":
        assert Counter(o.code for o in outcomes)[1] >= len(outcomes) // 4, group


def test_every_shipped_file_is_mutated() -> None:
    mutated = {(c.source, c.target) for c in CASES}
    assert all((e, "scheme.kpi") in mutated and (e, "data.csv") in mutated for e in EXAMPLES)
    assert {c.source for c in CASES if c.source.is_file()} == set(STDLIB)


@pytest.mark.parametrize("case", CASES[:: len(CASES) // 3][:3], ids=lambda c: c.name)
def test_a_sample_runs_as_a_process(case: object) -> None:
    run_case(case, subprocess=True)  # type: ignore[arg-type]
