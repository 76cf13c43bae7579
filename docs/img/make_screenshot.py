"""Render an example scheme, as `kpi fmt` lays it out, with the Pygments lexer, and photograph it
in headless Chromium.

Run: python docs/img/make_screenshot.py [SCHEME] [--out docs/img/highlight.png]

Needs Pygments (`pip install 'kpidsl[highlight]'`), Chromium (`apt-get install chromium`) and a
monospace font with Chinese characters (`apt-get install fonts-noto-cjk`), whose characters are
exactly two columns wide, so the aligned ladders show as aligned.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from pygments import highlight
from pygments.formatters import HtmlFormatter

from kpidsl.fmt import format_text
from kpidsl.highlight import KpiLexer
from kpidsl.source import display_width

ROOT = Path(__file__).resolve().parents[2]
#: Pixels per line of code; the window is made as tall as the lines shown.
LINE_HEIGHT = 22
CSS = f"""
body {{ margin: 0; padding: 16px 24px; background: #f8f8f8; }}
.highlight pre {{ margin: 0; font-family: 'Noto Sans Mono CJK SC', 'Noto Sans Mono', monospace; font-size: 15px;
                  line-height: {LINE_HEIGHT}px; }}
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scheme", nargs="?", default=str(ROOT / "examples" / "workshop_director" / "scheme.kpi"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "img" / "highlight.png"))
    ap.add_argument("--lines", default="63-126", help="the lines of the file to show, FIRST-LAST")
    args = ap.parse_args()
    first, last = (int(x) for x in args.lines.split("-"))
    text = format_text(Path(args.scheme).read_text(encoding="utf-8"), args.scheme)
    lines = text.splitlines(keepends=True)[first - 1 : last]
    formatter = HtmlFormatter(style="friendly")
    body = highlight("".join(lines), KpiLexer(), formatter)
    html = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{formatter.get_style_defs(".highlight")}{CSS}'
            f"</style></head><body>{body}</body></html>")
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        raise SystemExit("Chromium is needed: apt-get install chromium")
    height = 32 + len(lines) * LINE_HEIGHT
    width = 80 + max(display_width(line.rstrip("\n")) for line in lines) * 15 // 2  # a cell is half a 15 px em
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "scheme.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--no-first-run", "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp}/profile",
                        "--hide-scrollbars", f"--window-size={width},{height}", f"--screenshot={Path(args.out).resolve()}",
                        page.as_uri()], check=True, capture_output=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
