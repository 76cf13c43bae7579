"""What the server keeps between requests, apart from the documents: the data files' columns
and the stdlib catalogue, each read once (per server, not per process)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .columns import DataColumns

if TYPE_CHECKING:
    from ..catalog import Entry
    from ..lint.docs import RulePage


class Shared:
    """Read-mostly facts the handlers share."""

    def __init__(self) -> None:
        self.data = DataColumns()
        self._stdlib: list[Entry] | None = None
        self._pages: dict[str, RulePage] | None = None

    def stdlib(self) -> list[Entry]:
        """Every stdlib definition (`kpi stdlib list`), loaded when first asked for."""
        if self._stdlib is None:
            from ..catalog import entries

            self._stdlib = entries()
        return self._stdlib

    def help_uri(self, code: str) -> str | None:
        """The page of a lint rule in the shipped docs/lint.md (as SARIF's helpUri)."""
        from ..lint.docs import help_uri, rule_pages

        if self._pages is None:
            self._pages = rule_pages()
        page = self._pages.get(code)
        return help_uri(page) if page is not None else None
