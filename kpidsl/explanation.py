"""The explanation of one record (`Scheme.explain`): its result, the structured trace events, and
their wording in any language (`explain/`). Kept apart from `api.py`, which `kpi lint` loads, since
only explaining needs it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from .prebuilt import dataclass

if TYPE_CHECKING:
    from .explain import Detail, Explainer
    from .i18n import Lang
    from .outcome import RecordData
    from .results import RecordResult
    from .trace import TraceEvent


class Explaining(Protocol):
    """What an explanation needs of its scheme (`api.Scheme`): its file and its wording."""

    @property
    def path(self) -> str: ...

    def explainer_for(self, lang: Lang | str | None = None) -> Explainer: ...


@dataclass(frozen=True)
class Explanation:
    """The explanation of one record: its result, the structured events, and their wording in
    any language at either level of detail (`render`)."""

    record: RecordResult
    events: tuple[TraceEvent, ...]
    data: RecordData
    scheme: Explaining

    def __str__(self) -> str:
        """`print(explanation)`: the reply to the employee, in the current language (`render()`)."""
        return self.render()

    def __repr__(self) -> str:
        """One line (the record and its result), not the whole trace: what a notebook or a
        debugger shows for the object."""
        record = self.record
        grade = f", grade {record.grade}" if record.grade is not None else ""
        return f"<Explanation of {record.id}: total {record.total}{grade}, {len(self.events)} steps>"

    @property
    def text(self) -> str:
        """The full trace (every step), in the current language."""
        return self.render(detail="full")

    @property
    def explainer(self) -> Explainer:
        """The renderer of the current language."""
        return self.scheme.explainer_for()

    def render(self, lang: Lang | str | None = None, detail: Detail | str = "reply") -> str:
        """The explanation in `lang` (default: the current language) at `detail`: `reply`, the
        appeal reply written for the employee (one sentence per indicator, the rules quoted), or
        `full`, every step with its location."""
        from .explain import Detail

        return self.scheme.explainer_for(lang).document(self.data, self.scheme.path, Detail(detail))

    def json(self, lang: Lang | str | None = None) -> list[dict[str, object]]:
        """The events in their JSON form (as `kpi explain --format json` prints them), the
        texts in `lang` (default: the current language)."""
        explainer = self.scheme.explainer_for(lang)
        return [explainer.to_dict(e) for e in self.events]

    def rows(self, lang: Lang | str | None = None) -> list[tuple[str, str, str, str]]:
        """The full trace as rows (section, step, result, location): the workbook's explain sheet."""
        return self.scheme.explainer_for(lang).rows(self.events, self.scheme.path)
