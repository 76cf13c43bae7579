"""Arrow columns made from Python values without pyarrow's look for pandas.

`pyarrow.array` asks, before it converts a Python sequence (or even a numpy array), whether the
value is a pandas object, and to ask it imports pandas whenever pandas is installed (pyarrow's
pandas shim: `_is_array_like`, then `get_values`). `kpi eval`'s CSV run has no pandas object,
yet that import cost it some 40 MB of its peak memory and 0.3 s of CPU where clients have pandas
installed. These functions make the same arrays from buffers (`Array.from_buffers`,
`py_buffer`) and compute kernels, which pyarrow takes as they are: the values, the types and the
nulls are those `pa.array(values, pa.string())` and `pa.array(range(...), pa.int64())` give.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

#: Characters tried, in turn, to join a column's cells into one string that Arrow splits again:
#: the first that no cell holds is used (a cell read from a text file rarely holds any of them).
_SEPARATORS = ("\x00", "\x1f", "\ufdd0", "\ufdd1")

#: The most bytes a `string` array (32-bit offsets) holds.
_MAX_BYTES = (1 << 31) - 1


def one(text: str) -> pa.Array:
    """A `string` array of the one value `text`."""
    import pyarrow as pa

    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: pyarrow refuses it, as it always did
        return pa.array([text], pa.string())
    if len(data) > _MAX_BYTES:
        return pa.array([text], pa.string())
    return pa.Array.from_buffers(pa.string(), 1, [None, pa.py_buffer(_offsets(len(data))), pa.py_buffer(data)])


def texts(values: Sequence[object], memory_pool: pa.MemoryPool | None = None) -> pa.Array:
    """A `string` array of `values` (None: null), as `pa.array(values, pa.string())` (which
    also converts, or refuses, a value that is not a string), made in `memory_pool`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(values)
    missing = values.count(None)
    if missing == n:
        return pa.nulls(n, pa.string(), memory_pool=memory_pool)
    cells = values if not missing else ["" if v is None else v for v in values]
    joined = _joined(cells)
    if joined is None:  # every separator is in some cell, or a cell is not text: pyarrow's own conversion
        return pa.array(values, pa.string(), memory_pool=memory_pool)
    found = pc.split_pattern(one(joined[1]), joined[0], memory_pool=memory_pool).flatten()
    if missing:
        import numpy as np

        mask = np.fromiter((v is None for v in values), dtype=bool, count=n)
        nulls = pa.Array.from_buffers(pa.bool_(), n, [None, pa.py_buffer(np.packbits(mask, bitorder="little"))])
        found = pc.if_else(nulls, pa.nulls(n, pa.string()), found, memory_pool=memory_pool)
    return found


def row_numbers(start: int, n: int) -> pa.Array:
    """An `int64` array of `start`, `start + 1`, ... (`n` values), as `pa.array(range(...))`."""
    import numpy as np
    import pyarrow as pa

    return pa.Array.from_buffers(pa.int64(), n, [None, pa.py_buffer(np.arange(start, start + n, dtype=np.int64))])


def integers(values: Sequence[int]) -> pa.Array:
    """An `int64` array of `values`, as `pa.array(values, pa.int64())`."""
    import numpy as np
    import pyarrow as pa

    return pa.Array.from_buffers(pa.int64(), len(values), [None, pa.py_buffer(np.fromiter(values, np.int64, len(values)))])


def integer(value: int) -> pa.Scalar[pa.Int64Type]:
    """An `int64` scalar, for a compute function's argument (given a Python int, the function
    converts it with `pa.scalar`, which looks for pandas as `pa.array` does)."""
    return row_numbers(value, 1)[0]


def _joined(cells: Sequence[object]) -> tuple[str, str] | None:
    """The first of `_SEPARATORS` that no cell holds, and the cells joined by it (None: each is
    in some cell, or a cell is not a string)."""
    for sep in _SEPARATORS:
        try:
            joined = sep.join(cells)  # type: ignore[arg-type]
        except TypeError:
            return None
        if joined.count(sep) == len(cells) - 1:
            return sep, joined
    return None


def _offsets(size: int) -> bytes:
    import struct

    return struct.pack("<2i", 0, size)
