"""Found by session 8's new-user trial: the bulk API's fixed-point fast path stepped aside without
a word when a divisor had cents (a sales target of 12345.67), and the call ran about 9x slower.
`BulkResults.fast_note` now says so and why; the results are the same either way."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import kpidsl
from kpidsl.i18n import language

SCHEME = """scheme "Sales rep quarterly" {
  round 2
  id emp_id

  input emp_id: text
  input target: money
  input actual: money
  input calls_planned: count
  input calls_done: count
  input quality: score in [0, 100]
  input late_days: count = 0

  ladder call_ladder {
    >= 100%     -> 100
    [90%, 100%) -> 80
    [70%, 90%)  -> 60
    < 70%       -> 0
  }

  indicator sales weight 50% {
    value actual / target
    on zero -> 0
    score value * 100
    cap 120
    floor 0
  }
  indicator calls weight 30% {
    value calls_done / calls_planned
    on zero -> skip
    score ladder call_ladder
  }
  indicator quality_score weight 20% { score quality }

  deduct "late" late_days * 0.5 cap 10

  total = base_score - deductions cap 110 floor 0

  grade on rounded { A >= 90  B [80, 90)  C [60, 80)  D else }
}
"""


def _rows(targets: list[object]) -> list[dict[str, object]]:
    """The trial's data: sales against a target (a few with cents), calls, quality, late days."""
    rnd = random.Random(7)
    return [{"emp_id": f"E{i:06d}", "target": rnd.choice(targets), "actual": round(rnd.uniform(0, 100000), 2),
             "calls_planned": rnd.choice([0, 10, 20, 33]), "calls_done": rnd.randint(0, 45),
             "quality": round(rnd.uniform(0, 100), 1), "late_days": rnd.randint(0, 25)} for i in range(3000)]


def test_a_divisor_with_cents_is_said_in_fast_note_and_changes_no_result() -> None:
    scheme = kpidsl.loads(SCHEME)
    rows = _rows([0, 10000, 23456.78, 50000])
    results = scheme.evaluate(rows)
    assert results.engine == "columnar" and results.engine_note is None
    assert results.fast_note == ("the fixed-point fast path left 1 of 1 batch to DuckDB's exact decimals (a divisor with "
                                 "decimals, such as a target with cents, whose quotient 64-bit fixed point cannot round or "
                                 "compare exactly): the same results, several times slower")
    reference = scheme.evaluate(rows, engine="python")
    assert results.column("total") == reference.column("total")
    with language("zh"):
        assert (scheme.evaluate(rows).fast_note or "").startswith("定点快速路径把 1 批中的 1 批交给 DuckDB 的精确小数计算（除数带小数")


@pytest.mark.parametrize("targets", [[10000, 50000, 0], [20000, 80000]])
def test_no_note_when_the_fast_path_takes_every_batch(targets: list[object]) -> None:
    scheme = kpidsl.loads(SCHEME)
    results = scheme.evaluate(_rows(targets))
    assert results.engine == "columnar" and results.fast_note is None


def test_no_note_from_the_interpreter() -> None:
    scheme = kpidsl.loads(SCHEME)
    assert scheme.evaluate(_rows([12345.67]), engine="python").fast_note is None


def test_engine_columnar_refuses_a_scheme_it_cannot_take_before_reading_the_data(tmp_path: Path,
                                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The trial saw the data's notes printed before the refusal; the data is not read now."""
    from kpidsl.cli import main

    scheme = Path(__file__).resolve().parents[2] / "examples" / "forced_distribution" / "scheme.kpi"
    code = main(["--lang", "en", "eval", str(scheme), str(tmp_path / "not-there.csv"), "--engine", "columnar"])
    err = capsys.readouterr().err
    assert code == 1 and "cannot evaluate this scheme: 5 population rules" in err and "not-there" not in err


def test_the_note_counts_the_batches_and_names_each_reason_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three batches, two declined for two reasons: both named, the counts right."""
    from kpidsl.columnar import bulk

    monkeypatch.setattr(bulk, "BATCH_ROWS", 1000)
    from kpidsl.columnar.fixed_values import Decline
    from kpidsl.messages import fallback as msg

    note = bulk.fast_path_note([Decline("a quotient's denominator too large to round it exactly", msg.fast_wide_quotient()),
                                Decline("a column of large_string for the number input 'actual'",
                                        msg.fast_text_numbers(name="actual")),
                                Decline("a quotient's denominator too large to compare it exactly", msg.fast_wide_quotient())], 3)
    assert note.startswith("the fixed-point fast path left 3 of 3 batches")
    assert note.count("a divisor with decimals") == 1 and "numbers given as text in 'actual'" in note
    rows = _rows([10000, 20000])
    for r in rows[1000:]:
        r["target"] = 23456.78
    results = kpidsl.loads(SCHEME).evaluate(rows)
    assert (results.fast_note or "").startswith("the fixed-point fast path left 2 of 3 batches")


def test_numbers_given_as_text_are_named_in_the_note() -> None:
    rows = _rows([10000, 20000])
    for r in rows:
        r["actual"] = str(r["actual"])
    note = kpidsl.loads(SCHEME).evaluate(rows).fast_note or ""
    assert "numbers given as text in 'actual'" in note
