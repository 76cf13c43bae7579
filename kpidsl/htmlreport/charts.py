"""The report's charts, drawn by matplotlib as inline SVG.

Why matplotlib: it is a well-kept library that writes static SVG with no browser, server or
JavaScript at view time (Vega-Lite needs a renderer, vl-convert ships a JavaScript engine of
about 80 MB), it is installed as a wheel everywhere, and its object API (`Figure`, no pyplot)
keeps no process-global state. Text stays text in the SVG (`svg.fonttype: none`): the browser
draws the Chinese labels with the fonts the reader's system has (a CJK font list is given), so
no font is embedded (a CJK font is 15-20 MB) and nothing is fetched. matplotlib is imported only
by `kpi report` (about 0.3 s), never by `kpi eval`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

#: Fonts for Chinese text, in the order the browser tries them (all local; none is fetched).
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "sans-serif"]

_RC: dict[str, Any] = {"svg.fonttype": "none", "svg.hashsalt": "kpidsl", "font.size": 9,
       "axes.spines.top": False, "axes.spines.right": False}

ACTUAL, QUOTA = "#3b6ea5", "#c8c8c8"


def _fonts() -> list[str]:
    """The CJK fonts of the list that matplotlib finds here (it measures text with them; asking
    for one it lacks logs a warning per label), then the generic family for the browser."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in CJK_FONTS if f in known] + ["sans-serif"]


def _svg(draw: Any, size: tuple[float, float]) -> str:
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({**_RC, "font.family": _fonts()}):  # type: ignore[dict-item]
        fig = Figure(figsize=size, layout="constrained")
        draw(fig)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    return text[text.index("<svg"):]  # the XML header and doctype do not belong inside HTML


def grade_bars(labels: Sequence[str], actual: Sequence[int], quota: Sequence[Decimal] | None, title: str,
               actual_label: str, quota_label: str) -> str:
    """Headcount per grade, beside the quota's headcount when there is one."""

    def draw(fig: Any) -> None:
        ax = fig.subplots()
        xs = list(range(len(labels)))
        width = 0.4 if quota is not None else 0.6
        if quota is not None:
            ax.bar([x + width / 2 for x in xs], [float(q) for q in quota], width, color=QUOTA, label=quota_label)
        bars = ax.bar([x - width / 2 if quota is not None else x for x in xs], actual, width, color=ACTUAL, label=actual_label)
        ax.bar_label(bars, fmt="%d")
        ax.set_xticks(xs, list(labels))
        ax.set_title(title)
        ax.legend(frameon=False)

    return _svg(draw, (4.8, 2.8))


def histograms(groups: Sequence[tuple[str, Sequence[Decimal]]], edges: Sequence[int], title: str) -> str:
    """A score histogram per group, on shared bins, small multiples side by side."""

    def draw(fig: Any) -> None:
        axes = fig.subplots(1, len(groups), sharey=True, squeeze=False)[0]
        for ax, (name, values) in zip(axes, groups, strict=True):
            ax.hist([float(v) for v in values], bins=list(edges), color=ACTUAL, edgecolor="white")
            ax.set_title(name)
        fig.suptitle(title)

    return _svg(draw, (max(3.0, 2.4 * len(groups)), 2.6))


def group_means(names: Sequence[str], means: Sequence[Decimal], title: str) -> str:
    """The mean total of each group, as horizontal bars with their values."""

    def draw(fig: Any) -> None:
        ax = fig.subplots()
        bars = ax.barh(list(names), [float(m) for m in means], color=ACTUAL)
        ax.bar_label(bars, labels=[str(m) for m in means], padding=3)
        ax.invert_yaxis()
        ax.set_title(title)

    return _svg(draw, (4.8, 0.5 + 0.45 * max(1, len(names))))
