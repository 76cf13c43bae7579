"""Write every observable output of kpidsl into a folder, to compare two versions byte for byte.

    python tests/snapshot.py OUT_DIR [--kpidsl CHECKOUT] [--generated N]

For every example (`examples/*/scheme.kpi` with its `data.csv`): `kpi eval` in every output format,
`kpi explain` (text and JSON) for every record and period, `kpi lint` (JSON and `--summary`) and
`kpi test`. For every `test` block of the examples and every example of every stdlib template:
the result JSON with its trace, and the explain text. With `--generated N`: N schemes from the
random-scheme generator (tests/properties/schemes.py, a fixed seed), each evaluated on generated
records, results JSON with traces and explain text.

`--kpidsl CHECKOUT` imports kpidsl (and reads examples and the stdlib) from another checkout, so
the outputs of an older commit can be written with today's script:

    git clone -q . /tmp/ir-base && git -C /tmp/ir-base checkout -q BASE
    python tests/snapshot.py /tmp/ir-before --kpidsl /tmp/ir-base --generated 600
    python tests/snapshot.py /tmp/ir-after --generated 600
    python tests/snapshot.py --compare /tmp/ir-before /tmp/ir-after

`--compare` sorts the differences: files that differ only in explain text lines that gained a
` = result` (the fix of issue 10), generated schemes that crashed before and now evaluate or stop
with a checked error, and everything else (which a pure refactor must not have).

Paths are written relative to the checkout (the checkout's own path is replaced by `<repo>`), so
two checkouts give the same bytes for the same behaviour. This is a tool for refactoring, not a
test: it never fails on a difference, it only writes files.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--kpidsl", type=Path, default=HERE.parent, help="checkout to import kpidsl from (default: this one)")
    p.add_argument("--generated", type=int, default=0, help="also snapshot N generated schemes")
    p.add_argument("--seed", type=int, default=20240601)
    return p.parse_args()


class Snapshot:
    def __init__(self, repo: Path, out: Path) -> None:
        self.repo = repo
        self.out = out

    def clean(self, text: str) -> str:
        return text.replace(str(self.repo), "<repo>").replace(str(self.repo.resolve()), "<repo>")

    def write(self, rel: str, text: str) -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.clean(text), encoding="utf-8")

    def kpi(self, *args: str) -> str:
        """Run the CLI in-process from the checkout's folder; stdout, stderr and the exit code."""
        from kpidsl.cli import main

        out, err = io.StringIO(), io.StringIO()
        old = Path.cwd()
        os.chdir(self.repo)
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = main(list(args))
        finally:
            os.chdir(old)
        return f"exit {code}\n--- stdout\n{out.getvalue()}--- stderr\n{err.getvalue()}"


def _records(data: Path) -> list[tuple[str, str | None]]:
    """(id, period) of every row of an example's data file."""
    raw = data.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    head = rows[0]
    period_col = next((i for i, h in enumerate(head) if h in ("考核季度", "期间", "考核期间", "考核月份")), None)
    return [(r[0], r[period_col] if period_col is not None else None) for r in rows[1:] if r]


def examples(snap: Snapshot) -> None:
    for folder in sorted((snap.repo / "examples").iterdir()):
        if not (folder / "scheme.kpi").is_file():
            continue
        name = folder.name
        scheme = f"examples/{name}/scheme.kpi"
        found = [p.name for p in folder.glob("*.csv") if p.name != "expected.csv"]
        data = f"examples/{name}/{'data.csv' if 'data.csv' in found else found[0]}"
        tmp = snap.out / "_tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        snap.write(f"examples/{name}/eval.table.txt", snap.kpi("eval", scheme, data))
        for fmt in ("csv", "json", "jsonl"):
            target = tmp / f"out.{fmt}"
            log = snap.kpi("eval", scheme, data, "-o", str(target))
            snap.write(f"examples/{name}/eval.{fmt}", log.split("--- stderr")[0] + target.read_text(encoding="utf-8-sig"))
        snap.write(f"examples/{name}/eval.stdout-json.txt", snap.kpi("eval", scheme, data, "--format", "json"))
        for rid, period in _records(snap.repo / data):
            extra = ["--period", period] if period else []
            tag = f"{rid}@{period}" if period else rid
            snap.write(f"examples/{name}/explain/{tag}.txt", snap.kpi("explain", scheme, data, "--id", rid, *extra))
            snap.write(f"examples/{name}/explain/{tag}.json", snap.kpi("explain", scheme, data, "--id", rid, *extra, "--format", "json"))
        snap.write(f"examples/{name}/lint.json", snap.kpi("lint", scheme, "--format", "json"))
        snap.write(f"examples/{name}/lint.summary.txt", snap.kpi("lint", scheme, "--summary"))
        snap.write(f"examples/{name}/test.txt", snap.kpi("test", scheme))
        test_blocks(snap, scheme, f"examples/{name}/tests")


