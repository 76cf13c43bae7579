"""Lint configuration for a team: which rules run, at what severity, for which files, and the
design rules' thresholds (the handbooks' defaults, tuned per client).

It is read from `kpi.toml` (`[lint]`) or `pyproject.toml` (`[tool.kpi.lint]`), found the way ruff
finds its configuration: walking up from the linted file, the nearest directory holding a
`kpi.toml`, or a `pyproject.toml` with a `[tool.kpi]` table, wins; nothing is merged. Rules are
named by code or name interchangeably (`registry.py`). A mistake in the file is a user error
(K-E0601) naming the file and the key, never a silently ignored setting.
"""

from __future__ import annotations

import contextlib
import fnmatch
from collections.abc import Mapping
from dataclasses import field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import KpiError, Severity
from ..i18n import listing
from ..messages import design as msg
from ..messages.common import did_you_mean
from ..prebuilt import dataclass
from . import registry, words

#: The file names searched in each directory, in order of precedence.
CONFIG_FILES = ("kpi.toml", "pyproject.toml")


@dataclass(frozen=True)
class DesignSettings:
    """Thresholds of the design rules (K-L08..). Defaults are the handbooks' (docs/lint.md cites
    each): at most 7 KPIs for one person, 5 per group, 12 indicators in all; every weight at least
    5% and distinct weights at least 5 points apart."""

    max_kpis: int = 7
    max_group_size: int = 5
    max_indicators: int = 12
    min_weight: Decimal = Decimal("0.05")
    min_weight_gap: Decimal = Decimal("0.05")
    #: True or False says whether the scheme is for front-line staff; None infers it from the title.
    front_line: bool | None = None
    front_line_words: tuple[str, ...] = words.FRONT_LINE
    manager_words: tuple[str, ...] = words.MANAGERS
    cross_department_words: tuple[str, ...] = words.CROSS_DEPARTMENT
    lower_is_better_words: tuple[str, ...] = words.LOWER_IS_BETTER
    higher_is_better_words: tuple[str, ...] = words.HIGHER_IS_BETTER


@dataclass(frozen=True)
class LintConfig:
    """What one configuration file says (or the defaults, when there is none)."""

    source: Path | None = None
    select: frozenset[str] = frozenset(registry.BY_CODE)
    ignore: frozenset[str] = frozenset()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    design: DesignSettings = DesignSettings()
    #: The least share of coverage targets the scheme's own tests must reach (K-L1101); None: not checked.
    min_coverage: Decimal | None = None

    @property
    def root(self) -> Path | None:
        """The directory per-file patterns are relative to."""
        return self.source.parent if self.source is not None else None

    def enabled(self, path: str) -> frozenset[str]:
        """The lint codes that run for the file at `path`."""
        codes = self.select - self.ignore
        for pattern, ignored in self.per_file_ignores:
            if _matches(pattern, path, self.root):
                codes -= ignored
        return codes

    def severity_of(self, code: str, given: Severity) -> Severity:
        return self.severity.get(code, given)


def _matches(pattern: str, path: str, root: Path | None) -> bool:
    p = Path(path)
    candidates = [p.as_posix(), p.name]
    if root is not None:
        with contextlib.suppress(ValueError, OSError):
            candidates.append(p.resolve().relative_to(root.resolve()).as_posix())
    return any(fnmatch.fnmatchcase(c, pattern) or PurePosixPath(c).match(pattern) for c in candidates)


# ----------------------------------------------------------------------------------- finding


def find_config(path: str | Path) -> Path | None:
    """The configuration file that applies to `path`: the nearest `kpi.toml`, or `pyproject.toml`
    with a `[tool.kpi]` table, in its directory or above."""
    start = Path(path).resolve()
    directory = start if start.is_dir() else start.parent
    for d in (directory, *directory.parents):
        kpi = d / "kpi.toml"
        if kpi.is_file():
            return kpi
        pyproject = d / "pyproject.toml"
        if pyproject.is_file() and "kpi" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def config_for(path: str | Path, cache: dict[Path | None, LintConfig] | None = None) -> LintConfig:
    """The configuration for one linted file (the defaults when no file applies)."""
    found = find_config(path)
    if cache is not None and found in cache:
        return cache[found]
    config = load_config(found) if found is not None else LintConfig()
    if cache is not None:
        cache[found] = config
    return config


