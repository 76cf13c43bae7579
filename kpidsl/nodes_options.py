"""Syntax nodes of a scheme's options for the tools around evaluation (kept apart from `nodes.py`, which is full):
the `overrides` block that orders population rules around `kpi eval --overrides`."""

from __future__ import annotations

from .prebuilt import dataclass
from .source import Span


@dataclass(frozen=True, slots=True)
class OverridesOrder:
    """`overrides { before R1  after R2, R3 }`: the population rules that run after `--overrides` is applied
    (and read the calibrated values); the others run before. (A node like those of `nodes.py`: its span first.)"""

    span: Span
    before: tuple[tuple[str, Span], ...]
    after: tuple[tuple[str, Span], ...]
