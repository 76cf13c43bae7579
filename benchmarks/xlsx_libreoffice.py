"""Does a real spreadsheet program read the payroll workbook as kpi means it? (Not a CI test.)

Run:
  python benchmarks/xlsx_libreoffice.py [--soffice soffice]

Writes `kpi eval -o results.xlsx` for two examples (forced_distribution: one sheet, payroll columns
with 姓名/部门 and the pool split in cents; quarterly_promotion: a sheet per period), converts each
workbook to CSV with LibreOffice headless (`soffice --headless --convert-to csv`, every sheet,
cells "as shown", UTF-8), and compares what LibreOffice shows with what kpi publishes
(`kpi eval --format csv`, the same columns): the headers, every id, and every value whose places
the scheme declares (the total, the pool's cents) must be the same text. It prints the
LibreOffice version, the seconds the conversion took (the baseline: converting kpi's own CSV of
the same results, so the ratio is the cost of the workbook, not of starting LibreOffice), and the
cells compared. Needs LibreOffice (Debian: apt-get install libreoffice-calc-nogui).
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

#: (example, columns, the columns whose places the scheme declares, sheets expected)
CASES = (
    ("forced_distribution", "id,姓名,部门,total,grade,强制分布,绩效系数,绩效工资", ("总分", "绩效工资"), ["绩效工资分配"]),
    ("quarterly_promotion", "id,period,total,grade,季度奖金", ("总分", "季度奖金"), ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]),
)

#: LibreOffice's CSV export options: comma, double quotes, UTF-8 (76), from line 1, ..., save cell
#: contents as shown (true), ..., every sheet to its own file (-1).
CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'


def kpi(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "kpidsl", *args], capture_output=True, text=True, check=True)
    return done.stdout


def convert(soffice: str, path: Path, outdir: Path, profile: Path) -> float:
    start = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", CSV_FILTER,
                    "--outdir", str(outdir), str(path)], capture_output=True, check=True, timeout=300)
    return time.perf_counter() - start


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def check(example: str, columns: str, declared: tuple[str, ...], sheets: list[str], soffice: str, tmp: Path) -> bool:
    book = tmp / f"{example}.xlsx"
    scheme, data = EXAMPLES / example / "scheme.kpi", EXAMPLES / example / "data.csv"
    kpi("eval", str(scheme), str(data), "--columns", columns, "--lang", "zh", "-o", str(book))
    published = read_csv_text(kpi("eval", str(scheme), str(data), "--columns", columns, "--lang", "zh", "--format", "csv"))
    outdir = tmp / example
    seconds = convert(soffice, book, outdir, tmp / "profile")
    plain = tmp / f"{example}-kpi.csv"
    plain.write_text(kpi("eval", str(scheme), str(data), "--columns", columns, "--format", "csv"), encoding="utf-8")
    baseline = convert(soffice, plain, tmp / f"{example}-baseline", tmp / "profile")
    # One file per sheet, named after the workbook and the sheet.
    files = sorted(outdir.glob("*.csv"))
    names = [f.stem.removeprefix(f"{example}-") for f in files]
    shown: list[list[str]] = []
    for f in files:
        rows = read_csv(f)
        shown.extend(rows[1:] if shown else rows)
    head = shown[0]
    kpi_head = published[0]
    compared = 0
    mismatches = []
    by_id = {(r[0], r[1] if "period" in columns else ""): r for r in published[1:]}
    for row in shown[1:]:
        key = (row[0], row[1] if "period" in columns else "")
        mine = by_id.get(key)
        if mine is None:
            mismatches.append(f"{key}: not in kpi's output")
            continue
        for name in declared:
            j = head.index(name)
            compared += 1
            if row[j] != mine[kpi_head.index(_english(name))]:
                mismatches.append(f"{key} {name}: LibreOffice shows {row[j]!r}, kpi publishes {mine[kpi_head.index(_english(name))]!r}")
    rows_ok = len(shown) - 1 == len(published) - 1
    print(f"{example}: sheets {names}; {len(shown) - 1} rows (kpi: {len(published) - 1}); "
          f"{compared} declared-places cells compared, {len(mismatches)} mismatches; "
          f"convert {seconds:.2f} s (kpi's CSV through LibreOffice: {baseline:.2f} s, ratio {seconds / baseline:.2f}x)")
    for m in mismatches[:10]:
        print("  " + m)
    return names == sheets and rows_ok and not mismatches and bool(files)


def read_csv_text(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _english(header: str) -> str:
    """kpi's CSV keeps the column keys (total); the workbook shows 总分."""
    return {"总分": "total"}.get(header, header)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--soffice", default="soffice")
    args = parser.parse_args()
    soffice = shutil.which(args.soffice)
    if soffice is None:
        print("LibreOffice (soffice) is not installed; apt-get install libreoffice-calc-nogui")
        return 2
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    print(f"{version}")
    with tempfile.TemporaryDirectory() as tmp:
        results = [check(*case, soffice=soffice, tmp=Path(tmp)) for case in CASES]
    print("LibreOffice reads every workbook as kpi publishes it" if all(results) else "MISMATCH: see above")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