def load_config(path: str | Path) -> LintConfig:
    """Read one `kpi.toml` or `pyproject.toml`.

    Raises:
        KpiError: K-E0601 for unreadable TOML, an unknown key, a wrong type or an unknown rule.
    """
    p = Path(path)
    data = _read(p)
    table: Any = data.get("tool", {}).get("kpi", {}) if p.name == "pyproject.toml" else data
    where = "[tool.kpi]" if p.name == "pyproject.toml" else msg.config_the_file()
    _check_keys(p, table, {"lint"}, where)
    lint = table.get("lint", {})
    prefix = "tool.kpi.lint" if p.name == "pyproject.toml" else "lint"
    _check_keys(p, lint, {"select", "ignore", "per-file-ignores", "severity", "design", "min-coverage"}, f"[{prefix}]")
    select = _codes(p, lint.get("select", ["ALL"]), f"{prefix}.select")
    ignore = _codes(p, lint.get("ignore", []), f"{prefix}.ignore")
    pfi = lint.get("per-file-ignores", {})
    _expect(p, pfi, dict, f"{prefix}.per-file-ignores", msg.config_use_pattern_table())
    per_file = tuple((str(k), frozenset(_codes(p, v, f"{prefix}.per-file-ignores.{k}"))) for k, v in pfi.items())
    sev = lint.get("severity", {})
    _expect(p, sev, dict, f"{prefix}.severity", msg.config_use_severity_table())
    severity: dict[str, Severity] = {}
    for key, level in sev.items():
        if level not in ("error", "warning", "info"):
            raise _error(p, msg.config_value(where=f"{prefix}.severity.{key}", value=repr(level)), msg.config_use_severity())
        for code in _codes(p, [key], f"{prefix}.severity"):
            severity[code] = Severity(level)
    design = _design(p, lint.get("design", {}), f"{prefix}.design")
    minimum = _share(p, lint["min-coverage"], f"{prefix}.min-coverage") if "min-coverage" in lint else None
    return LintConfig(p, frozenset(select), frozenset(ignore), per_file, severity, design, minimum)


_DESIGN_INTS = {"max-kpis": "max_kpis", "max-group-size": "max_group_size", "max-indicators": "max_indicators"}
_DESIGN_SHARES = {"min-weight": "min_weight", "min-weight-gap": "min_weight_gap"}
_DESIGN_WORDS = {"front-line-words": "front_line_words", "manager-words": "manager_words",
                 "cross-department-words": "cross_department_words", "lower-is-better-words": "lower_is_better_words",
                 "higher-is-better-words": "higher_is_better_words"}


def _design(p: Path, table: Any, where: str) -> DesignSettings:
    _expect(p, table, dict, where, msg.config_use_table())
    _check_keys(p, table, {*_DESIGN_INTS, *_DESIGN_SHARES, *_DESIGN_WORDS, "front-line"}, f"[{where}]")
    values: dict[str, Any] = {}
    for key, attr in _DESIGN_INTS.items():
        if key in table:
            v = table[key]
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise _error(p, msg.config_value(where=f"{where}.{key}", value=repr(v)), msg.config_whole_number())
            values[attr] = v
    for key, attr in _DESIGN_SHARES.items():
        if key in table:
            values[attr] = _share(p, table[key], f"{where}.{key}")
    for key, attr in _DESIGN_WORDS.items():
        if key in table:
            v = table[key]
            if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
                raise _error(p, msg.config_value(where=f"{where}.{key}", value=repr(v)), msg.config_word_list())
            values[attr] = tuple(v)
    if "front-line" in table:
        v = table["front-line"]
        if not isinstance(v, bool):
            raise _error(p, msg.config_value(where=f"{where}.front-line", value=repr(v)), msg.config_true_false())
        values["front_line"] = v
    return DesignSettings(**values)


def _share(p: Path, v: Any, where: str) -> Decimal:
    """A percentage written "5%" (a string, so it stays exact)."""
    if isinstance(v, str) and v.strip().endswith("%"):
        try:
            d = Decimal(v.strip()[:-1]) / 100
        except InvalidOperation:
            d = Decimal(-1)
        if 0 <= d <= 1:
            return d
    raise _error(p, msg.config_value(where=where, value=repr(v)), msg.config_percentage())


def _codes(p: Path, value: Any, where: str) -> set[str]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise _error(p, msg.config_value(where=where, value=repr(value)), msg.config_rule_list())
    out: set[str] = set()
    for token in value:
        codes = registry.expand(token)
        if codes is None:
            if token.strip().upper() in registry.CHECK_CODES:
                raise _error(p, msg.config_check_not_rule(where=where, token=token), msg.config_check_not_rule_hint())
            s = registry.suggest_rule(token)
            raise _error(p, msg.config_unknown_rule(where=where, token=token), did_you_mean(name=s) if s else msg.config_unknown_rule_hint())
        out |= codes
    return out


def _check_keys(p: Path, table: Any, allowed: set[str], where: str) -> None:
    _expect(p, table, dict, where, msg.config_use_table())
    from ..suggest import suggest

    for key in table:
        if key not in allowed:
            s = suggest(key, allowed)
            raise _error(p, msg.config_unknown_key(key=key, where=where), did_you_mean(name=s) if s else msg.config_known_keys(keys=listing(sorted(allowed))))


def _expect(p: Path, value: Any, kind: type, where: str, what: str) -> None:
    if not isinstance(value, kind):
        raise _error(p, msg.config_value(where=where, value=repr(value)), what)


def _read(p: Path) -> dict[str, Any]:
    import tomllib  # 4 ms to import (it compiles its expressions); most folders have no configuration

    try:
        with p.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise _error(p, msg.config_not_toml(error=str(exc)), msg.config_not_toml_hint()) from None
    except OSError as exc:
        raise _error(p, msg.config_unreadable(error=str(exc.strerror)), msg.config_unreadable_hint()) from None


def _error(p: Path, message: str, hint: str) -> KpiError:
    return KpiError.single("K-E0601", msg.config_error(path=str(p), message=message), None, [hint])
