"""Values, evaluated records and trace events as JSON and back, exactly.

The run record stores typed inputs, results and structured traces, and must give them back as
they were (a `Decimal` stays a `Decimal` with its digits, a date a date, a tuple a tuple), so that
a past result is explained by the same renderer as a fresh one. JSON alone loses these types, so
every value that is not a JSON string, boolean or null is written tagged (`{"$d": "95.5"}`), and
only the classes listed here are read back: a stored record can never name a class to build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from typing import Any

from .. import choices
from ..outcome import AdjustmentData, ItemData, OverrideData, RecordData, VetoData
from ..source import Span
from ..trace import Ev, TraceEvent

#: The dataclasses a record may hold, by name.
CLASSES: dict[str, type] = {c.__name__: c for c in (RecordData, ItemData, AdjustmentData, VetoData, OverrideData, TraceEvent)}

#: The enums a trace's facts may hold, by name.
ENUMS: dict[str, type[Enum]] = {"Ev": Ev, **{name: obj for name, obj in vars(choices).items()
                                            if isinstance(obj, type) and issubclass(obj, Enum)}}


class CodecError(ValueError):
    """A stored value that is not one this module writes."""


def encode(value: Any) -> Any:
    """A JSON-ready form of a value, a record or an event."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, Enum):
        return {"$e": type(value).__name__, "v": value.value}
    if isinstance(value, int):
        return {"$i": str(value)}
    if isinstance(value, Decimal):
        return {"$d": str(value)}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Span):
        return {"$span": [value.path, value.line, value.col, value.end_line, value.end_col]}
    if isinstance(value, tuple):
        return {"$t": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict) or (hasattr(value, "items") and not dataclasses.is_dataclass(value)):
        return {"$m": [[encode(k), encode(v)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and type(value).__name__ in CLASSES:
        return {"$c": type(value).__name__, "f": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise CodecError(f"cannot store a {type(value).__name__}")


def decode(data: Any) -> Any:
    """The value `encode` was given.

    Raises:
        CodecError: the data is not what `encode` writes.
    """
    if data is None or isinstance(data, (bool, str)):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise CodecError(f"unexpected stored value {data!r:.80}")
    tag = next(iter(data))
    match tag:
        case "$d":
            return Decimal(data["$d"])
        case "$i":
            return int(data["$i"])
        case "$date":
            return dt.date.fromisoformat(data["$date"])
        case "$span":
            return Span(*data["$span"])
        case "$t":
            return tuple(decode(v) for v in data["$t"])
        case "$m":
            return {_key(decode(k)): decode(v) for k, v in data["$m"]}
        case "$e" if data["$e"] in ENUMS:
            return ENUMS[data["$e"]](data["v"])
        case "$c" if data["$c"] in CLASSES:
            fields = {k: decode(v) for k, v in data["f"].items()}
            if data["$c"] == "TraceEvent":  # its kind is a StrEnum, stored as its text
                fields["kind"] = Ev(fields["kind"])
            return CLASSES[data["$c"]](**fields)
    raise CodecError(f"unexpected stored value {data!r:.80}")


def _key(k: Any) -> Any:
    return tuple(k) if isinstance(k, list) else k


def dumps(value: Any) -> str:
    """Canonical JSON text (sorted keys, no spaces): the same value always gives the same text,
    which the run record's hash chain relies on."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def stored_record(record: RecordData) -> Any:
    """A record as the run record keeps it: without `env` (the inputs are stored once, apart)."""
    return encode(dataclasses.replace(record, env=None))
