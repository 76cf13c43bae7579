"""Stable ids of the steps of a scheme, shared by the resolver (its stage graph) and lowering (the
IR): `indicator:采购计划完成率`, `deduct:旷工`, `deduct:旷工#2` for a second item with that label,
`veto:损失超限`, `field:达成率`, `aggregate:mean(满意度 within 部门)`, `rule:部门排名`."""

from __future__ import annotations

from collections import Counter


def escape(label: str) -> str:
    """A label as part of a node id: `/` (which nests ids) and `%` escaped."""
    return label.replace("%", "%25").replace("/", "%2F")


class LabelIds:
    """Ids of labelled steps (deductions, bonuses, vetoes, exclusions), numbered from the second
    step with the same label, in source order."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def next(self, kind: str, label: str) -> str:
        base = f"{kind}:{escape(label)}"
        self._seen[base] += 1
        count = self._seen[base]
        return base if count == 1 else f"{base}#{count}"
