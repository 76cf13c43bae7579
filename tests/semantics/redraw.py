"""Generated data for the shipped examples: their rows with the numeric cells redrawn.

Mostly kept, else one unit of the last place up or down, zero, or anything up to twice the value
with up to two more decimals (so totals land on x.xx5), always inside the input's declared type
and range; equal cells of a column are redrawn alike, so per-group amounts stay per group and ties
stay ties. Used to compare two evaluations of an example (two number semantics, two backends) on
far more data than the shipped rows.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import kpidsl
from kpidsl.data.records import normalise_header
from kpidsl.values import CellError, coerce


def read_rows(folder: Path) -> list[dict[str, str]]:
    raw = (folder / "data.csv").read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return list(csv.DictReader(io.StringIO(raw.decode(enc))))
        except UnicodeDecodeError:
            continue
    raise ValueError(folder)


def specs(scheme: kpidsl.Scheme) -> dict[str, Any]:
    """Normalised header -> the scheme's input it feeds."""
    return {normalise_header(c): spec for spec in scheme.ir.inputs for c in spec.column_names}


def _valid(spec: Any, text: str) -> bool:
    try:
        value = coerce(text, spec.type)
    except CellError:
        return False
    return spec.range is None or value is None or bool(spec.range.holds(value))


def _places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def redraw(data: st.DataObject, rows: list[dict[str, str]], by_header: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    seen: dict[tuple[str, str], str] = {}
    for row in rows:
        new = dict(row)
        for key, text in row.items():
            if (key, text) in seen:
                new[key] = seen[key, text]
                continue
            spec = by_header.get(normalise_header(key))
            t = text.strip().replace(",", "")
            percent = t.endswith("%")
            try:
                v = Decimal(t[:-1] if percent else t)
            except InvalidOperation:
                continue
            if spec is None or not v.is_finite():
                continue
            p = _places(t.rstrip("%"))
            unit = Decimal(1).scaleb(-p)
            seen[key, text] = text
            how = data.draw(st.integers(0, 9))
            if how <= 3:
                continue
            if how == 4:
                choice = v + unit
            elif how == 5:
                choice = v - unit
            elif how == 6:
                choice = Decimal(0)
            else:
                choice = Decimal(data.draw(st.integers(0, max(int(v * 2 * 10 ** (p + 2)), 1)))).scaleb(-(p + 2))
            candidate = f"{choice}%" if percent else str(choice)
            if _valid(spec, candidate):
                new[key] = seen[key, text] = candidate
        out.append(new)
    return out
