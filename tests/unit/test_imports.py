"""Imports: relative files, names, the stdlib, and the confinement rules."""

from __future__ import annotations

from pathlib import Path

import pytest

import kpidsl

SCHEME = """{imp}
scheme "s" {{
  input r: text
  input p: score
  indicator x {{ value r  score scale 五级评分 }}
  indicator y {{ score p }}
  grade {grade}
}}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_stdlib_import_by_name() -> None:
    s = kpidsl.loads(SCHEME.format(imp="from std.scales import 五级评分\nfrom std.bands import 四级_90_80_70", grade="四级_90_80_70"))
    r = s.evaluate_one({"r": "良好", "p": 82})
    assert r.total == 90 and r.grade == "A"


def test_import_everything_from_a_relative_file(tmp_path: Path) -> None:
    _write(tmp_path, "common/shared.kpi", 'import std.scales\nbands 两级 { 合格 >= 60  不合格 else }\n')
    main = _write(tmp_path, "s.kpi", SCHEME.format(imp='import "common/shared.kpi"', grade="两级"))
    r = kpidsl.load(main).evaluate_one({"r": "极差", "p": 10})
    assert r.grade == "不合格"


@pytest.mark.parametrize(
    ("imp", "code", "fragment"),
    [
        ('import "/etc/passwd.kpi"', "K-E0502", "relative"),
        ('import "secret.txt"', "K-E0502", "only .kpi"),
        ("import std.scale", "K-E0501", "did you mean 'std.scales'"),
        ("import numpy", "K-E0501", "std."),
        ("from std.scales import 五级评份", "K-E0506", "did you mean '五级评分'"),
    ],
)
def test_import_errors(imp: str, code: str, fragment: str) -> None:
    with pytest.raises(kpidsl.KpiImportError) as exc:
        kpidsl.loads(SCHEME.format(imp=imp, grade="{ A else }"))
    d = exc.value.diagnostics[0]
    assert d.code == code
    assert fragment in d.message + " ".join(d.hints)


def test_import_cycle(tmp_path: Path) -> None:
    _write(tmp_path, "a.kpi", 'import "b.kpi"\nconst A = 1\n')
    _write(tmp_path, "b.kpi", 'import "a.kpi"\nconst B = 2\n')
    main = _write(tmp_path, "s.kpi", 'import "a.kpi"\nscheme "s" { indicator x { score A } }\n')
    with pytest.raises(kpidsl.KpiImportError) as exc:
        kpidsl.load(main)
    assert exc.value.diagnostics[0].code == "K-E0503" and "a.kpi" in exc.value.diagnostics[0].message


def test_a_module_holding_a_scheme_cannot_be_imported(tmp_path: Path) -> None:
    _write(tmp_path, "other.kpi", 'scheme "o" { indicator x { score 1 } }\n')
    with pytest.raises(kpidsl.KpiImportError) as exc:
        kpidsl.loads('import "other.kpi"\nscheme "s" { indicator x { score 1 } }', base_dir=tmp_path)
    assert exc.value.diagnostics[0].code == "K-E0505"


def test_local_definition_replacing_an_import_warns() -> None:
    s = kpidsl.loads('import std.scales\nscheme "s" {\n  scale 五级评分 { 好 -> 1 }\n  indicator x { score 1 }\n}')
    codes = [d.code for d in s.check()]
    assert codes == ["K-W0101"]


def test_stdlib_modules_lint_clean() -> None:
    from kpidsl.resources import stdlib_dir

    for path in sorted(stdlib_dir().glob("*.kpi")):
        assert kpidsl.load(path).check() == [], path


def test_one_name_from_two_modules(tmp_path: Path) -> None:
    _write(tmp_path, "a.kpi", "const 上限 = 1\n")
    _write(tmp_path, "b.kpi", "const 上限 = 2\n")
    with pytest.raises(kpidsl.KpiImportError) as exc:
        kpidsl.loads('import "a.kpi"\nimport "b.kpi"\nscheme "s" { indicator x { score 上限 } }', base_dir=tmp_path)
    assert exc.value.diagnostics[0].code == "K-E0507"


def test_too_many_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kpidsl.loader

    monkeypatch.setattr(kpidsl.loader, "MAX_MODULES", 2)
    _write(tmp_path, "a.kpi", 'import "b.kpi"\nconst A = 1\n')
    _write(tmp_path, "b.kpi", 'import "c.kpi"\nconst B = 1\n')
    _write(tmp_path, "c.kpi", "const C = 1\n")
    with pytest.raises(kpidsl.KpiImportError) as exc:
        kpidsl.loads('import "a.kpi"\nscheme "s" { indicator x { score A } }', base_dir=tmp_path)
    assert exc.value.diagnostics[0].code == "K-E0504"
