"""Run one fuzz case and check the promises kpidsl makes for any input: no exit 70, no traceback,
exit 1 with a located message for a mistake (an `error[K-...]` naming the file, with its line or
`-->` location), no output file written on failure, no input file modified.

A case is an example folder (or a stdlib module) copied to a temporary folder, one of its files
replaced by a mutation, and one command run on it: `kpi eval ... -o results.{csv,xlsx,json}`
for an example, `kpi lint` for a stdlib module. Cases run in-process (`kpidsl.cli.main`), which
is what makes a few hundred of them fit in the default test run; `run_case(..., subprocess=True)`
runs the installed command instead, as a user would."""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import subprocess as sp
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from mutations import DATA_MUTATIONS, SCHEME_MUTATIONS, Mutated

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "scheme.kpi").is_file())
STDLIB = sorted((ROOT / "stdlib").rglob("*.kpi"))
OUTPUTS = ("results.csv", "results.xlsx", "results.json")


@dataclass(frozen=True)
class Case:
    """What to mutate and run: the folder (an example) or module (stdlib), the file, the seed."""

    source: Path
    target: str  # the file mutated, relative to the folder
    seed: int

    @property
    def name(self) -> str:
        return f"{self.source.name}/{self.target}#{self.seed}"


@dataclass(frozen=True)
class Outcome:
    case: Case
    what: str
    code: int
    text: str


def cases(seed: int, per_example: int, per_module: int) -> list[Case]:
    """The cases of one run: for each example, mutations of its scheme(s) and its data (two of
    three of the scheme, alternately), then of each stdlib module; all from `seed`."""
    rnd = random.Random(seed)
    out: list[Case] = []
    for folder in EXAMPLES:
        targets = ["scheme.kpi", "data.csv", *(p.name for p in sorted(folder.glob("scheme_*.kpi"))),
                   *(p.name for p in sorted(folder.glob("overrides.csv")))]
        for i in range(per_example):
            out.append(Case(folder, targets[i % len(targets)], rnd.randrange(2**32)))
    for module in STDLIB:
        out.extend(Case(module, module.name, rnd.randrange(2**32)) for _ in range(per_module))
    return out


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _mutate(case: Case, work: Path) -> tuple[Path, Mutated]:
    rnd = random.Random(case.seed)
    if case.source.is_file():  # a stdlib module: mutated in a copy of the stdlib tree, so its imports resolve
        shutil.copytree(ROOT / "stdlib", work / "stdlib")
        path = work / "stdlib" / case.source.relative_to(ROOT / "stdlib")
    else:
        shutil.copytree(case.source, work / case.source.name, ignore=shutil.ignore_patterns("*.txt", "expected*.csv", "*.py"))
        path = work / case.source.name / case.target
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # a client's export saved by Excel on Chinese Windows
        text = raw.decode("gb18030")
    mutations = SCHEME_MUTATIONS if path.suffix == ".kpi" else DATA_MUTATIONS
    mutated = rnd.choice(mutations)(text, rnd)
    path.write_bytes(mutated.data)
    return path, mutated


def _command(case: Case, path: Path, rnd: random.Random) -> list[str]:
    if case.source.is_file():
        return ["lint", str(path)]
    folder = path.parent
    args = ["eval", str(folder / "scheme.kpi"), str(folder / "data.csv"), "-o", str(folder / rnd.choice(OUTPUTS))]
    if case.target.startswith("scheme_"):
        args[1] = str(path)
    if case.target == "overrides.csv":
        args += ["--overrides", str(path)]
    return args


def _run(args: list[str], subprocess: bool) -> tuple[int, str]:
    if subprocess:
        done = sp.run([sys.executable, "-m", "kpidsl", *args], capture_output=True, text=True, timeout=120,
                      env={"KPI_LANG": "en", "PATH": "/usr/bin:/bin"})
        return done.returncode, done.stdout + done.stderr
    from kpidsl.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(args)
    return code, out.getvalue() + err.getvalue()


def run_case(case: Case, *, subprocess: bool = False) -> Outcome:
    """Mutate, run, and check every promise; an `AssertionError` names the case and the mutation."""
    with tempfile.TemporaryDirectory(prefix="kpi-fuzz-") as tmp:
        work = Path(tmp)
        path, mutated = _mutate(case, work)
        args = _command(case, path, random.Random(case.seed + 1))
        before = _digest(work)
        code, text = _run(args, subprocess)
        where = f"{case.name} ({mutated.what}): exit {code}\n{text[-2000:]}"
        assert code in (0, 1), where
        assert "Traceback" not in text and "internal error" not in text, where
        after = _digest(work)
        outputs = [k for k in after if k not in before]
        assert {k: v for k, v in after.items() if k in before} == before, f"an input file changed: {where}"
        if code == 1:
            assert "error[K-" in text, where
            assert " --> " in text or tmp in text, f"no location: {where}"
            assert not [o for o in outputs if not o.startswith(".")], f"output written on failure: {where}"
        assert not [o for o in outputs if ".kpi-tmp-" in o], f"a temporary file left: {where}"
        return Outcome(case, mutated.what, code, text)