def _evaluate(scheme: Any, record: dict[str, object], rid: str) -> tuple[str, str]:
    """(result JSON with trace, explain text) of one record, or the error's diagnostics."""
    from kpidsl.errors import KpiError

    try:
        result = scheme.evaluate_one(record, trace=True, record_id=rid)
    except KpiError as exc:
        return json.dumps([d.to_dict() for d in exc.diagnostics], ensure_ascii=False, indent=1), ""
    try:
        text = scheme.explain(record, record_id=rid).text
    except KpiError as exc:  # pragma: no cover - evaluate_one already succeeded
        text = "error: " + str(exc)
    return json.dumps(json.loads(result.model_dump_json()), ensure_ascii=False, indent=1), text


def test_blocks(snap: Snapshot, path: str, rel: str) -> None:
    import kpidsl

    scheme = kpidsl.load(snap.repo / path)
    s = scheme.program.scheme
    cases = list(s.tests if s else ()) + list(scheme.program.module.tests)
    for i, tc in enumerate(cases):
        record = {g.name: g.value.value for g in tc.given}
        res, text = _evaluate(scheme, record, tc.name)
        snap.write(f"{rel}/{i:02d}.json", res)
        snap.write(f"{rel}/{i:02d}.txt", text)


def stdlib(snap: Snapshot) -> None:
    import kpidsl
    from kpidsl import nodes as n
    from kpidsl.templates import example_name, synthetic_scheme

    root = snap.repo / "stdlib"
    for path in sorted(root.rglob("*.kpi")):
        rel = path.relative_to(snap.repo).as_posix()
        snap.write(f"{rel}/lint.json", snap.kpi("lint", rel, "--format", "json"))
        snap.write(f"{rel}/test.txt", snap.kpi("test", rel))
        module = kpidsl.load(path)
        for d in module.program.module.definitions:
            if not isinstance(d, n.TemplateDef) or not d.tests:
                continue
            scheme = kpidsl.Scheme(synthetic_scheme(module.program, d))
            for i, tc in enumerate(d.tests):
                record = {g.name: g.value.value for g in tc.given}
                res, text = _evaluate(scheme, record, example_name(d))
                snap.write(f"{rel}/{d.name}/{i:02d}.json", res)
                snap.write(f"{rel}/{d.name}/{i:02d}.txt", text)


def generated(snap: Snapshot, count: int, seed: int) -> None:
    sys.path.insert(0, str(HERE / "properties"))
    from schemes import random_case  # type: ignore[import-not-found]

    import kpidsl
    from kpidsl.errors import KpiError

    for i in range(count):
        text, records = random_case(seed + i)
        out: list[str] = [text, "=" * 40]
        try:
            scheme = kpidsl.loads(text, path="gen.kpi")
            diags = scheme.check()
            out.append(json.dumps([d.to_dict() for d in diags], ensure_ascii=False, indent=1))
            results = scheme.evaluate(records, trace=True)
            out.append(json.dumps(json.loads(results.model_dump_json()), ensure_ascii=False, indent=1))
            first = records[0]
            out.append(scheme.explain(first).text)
        except KpiError as exc:
            out.append("KpiError " + json.dumps([d.to_dict() for d in exc.diagnostics], ensure_ascii=False, indent=1))
        except Exception as exc:  # noqa: BLE001 - a crash is an output worth comparing too
            out.append(f"CRASH {type(exc).__name__}: {exc}")
        snap.write(f"generated/{i:04d}.txt", "\n".join(out))


def compare(before: Path, after: Path) -> int:
    """Print how two snapshots differ (see the module docstring); 1 if anything unexplained."""
    import re

    added = crashes = 0
    other: list[str] = []
    for old in sorted(before.rglob("*")):
        if not old.is_file():
            continue
        new = after / old.relative_to(before)
        x = old.read_text(encoding="utf-8")
        y = new.read_text(encoding="utf-8") if new.exists() else ""
        if x == y:
            continue
        if "CRASH " in x and "CRASH " not in y:
            crashes += 1
            continue
        lines = list(zip(x.splitlines(), y.splitlines(), strict=False))
        if len(x.splitlines()) == len(y.splitlines()) and all(
            u == v or (re.fullmatch(re.escape(u.partition("  [")[0]) + r" = .+", v.partition("  [")[0])
            and u.partition("  [")[2] == v.partition("  [")[2]) for u, v in lines
        ):
            added += 1
            continue
        other.append(str(old.relative_to(before)))
    print(f"explain text that gained ' = result' only: {added} file(s)")
    print(f"crashes (internal errors) that are now results or checked errors: {crashes} file(s)")
    print(f"other differences: {len(other)}")
    for name in other[:30]:
        print(f"  {name}")
    return 1 if other else 0


def main() -> None:
    if sys.argv[1:2] == ["--compare"]:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    args = _args()
    repo = args.kpidsl.resolve()
    sys.path.insert(0, str(repo))
    import kpidsl

    assert Path(kpidsl.__file__).resolve().is_relative_to(repo), f"kpidsl imported from {kpidsl.__file__}, not {repo}"
    snap = Snapshot(repo, args.out.resolve())
    steps: list[Callable[[Snapshot], None]] = [examples, stdlib]
    for step in steps:
        step(snap)
    if args.generated:
        generated(snap, args.generated, args.seed)
    import shutil

    shutil.rmtree(snap.out / "_tmp", ignore_errors=True)


if __name__ == "__main__":
    main()
