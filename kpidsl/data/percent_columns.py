"""A percent column's convention, judged over the whole column rather than cell by cell.

A `percent` input reads plain numbers as ratios (0.95 is 95%) unless it is declared `as points`
(95 is 95%). One cell cannot tell which convention a column follows; the column can. Two mistakes
this catches, so that no number is read silently wrong (K-D0212):

- a column that reads ratios and holds plain numbers beyond ±1 (95): `as points` is the right
  hint only when none of its plain numbers is within ±1; a column that also holds 0.89 mixes the
  two conventions, and `as points` would read that 0.89 as 0.89%. The hint then names the cells;
- a column declared `as points` in which a plain number within ±1 (0.89) sits among values above
  1 point (96%, 95): it would be 0.89%, almost certainly a ratio written by mistake. It is an error
  that names the cell; writing it with its sign (`0.89%` or `89%`) says which is meant.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from .. import ir
from ..i18n import Text, listing
from ..messages import data as msg
from ..numbers import fmt_plain
from ..prebuilt import dataclass
from ..values import MarkedPercent
from .readers import Row, Table

#: At most this many cells are named in a message.
NAMED = 3


@dataclass(frozen=True, slots=True)
class Column:
    """What one percent column holds: how many plain numbers within ±1 and beyond (the first
    NAMED of each with their places, for the hint), and whether any value, written with its sign
    or not, is above 1 point. Kept that small so that a file read in chunks (`streaming.py`) can be
    surveyed whole, chunk by chunk (`merge`), before any of its cells is judged."""

    ratios: tuple[tuple[Decimal, Text], ...]
    points: tuple[tuple[Decimal, Text], ...]
    above_one_point: bool
    ratio_count: int = 0
    point_count: int = 0

    def mixes(self) -> bool:
        return bool(self.ratio_count) and bool(self.point_count)

    def merge(self, later: Column) -> Column:
        """This column's survey followed by that of `later` rows of the same column."""
        return Column((*self.ratios, *later.ratios)[:NAMED], (*self.points, *later.points)[:NAMED],
                      self.above_one_point or later.above_one_point, self.ratio_count + later.ratio_count,
                      self.point_count + later.point_count)


def merge(earlier: Mapping[str, Column], later: Mapping[str, Column]) -> dict[str, Column]:
    """The surveys of two runs of rows of one file, by input name."""
    return {name: earlier[name].merge(column) if name in earlier else column for name, column in later.items()}


def plain(raw: object) -> Decimal | None:
    """A cell's number when it is written without a % sign (None for a marked or non-numeric cell)."""
    if isinstance(raw, bool) or raw is None or isinstance(raw, MarkedPercent):
        return None
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    text = str(raw).strip().replace(",", "")
    if not text or text.endswith(("%", "％")):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _marked_points(raw: object) -> Decimal | None:
    """A value written with its sign, in points (96% is 96)."""
    if isinstance(raw, MarkedPercent):
        return raw.value * 100
    text = str(raw).strip() if isinstance(raw, str) else ""
    if text.endswith(("%", "％")):
        try:
            return Decimal(text[:-1].strip())
        except InvalidOperation:
            return None
    return None


def survey(scheme: ir.Scheme, table: Table, rows: list[Row], by_input: dict[str, int]) -> dict[str, Column]:
    """Each percent input's column, by input name."""
    out: dict[str, Column] = {}
    for spec in scheme.inputs:
        col = by_input.get(spec.name)
        if spec.type.name != "percent" or col is None:
            continue
        ratios: list[tuple[Decimal, Text]] = []
        points: list[tuple[Decimal, Text]] = []
        above = False
        for row in rows:
            raw = row.cells[col] if col < len(row.cells) else None
            number = plain(raw)
            if number is None:
                marked = _marked_points(raw)
                above = above or (marked is not None and abs(marked) > 1)
                continue
            (points if abs(number) > 1 else ratios).append((number, table.where(row)))
            above = above or abs(number) > 1
        out[spec.name] = Column(tuple(ratios[:NAMED]), tuple(points[:NAMED]), above, len(ratios), len(points))
    return out


def _cells(found: tuple[tuple[Decimal, Text], ...], count: int) -> str:
    named = [msg.cell_at(value=fmt_plain(v), where=w) for v, w in found[:NAMED]]
    if count > NAMED:
        named.append(msg.more_cells(count=count - NAMED))
    return listing(named)


def mixed_hint(column: Column) -> Text:
    """The K-D0212 hint for a plain number beyond ±1 in a column that also holds ratios."""
    return msg.hint_mixed_percent(ratios=_cells(column.ratios, column.ratio_count),
                                  points=_cells(column.points, column.point_count))


def small_in_points(spec: ir.Input, value: Decimal, column: Column | None, *, above: bool = False) -> bool:
    """Whether a plain number read `as points` is within ±1 (but not 0) among values above 1 point
    (the column's, or `above` when the caller has found that already)."""
    among = above or (column is not None and column.above_one_point)
    return spec.as_points and among and value != 0 and abs(value) <= 1


def above_one_point(values: Iterable[object]) -> bool:
    """Whether any of a column's raw values, written with its sign or not, is above 1 point."""
    for raw in values:
        number = plain(raw)
        if number is None:
            number = _marked_points(raw)
        if number is not None and abs(number) > 1:
            return True
    return False


def small_in_points_problem(value: Decimal) -> tuple[Text, Text]:
    """The message and hint for a plain 0.89 in an `as points` column of larger values."""
    written = fmt_plain(value)
    return (msg.small_in_points(value=written),
            msg.small_in_points_hint(value=written, as_ratio=fmt_plain(value * 100)))
