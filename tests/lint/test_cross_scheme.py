"""K-L0807: an indicator shared by several departments' schemes, linted together, with different
weights (seed 003: 通用指标在各部门及单位所占权重保持统一)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_kpi

import kpidsl
from kpidsl.lint import lint, lint_many


def _scheme(dept: str, weight: int) -> str:
    return f"""scheme "{dept} KPI" {{
  input a: score in [0, 100]
  indicator 客户满意度 weight {weight}% {{ score a }}
  indicator {dept}业绩 weight {100 - weight}% {{ score a }}
}}
"""


def _files(tmp_path: Path, weights: dict[str, int]) -> list[Path]:
    out = []
    for dept, w in weights.items():
        p = tmp_path / f"{dept}.kpi"
        p.write_text(_scheme(dept, w), encoding="utf-8")
        out.append(p)
    return out


def test_the_odd_one_out_is_reported(tmp_path: Path) -> None:
    paths = _files(tmp_path, {"销售部": 20, "客服部": 20, "生产部": 25})
    reports = lint_many([kpidsl.load(p) for p in paths])
    found = {Path(r.path).stem: [d for d in r.diagnostics] for r in reports}
    assert found["销售部"] == [] and found["客服部"] == []
    (d,) = found["生产部"]
    assert d.code == "K-L0807" and d.span is not None and d.span.line == 3
    assert "25%" in d.message and "20% in '销售部 KPI'" in d.message


def test_without_a_usual_weight_every_scheme_is_reported(tmp_path: Path) -> None:
    paths = _files(tmp_path, {"销售部": 20, "客服部": 30})
    r = run_kpi("lint", *map(str, paths))
    assert r.code == 0 and r.out.count("K-L0807") == 2


def test_same_weights_and_single_files_are_clean(tmp_path: Path) -> None:
    paths = _files(tmp_path, {"销售部": 20, "客服部": 20})
    assert all(r.diagnostics == () for r in lint_many([kpidsl.load(p) for p in paths]))
    odd = _files(tmp_path, {"生产部": 25})[0]
    assert lint(kpidsl.load(odd)).diagnostics == ()


def test_a_suppression_of_the_cross_rule_is_judged_only_with_several_files(tmp_path: Path) -> None:
    paths = _files(tmp_path, {"销售部": 20, "客服部": 30})
    text = paths[1].read_text(encoding="utf-8").replace("{ score a }\n", "{ score a }   # kpi: ignore shared-weight-differs\n", 1)
    paths[1].write_text(text, encoding="utf-8")
    assert lint(kpidsl.load(paths[1])).diagnostics == ()  # one file: K-L0807 did not run, nothing unused
    reports = lint_many([kpidsl.load(p) for p in paths])
    assert [d.code for d in reports[0].diagnostics] == ["K-L0807"] and reports[1].diagnostics == ()
