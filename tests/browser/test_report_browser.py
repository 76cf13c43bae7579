"""`kpi report` opened in a real headless Chromium (Debian's `chromium`, driven by playwright).

The page's numbers must be `kpi eval`'s, every employee must have a row and an appeal letter,
the console must stay free of errors and the page must make no network request (everything is
inline). Screenshots are always taken (into a temporary folder, so a test run never changes a
tracked file); KPI_SCREENSHOTS=update writes them to docs/img/ (committed, shown in README). Without Chromium the test skips loudly; `.ci/run` installs it.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_kpi

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[dev]')")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="!!! CHROMIUM NOT FOUND: the browser test of `kpi report` did NOT run. Install Debian's `chromium` and "
           "`fonts-noto-cjk` (bash .ci/run does it) !!!")


def _report(tmp_path: Path, lang: str) -> Path:
    out = tmp_path / f"report-{lang}.html"
    ex = "examples/forced_distribution"  # relative: the letters name the scheme as the user gave it
    result = run_kpi("report", f"{ex}/scheme.kpi", f"{ex}/data.csv", "-o", str(out), "--lang", lang, cwd=ROOT)
    assert result.code == 0, result.err
    return out


def _expected() -> dict[str, dict[str, str]]:
    """`kpi eval`'s numbers as it shows them (the CSV: the display rule, without the `…` mark)."""
    ex = EXAMPLES / "forced_distribution"
    result = run_kpi("eval", str(ex / "scheme.kpi"), str(ex / "data.csv"), "--format", "csv", "--headers", "keys")
    assert result.code == 0, result.err
    return {r["id"]: r for r in csv.DictReader(io.StringIO(result.out))}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_report_in_chromium(tmp_path: Path, lang: str) -> None:
    page_file = _report(tmp_path, lang)
    expected = _expected()
    errors: list[str] = []
    requests: list[str] = []
    with playwright_api.sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        browser = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=ARGS, headless=True,
                                                       viewport={"width": 1200, "height": 900})
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            rows = page.eval_on_selector_all(
                "#results-table tr[data-id]",
                "rows => rows.map(r => [r.dataset.id, Object.fromEntries([...r.querySelectorAll('td[data-field]')]"
                ".map(td => [td.dataset.field, td.textContent]))])")
            letters = page.eval_on_selector_all("section.appeal", "els => els.map(e => e.dataset.id)")
            explain = page.text_content("#appeal-S07 pre.explain") or ""
            svgs = page.eval_on_selector_all("svg", "els => els.length")
            page.fill("#search", "S07")
            visible = page.eval_on_selector_all("#results-table tr[data-id]", "rows => rows.filter(r => r.offsetParent !== null).length")
            page.fill("#search", "")
            img = ROOT / "docs" / "img" if os.environ.get("KPI_SCREENSHOTS") == "update" else Path(tempfile.mkdtemp())
            img.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(img / f"report-{lang}.png"), clip={"x": 0, "y": 0, "width": 1200, "height": 1400},
                            full_page=True)
            page.locator("#appeal-S07").screenshot(path=str(img / f"report-appeal-{lang}.png"))
            assert (img / f"report-{lang}.png").stat().st_size > 10_000
        finally:
            browser.close()
    assert errors == []
    assert requests == []
    assert sorted(letters) == sorted(expected)
    assert {rid for rid, _ in rows} == set(expected)
    for rid, cells in rows:
        want = expected[rid]
        assert cells["total"] == want["total"], rid
        assert cells["grade"] == want["grade"], rid
        for rule in ("部门排名", "百分位", "强制分布", "绩效系数", "绩效工资"):
            assert cells[rule].rstrip("…") == want[rule], (rid, rule)
    assert "S07" in explain and "强制分布" in explain
    # the letter is the appeal reply: the conclusion, the data, each rule quoted, the pool's share
    reply = run_kpi("explain", "examples/forced_distribution/scheme.kpi", "examples/forced_distribution/data.csv",
                    "--id", "S07", "--lang", lang, cwd=ROOT).out
    assert explain.strip() == reply.strip()
    assert svgs >= 3
    assert visible == 1
