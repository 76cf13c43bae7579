"""What the bulk API returns: the records as evaluated (columns, when the columnar engine ran),
with the public pydantic models built only when asked.

`BulkResults` answers the questions a bulk caller asks without building a model per record
(`column("total")`, `len`, iteration over `record_data`), and behaves like the `Results` model for
everything else (`records`, `by_id`, `model_dump`, `model_dump_json`, built once on first use).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .outcome import RecordData

if TYPE_CHECKING:
    import pyarrow as pa

    from . import ir
    from .explain import Explainer
    from .results import RecordResult, Results


#: Columns `BulkResults.column` knows besides item names (each item gives its score).
FIXED = ("id", "period", "total", "total_exact", "grade", "grade_before_veto", "base_score", "deductions", "bonuses",
         "bonus_eligible")


class BulkResults:
    """The results of `Scheme.evaluate` (see the module docstring)."""

    def __init__(self, scheme: str, version: str | None, period: str | None, records: Sequence[RecordData],
                 explainer: Explainer | None, engine: str, engine_note: str | None = None,
                 scheme_ir: ir.Scheme | None = None) -> None:
        self.scheme = scheme
        self.version = version
        self.period = period
        self.record_data = records
        #: Which backend evaluated the records: "columnar" or "python".
        self.engine = engine
        #: Why these records were not evaluated by the columnar engine (None when they were): this
        #: call's reason, where `Scheme.engine_note` is the scheme's last call's.
        self.engine_note = engine_note
        #: Why the columnar engine's fixed-point fast path stepped aside for some of the records
        #: (a divisor with cents, a value beyond 64 bits): DuckDB computed them, with the same
        #: results, several times slower. None when it took them all or was not tried.
        self.fast_note: str | None = getattr(records, "fast_note", None)
        self._explainer = explainer
        self._ir = scheme_ir
        self._model: Results | None = None

    def __len__(self) -> int:
        return len(self.record_data)

    def __eq__(self, other: object) -> bool:
        """Equal results: the same models (whichever engine made them)."""
        if isinstance(other, BulkResults):
            return self.model() == other.model()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def column(self, name: str) -> list[Any]:
        """One value per record, without building models: a fixed result (`total`, `grade`, ...)
        or an item's name for its score (None where skipped).

        Raises:
            KeyError: an unknown column.
        """
        column = getattr(self.record_data, "column", None)
        if column is not None and name == "id":
            return list(self.record_data.ids)  # type: ignore[attr-defined]
        if column is not None and name != "period":
            return column(name)  # type: ignore[no-any-return]  # a new list each time: no copy needed
        if name in FIXED:
            return [getattr(r, name) for r in self.record_data]
        out = []
        for r in self.record_data:
            item = next((i for i in r.items if i.name == name), None)
            if item is None:
                raise KeyError(name)
            out.append(item.score)
        return out

    def to_arrow(self, columns: Sequence[str] | None = None) -> pa.Table:
        """The results as a pyarrow Table: `id`, `period`, `total`, `total_exact`, `grade`,
        `grade_before_veto`, `base_score`, `deductions`, `bonuses`, `bonus_eligible`, then each
        item's score by name (None where skipped), or the `columns` asked for, in that order.
        Types come from the scheme (`arrowout.result_types`, docs/api.md), so both engines give
        equal tables; on the columnar engine the number columns are made in Arrow from its
        fixed-point columns (no Python value per record). Item columns and the unrounded ones
        may need the columnar engine's batches evaluated again, as `column` does.

        Raises:
            KeyError: an unknown column.
            KpiError: a value its column's type cannot hold exactly (K-O0103; never rounded).
        """
        from . import arrowout

        if self._ir is None:
            raise ValueError("these results do not know their scheme")  # pragma: no cover - the API passes it
        types = arrowout.chosen(arrowout.result_types(self._ir), columns)
        arrow_column = getattr(self.record_data, "arrow_column", None)
        ids: Sequence[str] = self.record_data.ids if arrow_column is not None else self.column("id")  # type: ignore[attr-defined]
        arrays = {}
        for name, type_ in types.items():
            if arrow_column is not None:
                arrays[name] = arrow_column(name, type_)
            else:
                values = self.column(name) if name in FIXED else [  # an excluded record has no items: null
                    next((i.score for i in r.items if i.name == name), None) for r in self.record_data]
                arrays[name] = arrowout.from_values(name, values, type_, ids)
        return arrowout.table(arrays, types)

    def to_pandas(self, columns: Sequence[str] | None = None) -> Any:
        """`to_arrow(columns)` as a pandas DataFrame (Arrow's own conversion: decimals stay `Decimal`)."""
        return self.to_arrow(columns).to_pandas()

    def to_polars(self, columns: Sequence[str] | None = None) -> Any:
        """`to_arrow(columns)` as a polars DataFrame (Arrow's own conversion: polars `Decimal` columns)."""
        import polars

        return polars.from_arrow(self.to_arrow(columns))

    def model(self) -> Results:
        """The `Results` pydantic model of every record (built on first use)."""
        if self._model is None:
            from .results import Results, to_model

            self._model = Results.model_construct(scheme=self.scheme, version=self.version, period=self.period,
                                                  records=[to_model(d, self._explainer) for d in self.record_data])
        return self._model

    @property
    def records(self) -> list[RecordResult]:
        return self.model().records

    def by_id(self, record_id: str) -> RecordResult:
        """One record by id (raises KeyError)."""
        return self.model().by_id(record_id)

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        return self.model().model_dump(**kwargs)

    def model_dump_json(self, **kwargs: Any) -> str:
        return self.model().model_dump_json(**kwargs)
