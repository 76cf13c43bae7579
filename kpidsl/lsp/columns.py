"""The columns of the data files beside a scheme, for completion and for a safe rename.

A consultant keeps a client's CSV or Excel export next to the scheme (`data.csv`, `一月.xlsx`);
files with a `total` column are kpi's own results and are left out.
Its header row names the columns the scheme's inputs must match; completion offers the ones no
input reads yet, with a type guessed from the first rows, and rename refuses to rename an input
away from a column it matches by name. Files are read with the data layer's own readers (UTF-8,
UTF-8 with BOM, GB18030, xlsx), and remembered until they change on disk.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..data.readers import FORMATS, read_table
from ..errors import KpiError
from ..prebuilt import dataclass

#: Data files looked at in the scheme's folder (most recently changed first), and rows sampled.
MAX_FILES = 5
SAMPLE_ROWS = 20
#: A column only result files have: a file with it is kpi's output, not data for the scheme.
RESULT_MARK = "total"
# (a `.txt` beside a scheme is usually notes or an explanation, not an export)
_TABLE_FORMATS = {ext for ext, kind in FORMATS.items() if kind in ("csv", "tsv", "xlsx") and ext != ".txt"}


@dataclass(frozen=True)
class Column:
    """One column of a data file: its header, where it is, and a few of its values."""

    header: str
    file: str
    samples: tuple[str, ...]

    @property
    def type_name(self) -> str:
        return guess_type(self.header, self.samples)

    @property
    def name(self) -> str:
        """The header as an input name: what is in brackets (a unit) dropped, blanks removed."""
        bare = re.sub(r"[(（][^)）]*[)）]", "", self.header)
        name = "".join(re.findall(r"\w+", bare)) or "".join(re.findall(r"\w+", self.header))
        return ("列" + name) if name[:1].isdigit() and name.isdigit() else name


def data_files(scheme_path: str) -> list[Path]:
    folder = Path(scheme_path).parent
    try:
        found = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in _TABLE_FORMATS and not p.name.startswith((".", "~$"))]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)[:MAX_FILES]


class DataColumns:
    """The columns of data files, each file read again only when it changed (one per server)."""

    def __init__(self) -> None:
        self._read: dict[Path, tuple[tuple[int, int], list[Column]]] = {}

    def columns(self, scheme_path: str) -> list[Column]:
        """Every column of the data files beside the scheme (a file that cannot be read is skipped)."""
        out: list[Column] = []
        for f in data_files(scheme_path):
            out.extend(self._columns_of(f))
        return out

    def headers(self, scheme_path: str) -> dict[str, list[str]]:
        """File name -> its column headers."""
        out: dict[str, list[str]] = {}
        for c in self.columns(scheme_path):
            out.setdefault(Path(c.file).name, []).append(c.header)
        return out

    def _columns_of(self, path: Path) -> list[Column]:
        try:
            st = path.stat()
            key = (st.st_mtime_ns, st.st_size)
        except OSError:
            return []
        hit = self._read.get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
        try:
            table = read_table(path)
        except (KpiError, OSError, ValueError):
            found: list[Column] = []
        else:
            found = []
            if RESULT_MARK in table.columns:
                found = []  # kpi eval's own output (expected.csv, results.csv), not input data
                self._read[path] = (key, found)
                return found
            for i, header in enumerate(table.columns):
                if not str(header).strip():
                    continue
                cells = (r.cells[i] for r in table.rows[:SAMPLE_ROWS] if i < len(r.cells) and r.cells[i] not in (None, ""))
                found.append(Column(str(header).strip(), str(path), tuple(str(c).strip() for c in cells)))
        self._read[path] = (key, found)
        return found


_BOOL = {"是", "否", "有", "无", "true", "false", "yes", "no", "y", "n"}
_NUMBER = re.compile(r"^[-+]?[¥￥]?\d[\d,]*(\.\d+)?(元)?$")
_DATE = re.compile(r"^\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?$")


def guess_type(header: str, samples: tuple[str, ...]) -> str:
    """An input type for a column, from its values (and its header for money and days)."""
    values = [s for s in samples if s]
    if not values:
        return "number"
    if all(v.lower() in _BOOL for v in values):
        return "bool"
    if all(v.endswith("%") and _NUMBER.match(v[:-1]) for v in values):
        return "percent"
    if all(_DATE.match(v) for v in values):
        return "date"
    if all(_NUMBER.match(v) for v in values):
        if "元" in header or any(v.startswith(("¥", "￥")) or v.endswith("元") for v in values):
            return "money"
        if ("天数" in header or "(天)" in header or "（天）" in header) and not any(v.startswith("-") for v in values):
            return "days"
        plain = [v.replace(",", "") for v in values]
        if all(v.isdigit() for v in plain):
            return "count"
        return "number"
    return "text"
