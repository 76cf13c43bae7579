"""Where the bulk fast path's columns live: new arrays in Arrow's memory pool, not numpy's.

A batch of the fast path makes a few hundred short-lived arrays (800 KB each at 100,000 rows).
numpy takes them from the C library's `malloc`, which returns a freed region of that size to the
system (glibc trims the top of its heap, or unmaps the block) and so hands the next call fresh
pages: each array's first touch then costs a page fault per 4 KB, more than the arithmetic on it
(measured on the workload: about 5,000 faults, 8 of the 21 ms of a call). Arrow's pool (mimalloc
or jemalloc, whatever `pyarrow.default_memory_pool()` is; the one every Arrow array of the
process already uses) keeps freed pages for reuse, so repeated calls reuse warm memory.

Nothing is kept here: each column is its own buffer, freed by reference counting as numpy's are,
so a column returned in a result is never written by a later call, and the pool's own policy
decides how long freed pages stay. kpidsl sets no allocator option of the process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: The ufuncs of the fast path (numpy's own type annotations are of no use across them).
Ufunc = Callable[..., Any]


def column(n: int, dtype: Any = np.int64) -> NDArray[Any]:
    """A new, uninitialised column of `n` values in Arrow's memory pool (writable)."""
    import pyarrow as pa

    kind = np.dtype(dtype)
    if not n:
        return np.empty(0, dtype=kind)
    return np.frombuffer(pa.allocate_buffer(n * kind.itemsize), dtype=kind)


def full(n: int, value: Any, dtype: Any = np.int64) -> NDArray[Any]:
    """A new column of `n` copies of `value`."""
    out = column(n, dtype)
    out.fill(value)
    return out


def calc(ufunc: Ufunc, *args: Any, dtype: Any = np.int64) -> NDArray[Any]:
    """`ufunc(*args)` into a new column (of `dtype`: int64, or bool for a comparison or a mask);
    a result of scalars only stays a numpy scalar, as numpy gives it (and as the columns' own
    arithmetic treats it: a constant broadcast over the rows)."""
    n = max(getattr(a, "size", 1) if getattr(a, "ndim", 0) else 0 for a in args)  # columns are 1-D
    if not n:
        return ufunc(*args)  # type: ignore[no-any-return]
    return ufunc(*args, out=column(n, dtype))  # type: ignore[no-any-return]
