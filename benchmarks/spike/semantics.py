"""SPIKE (issue 12): does the proposed number semantics change any published value? Not product code.

The proposal (docs/design/columnar.md, "Number semantics"): addition, subtraction, multiplication
and comparison are exact; a division's result (and a square root's) is rounded half-up to 20
decimal places ("Q20"); declared roundings are half-up on that value. Today's interpreter instead
keeps 34 significant digits everywhere and snaps to 20 places before a declared rounding.

Every example ships an independent reference computation over `fractions.Fraction`
(examples/<name>/reference.py). Run under Q20 by patching `Fraction.__truediv__` and
`__rtruediv__` to round each quotient half-up to 20 places, it *is* a Q20 evaluator of the scheme.
With hypothesis-generated data for each example (the shipped rows with their numeric cells
redrawn, boundary values favoured), this checks:

1. Q20 vs exact rationals: the reference's published values are identical under both (asserted:
   hypothesis shrinks any counterexample);
2. today's interpreter (`kpi eval --format csv`) vs the exact reference on the same data, compared
   as the golden test does (totals, grades, ids exactly; intermediates at the reference's places):
   mismatches are counted and shown (a mismatch is a semantics difference, an interpreter bug, or
   a reference that only covers its seed data: normalisation's has no square-root branch);
3. DuckDB reproduces the Q20 division exactly with HUGEINT integer arithmetic (asserted).

Run: python benchmarks/spike/semantics.py [--examples 40]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.util
import io
import sys
import tempfile
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(EXAMPLES))

PLACES = 20
SCALE = 10**PLACES
_div, _rdiv = Fraction.__truediv__, Fraction.__rtruediv__


def q20(x: object) -> object:
    """A quotient rounded half-up (away from zero) to 20 places, exactly."""
    if not isinstance(x, Fraction):
        return x
    n, d = abs(x.numerator), x.denominator
    r = (2 * n * SCALE + d) // (2 * d)
    return Fraction(r if x >= 0 else -r, SCALE)


@contextlib.contextmanager
def q20_division() -> Iterator[None]:
    Fraction.__truediv__ = lambda a, b: q20(_div(a, b))  # type: ignore[method-assign,assignment]
    Fraction.__rtruediv__ = lambda b, a: q20(_rdiv(b, a))  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Fraction.__truediv__, Fraction.__rtruediv__ = _div, _rdiv  # type: ignore[method-assign]


class Reference:
    """One example's reference.py, fed rows in memory instead of its data.csv."""

    def __init__(self, name: str) -> None:
        self.rows: list[dict[str, str]] = []
        self.out: tuple[list[str], list[list[str]]] | None = None
        path = EXAMPLES / name / "reference.py"
        spec = importlib.util.spec_from_file_location(f"ref_{name}", path)
        assert spec
        self.module = importlib.util.module_from_spec(spec)
        # Compiled without asserts: normalisation's reference asserts its seed table's numbers.
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec", optimize=1), self.module.__dict__)
        self.module.read = lambda *a, **k: [dict(r) for r in self.rows]  # type: ignore[attr-defined]
        self.module.write = self._write  # type: ignore[attr-defined]

    def _write(self, folder: Path, header: list[str], rows: list[list[str]]) -> None:
        self.out = (header, rows)

    def run(self, rows: list[dict[str, str]], q20_mode: bool) -> tuple[list[str], list[list[str]]] | None:
        self.rows, self.out = rows, None
        try:
            with q20_division() if q20_mode else contextlib.nullcontext():
                self.module.main()  # type: ignore[attr-defined]
        except (AssertionError, ZeroDivisionError, KeyError, ValueError):
            return None  # the reference does not cover this data (seed-specific, or a zero it does not guard)
        return self.out


def read_rows(name: str) -> list[dict[str, str]]:
    raw = (EXAMPLES / name / "data.csv").read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return list(csv.DictReader(io.StringIO(raw.decode(enc))))
        except UnicodeDecodeError:
            continue
    raise ValueError(name)


def _places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


Validator = dict[str, object]


def validators(name: str) -> Validator:
    """CSV header -> the scheme's input spec, to keep redrawn cells inside declared types and ranges."""
    import kpidsl
    from kpidsl.data.records import normalise_header

    scheme = kpidsl.load(EXAMPLES / name / "scheme.kpi").ir
    return {normalise_header(c): spec for spec in scheme.inputs for c in spec.column_names}


def _valid(spec: object, text: str) -> bool:
    from kpidsl.values import CellError, coerce

    try:
        value = coerce(text, spec.type)  # type: ignore[attr-defined]
    except CellError:
        return False
    cond = spec.range  # type: ignore[attr-defined]
    return cond is None or value is None or bool(cond.holds(value))


def redraw(data: st.DataObject, rows: list[dict[str, str]], specs: Validator) -> list[dict[str, str]]:
    """The shipped rows with numeric cells redrawn: tests/semantics/redraw.py (the Q20 test's)."""
    sys.path.insert(0, str(ROOT / "tests" / "semantics"))
    from redraw import redraw as shared  # type: ignore[import-not-found]

    return shared(data, rows, specs)  # type: ignore[no-any-return]


def interpreter(name: str, rows: list[dict[str, str]], columns: list[str]) -> list[dict[str, str]] | None:
    from kpidsl.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["eval", str(EXAMPLES / name / "scheme.kpi"), str(path), "--format", "csv", "--columns", ",".join(columns)])
    if code != 0:
        return None  # the data breaks the scheme's declared ranges: not a case to compare
    lines = list(csv.reader(out.getvalue().splitlines()))
    return [dict(zip(columns, r, strict=True)) for r in lines[1:]]


