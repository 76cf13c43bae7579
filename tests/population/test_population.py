"""Population rules: quota rounding, boundary ties, small groups, modes, pools, normalisation."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpidsl
from kpidsl.interp.population.money import allocate
from kpidsl.interp.population.ranking import headcounts

D = Decimal


def _scheme(rules: str, grade: str = "grade { A >= 90  B >= 80  C >= 70  D >= 60  E else }") -> kpidsl.Scheme:
    return kpidsl.loads(f'''scheme "p" {{
  id 工号
  input 工号: text
  input 部门: text
  input s: score
  input 部门得分: score = 80
  input 池: money = 0
  indicator x {{ score s }}
  {grade}
  {rules}
}}''')


def _run(scheme: kpidsl.Scheme, scores: list[object], dept: str = "d") -> dict[str, kpidsl.RecordResult]:
    records = [{"工号": f"E{i:02d}", "部门": dept, "s": s} for i, s in enumerate(scores)]
    return {r.id: r for r in scheme.evaluate(records).records}


def test_largest_remainder_gives_the_brief_example() -> None:
    # 33.3 / 33.4 / 33.3 % of 4 people: 1.332, 1.336, 1.332 -> floors 1/1/1, the one left goes to 33.4%.
    assert headcounts(4, [D("0.333"), D("0.334"), D("0.333")], "largest_remainder") == [1, 2, 1]
    assert headcounts(10, [D("0.1"), D("0.2"), D("0.4"), D("0.2"), D("0.1")], "largest_remainder") == [1, 2, 4, 2, 1]
    assert headcounts(7, [D("0.1"), D("0.2"), D("0.4"), D("0.2"), D("0.1")], "largest_remainder") == [1, 1, 3, 1, 1]


def test_half_up_headcounts_still_add_up() -> None:
    counts = headcounts(7, [D("0.1"), D("0.2"), D("0.4"), D("0.2"), D("0.1")], "half_up")
    assert sum(counts) == 7
    assert counts == [1, 1, 3, 1, 1]  # 0.7->1, 1.4->1, 2.8->3, 1.4->1, 0.7->1


DIST = "distribute 分布 by total {{ A 20%  B 60%  C 20%  boundary {b} }}"


@pytest.mark.parametrize(("boundary", "expected"), [
    ("higher", ["A", "A", "B", "B", "C"]),  # the two tied at 90 both take A; B gives up the place
    ("lower", ["B", "B", "B", "B", "C"]),  # ... or both take B; A is left empty
    ("strict", ["A", "B", "B", "B", "C"]),  # or the quota holds and the id decides
])
def test_ties_across_a_quota_boundary(boundary: str, expected: list[str]) -> None:
    res = _run(_scheme(DIST.format(b=boundary)), [90, 90, 80, 75, 60])
    assert [res[f"E{i:02d}"].population["分布"] for i in range(5)] == expected


def test_small_groups_fall_back() -> None:
    s = _scheme("distribute 分布 by total within 部门 { A 10%  B 80%  E 10%  min_group 5 -> bands }",
                grade="grade { A >= 90  B >= 60  E else }")
    res = _run(s, [95, 70, 50])
    assert [res[f"E{i:02d}"].population["分布"] for i in range(3)] == ["A", "B", "E"]
    s2 = _scheme("distribute 分布 by total { A 10%  B 80%  E 10%  min_group 5 -> B }")
    assert {r.population["分布"] for r in _run(s2, [95, 70, 50]).values()} == {"B"}


def test_modes_replace_and_cap_the_grade() -> None:
    quotas = "A 20%  B 20%  C 20%  D 20%  E 20%"
    replace = _run(_scheme(f"distribute 分布 by total {{ {quotas}  mode replace }}"), [99, 98, 97, 96, 95])
    assert [replace[f"E{i:02d}"].grade for i in range(5)] == ["A", "B", "C", "D", "E"]
    cap = _run(_scheme(f"distribute 分布 by total {{ {quotas}  mode cap }}"), [99, 85, 97, 50, 95])
    # cap: the worse of the band grade and the quota grade
    assert [cap[f"E{i:02d}"].grade for i in range(5)] == ["A", "D", "B", "E", "C"]


def test_coefficients_and_a_pool_split_to_the_cent() -> None:
    s = _scheme("""distribute 分布 by total { A 30%  B 40%  C 30% }
  coefficient 系数 from 分布 { A 1.4  B 1.0  C 0.6 }
  pool 奖金 = 池 split by 系数 places 2""", grade="")
    records = [{"工号": f"E{i}", "部门": "d", "s": 100 - i, "池": "1000"} for i in range(7)]
    res = s.evaluate(records).records
    shares = [r.population["奖金"] for r in res]
    assert sum(shares) == D("1000.00")
    assert all(x.as_tuple().exponent == -2 for x in shares)  # type: ignore[union-attr]


def test_pool_amount_must_be_one_per_group() -> None:
    s = _scheme("coefficient 系数 from grade { A 1  B 1  C 1  D 1  E 1 }\n  pool 奖金 = 池 split by 系数")
    with pytest.raises(kpidsl.KpiEvalError) as exc:
        s.evaluate([{"工号": "a", "部门": "d", "s": 1, "池": 10}, {"工号": "b", "部门": "d", "s": 1, "池": 20}])
    assert exc.value.diagnostics[0].code == "K-R0312"


def test_normalisation_square_roots_the_weights_when_over_the_cap() -> None:
    # The seed: weights 1, 1.21, 1.369, 1.44 exceed the cap, so they become 1, 1.1, 1.17, 1.2.
    s = _scheme("normalise 标准分 by total within 部门 weight 部门得分", grade="")
    records = []
    for dept, score in (("A", "100"), ("B", "121"), ("C", "136.9"), ("D", "144")):
        records += [{"工号": f"{dept}1", "部门": dept, "s": 80, "部门得分": score},
                    {"工号": f"{dept}2", "部门": dept, "s": 81, "部门得分": score}]
    res = {r.id: r for r in s.evaluate(records).records}
    first = D(80) * 100 / (D("80.5"))
    for dept, w in (("A", D(1)), ("B", D("1.1")), ("C", D("1.17")), ("D", D("1.2"))):
        got = res[f"{dept}1"].population["标准分"]
        assert isinstance(got, Decimal)
        assert (got / first).quantize(D("0.01")) == w


def test_rank_ties_by_sequence_and_percentile() -> None:
    s = _scheme("rank 排名 by total ties by 工号 asc\n  percentile 百分位 by total", grade="")
    res = _run(s, [90, 90, 80])
    assert [res[f"E{i:02d}"].population["排名"] for i in range(3)] == [1, 2, 3]
    assert [res[f"E{i:02d}"].population["百分位"] for i in range(3)] == [50, 50, 0]


def test_explain_shows_the_population_steps(tmp_path: object) -> None:
    s = _scheme("rank 排名 by total\n  distribute 分布 by total { A 50%  B 50% }", grade="")
    records = [("E0", {"工号": "E0", "部门": "d", "s": 90}), ("E1", {"工号": "E1", "部门": "d", "s": 80})]
    from kpidsl.data.records import prepare_mapping

    prepared = [(rid, prepare_mapping(s.ir, r)) for rid, r in records]
    text = s.explain(prepared[1], population=prepared).text
    assert "Population rules" in text and "rank 2 of 2" in text and "headcounts" in text and "grade B" in text


# ------------------------------------------------------------------------------ properties


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 100), min_size=1, max_size=40), st.sampled_from(["largest_remainder", "half_up"]))
def test_strict_distribution_meets_the_headcounts_exactly(scores: list[int], rounding: str) -> None:
    s = _scheme(f"distribute 分布 by total {{ A 10%  B 20%  C 40%  D 20%  E 10%  rounding {rounding}  boundary strict }}", grade="")
    res = _run(s, scores)
    counts = headcounts(len(scores), [D("0.1"), D("0.2"), D("0.4"), D("0.2"), D("0.1")], rounding)
    got = [sum(1 for r in res.values() if r.population["分布"] == g) for g in "ABCDE"]
    assert got == counts
    if rounding == "largest_remainder":  # never more than one person above the exact quota
        for g, q in zip(got, (D("0.1"), D("0.2"), D("0.4"), D("0.2"), D("0.1")), strict=True):
            assert g - len(scores) * q < 1


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 100), min_size=1, max_size=40))
def test_higher_boundary_only_moves_whole_tie_blocks_up(scores: list[int]) -> None:
    s = _scheme("distribute 分布 by total { A 10%  B 20%  C 40%  D 20%  E 10%  boundary higher }", grade="")
    res = _run(s, scores)
    by_score: dict[int, set[object]] = {}
    for i, sc in enumerate(scores):
        by_score.setdefault(sc, set()).add(res[f"E{i:02d}"].population["分布"])
    assert all(len(v) == 1 for v in by_score.values())  # equal scores, equal grades
    ordered = sorted(by_score)
    grades = [next(iter(by_score[v])) for v in ordered]
    assert grades == sorted(grades, reverse=True)  # a higher score never gets a worse grade


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10_000_000, places=2), st.lists(st.sampled_from(["1.4", "1.2", "1.0", "0.8", "0.6"]), min_size=1, max_size=60))
def test_pool_shares_always_sum_to_the_pool(pool: Decimal, coefs: list[str]) -> None:
    shares = allocate(pool, [D(c) for c in coefs], 2)
    assert sum(shares) == pool
    exact = [pool * D(c) / sum(D(x) for x in coefs) for c in coefs]
    assert all(abs(s - e) < D("0.01") for s, e in zip(shares, exact, strict=True))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["甲", "乙", "丙"]), st.integers(50, 100)), min_size=1, max_size=30), st.randoms())
def test_ranking_is_invariant_under_shuffling(rows: list[tuple[str, int]], rnd: random.Random) -> None:
    s = _scheme("rank 排名 by total within 部门\n  distribute 分布 by total within 部门 { A 30%  B 40%  C 30%  boundary higher }", grade="")
    records = [{"工号": f"E{i:02d}", "部门": d, "s": sc} for i, (d, sc) in enumerate(rows)]
    first = {r.id: dict(r.population) for r in s.evaluate(records).records}
    shuffled = list(records)
    rnd.shuffle(shuffled)
    again = {r.id: dict(r.population) for r in s.evaluate(shuffled).records}
    assert first == again


def test_population_errors_name_the_record_and_the_rule() -> None:
    missing_key = kpidsl.loads('scheme "p" {\n  input 工号: text\n  input s: score optional\n'
                               '  indicator x { score coalesce(s, 0) }\n  rank 排名 by s\n}')
    with pytest.raises(kpidsl.KpiEvalError) as exc:
        missing_key.evaluate([{"工号": "E1", "s": 1}, {"工号": "E2"}])
    assert exc.value.diagnostics[0].code == "K-R0310"
    # A small group falls back to its band grade, which the distribution's coefficients do not list.
    fallback = _scheme("distribute 分布 by total { A 50%  B 50%  min_group 5 -> bands }\n"
                       "  coefficient 系数 from 分布 { A 1.2  B 1.0 }")
    with pytest.raises(kpidsl.KpiEvalError) as exc:
        _run(fallback, [95, 75])
    assert exc.value.diagnostics[0].code == "K-R0311" and "'C'" in exc.value.diagnostics[0].message
    zero = _scheme("normalise 标准分 by total within 部门 weight 部门得分", grade="")
    with pytest.raises(kpidsl.KpiEvalError) as exc:
        _run(zero, [0, 0])
    assert exc.value.diagnostics[0].code == "K-R0313"


def test_a_record_without_a_period_is_an_error() -> None:
    s = kpidsl.loads('scheme "p" {\n  period quarter\n  input 工号: text\n  input 期间: period optional\n'
                     '  input s: score\n  indicator x { score s }\n}')
    with pytest.raises(kpidsl.KpiEvalError) as exc:
        s.evaluate([{"工号": "E1", "期间": "2024Q1", "s": 1}, {"工号": "E2", "s": 2}])
    assert exc.value.diagnostics[0].code == "K-R0314"