def published_equal(expected: dict[str, str], actual: dict[str, str]) -> bool:
    """As tests/golden/test_examples.py compares: exact for ids, totals, grades; else at the
    reference's places."""
    for col, e in expected.items():
        a = actual.get(col, "")
        if col in ("total", "id", "grade", "bonus") or e == "":
            if a != e:
                return False
            continue
        try:
            got = Decimal(a).quantize(Decimal(1).scaleb(-_places(e)), rounding=ROUND_HALF_UP)
            if got != Decimal(e):
                return False
        except InvalidOperation:
            if a != e:
                return False
    return True


def known_gap(name: str, rows: list[dict[str, str]]) -> str | None:
    """Why the reference cannot match the interpreter on these rows, when that is known: the
    normalisation reference has no square-root branch (its seed data never takes it)."""
    if name != "normalisation":
        return None
    by_dept: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_dept.setdefault(r["部门"], []).append(r)
    avg = {d: sum(Fraction(m["考评分数"]) for m in ms) / len(ms) for d, ms in by_dept.items()}
    if 0 in avg.values():
        return None
    first = [Fraction(r["考评分数"]) * 100 / avg[r["部门"]] for r in rows]
    hi, lo = max(first), min(first)
    scores = {d: Fraction(ms[0]["部门经理业绩得分"]) for d, ms in by_dept.items()}
    low = min(scores.values())
    if lo <= 0 or low <= 0:
        return None
    return "square-root branch, not in the reference" if max(s / low for s in scores.values()) > (hi + lo) / (2 * lo) else None


def check_examples(max_examples: int) -> None:
    names = sorted(p.name for p in EXAMPLES.iterdir() if (p / "reference.py").is_file())
    print(f"Q20 vs exact rationals vs today's interpreter, {max_examples} generated data sets per example")
    for name in names:
        check_one(name, max_examples)


def check_one(name: str, max_examples: int) -> None:
    if True:
        ref = Reference(name)
        shipped = read_rows(name)
        specs = validators(name)
        stats = {"compared": 0, "reference n/a": 0, "rejected by scheme": 0, "interp != exact": 0}
        first_diff: list[str] = []

        @settings(max_examples=max_examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(st.data())
        def prop(data: st.DataObject) -> None:
            rows = shipped if data.draw(st.integers(0, 9)) == 0 else redraw(data, shipped, specs)
            exact = ref.run(rows, q20_mode=False)
            if exact is None:
                stats["reference n/a"] += 1
                assume(False)
            assert exact is not None
            q = ref.run(rows, q20_mode=True)
            assert q == exact, f"{name}: Q20 changes a published value\n{exact}\n{q}"
            header, out = exact
            got = interpreter(name, rows, header)
            if got is None:
                stats["rejected by scheme"] += 1
                return
            stats["compared"] += 1
            for e_row, a_row in zip((dict(zip(header, r, strict=True)) for r in out), got, strict=False):
                if not published_equal(e_row, a_row):
                    reason = known_gap(name, rows)
                    key = f"interp != exact ({reason})" if reason else "interp != exact"
                    stats[key] = stats.get(key, 0) + 1
                    if not first_diff and not reason:
                        first_diff.append(f"{e_row} vs {a_row}")
                    break

        prop()
        note = f"   first: {first_diff[0][:300]}" if first_diff else ""
        print(f"  {name:<22} Q20 == exact on every data set; {stats}{note}")


def check_duckdb_division(max_examples: int) -> None:
    import duckdb

    con = duckdb.connect()

    @settings(max_examples=max_examples * 10, deadline=None, database=None)
    @given(st.integers(-10**17, 10**17), st.integers(-10**17, 10**17).filter(bool), st.integers(0, 4), st.integers(0, 4))
    def prop(a: int, b: int, sa: int, sb: int) -> None:
        # a / 10**sa divided by b / 10**sb, to 20 places half-up, as scaled HUGEINT arithmetic.
        want = q20(Fraction(a, 10**sa) / Fraction(b, 10**sb))
        k = PLACES + sb - sa  # the quotient's units are 10**-20
        # The dividend scaled to 20 places must fit 127 bits (twice it, for the half-up): beyond
        # that DuckDB raises an overflow error (never a wrong number) and the python backend runs.
        assume(2 * abs(a) * 10 ** max(k, 0) + abs(b) * 10 ** max(-k, 0) < 2**127)
        # Powers of ten as literals: DuckDB's `**` / pow() return DOUBLE even on HUGEINT operands.
        num = f"abs({a}::HUGEINT) * {10**k}::HUGEINT" if k >= 0 else f"abs({a}::HUGEINT)"
        den = f"abs({b}::HUGEINT)" if k >= 0 else f"abs({b}::HUGEINT) * {10**-k}::HUGEINT"
        sql = f"SELECT sign({a}) * sign({b}) * ((2 * {num} + {den}) // (2 * {den}))"
        got = con.execute(sql).fetchall()[0][0]
        assert Fraction(int(got), SCALE) == want, (a, b, sa, sb, got, want)

    prop()
    print(f"  DuckDB HUGEINT Q20 division == exact Q20 on {max_examples * 10} generated operand pairs "
          "(|a|, |b| < 1e17 units, scales 0-4, within the 127-bit limit)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--examples", type=int, default=40, help="generated data sets per example scheme")
    args = ap.parse_args()
    check_examples(args.examples)
    check_duckdb_division(args.examples)


if __name__ == "__main__":
    main()
