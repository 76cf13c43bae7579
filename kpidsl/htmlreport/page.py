"""`kpi report`: one self-contained HTML page of a period's results, for a client's management
and for the people who appeal.

Everything is inline (CSS, a few lines of script, the charts as SVG from `charts.py`), so the
file opens anywhere with no network. Sections: the results, the grade distribution against the
quotas, a score histogram per group (department), the groups compared, vetoes and skipped items,
the top and bottom of each ranking, who was not appraised and why, and a letter per employee: the
appeal reply (`Scheme.explain_text(r, "reply")`, in the current language: the data, each rule
applied, the distance to the next tier and grade). Numbers follow the display rule every output
uses (`display.py`: declared places, a long quotient cut and marked `…`); the browser test checks
the page against `kpi eval`. Print CSS starts each letter on a new page.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from .. import __version__, display, ir
from ..columns import rule_places
from ..messages import audit as msg
from ..messages import output as out_msg
from ..numbers import ZERO, div, round_half_up
from ..outcome import RecordData
from ..values import Value
from . import charts

if TYPE_CHECKING:
    from ..api import Scheme

e = html.escape

STYLE = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --accent: #3b6ea5; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       color: var(--ink); margin: 0; background: #f5f7fa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; background: white; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.2em; border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin-top: 32px; }
.meta { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.92em; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f7; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; } .charts svg { max-width: 100%; height: auto; }
.appeal { border: 1px solid var(--line); border-radius: 6px; padding: 16px 20px; margin: 16px 0; }
.appeal pre { white-space: pre-wrap; font-family: inherit; background: #f8fafc; padding: 12px; border-radius: 4px; }
#search { padding: 4px 8px; width: 240px; }
@media print {
  body { background: white; } main { max-width: none; padding: 0; }
  #search, nav { display: none; } .appeal { break-before: page; border: none; }
  h2 { break-after: avoid; } table, .charts svg { break-inside: avoid; }
}
"""

#: Filters the results table and the letters by id or name as one types (no network, no library).
SCRIPT = """
document.getElementById('search').addEventListener('input', function (ev) {
  var q = ev.target.value.trim().toLowerCase();
  document.querySelectorAll('[data-search]').forEach(function (el) {
    el.style.display = !q || el.getAttribute('data-search').toLowerCase().indexOf(q) >= 0 ? '' : 'none';
  });
});
"""


def _v(value: Value, places: int | None = None) -> str:
    """A value as every output shows it: a number by the display rule, yes/no in words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return msg.yes() if value else msg.no()
    if isinstance(value, Decimal):
        return display.number(value, places)
    return str(value)


def _appraised(records: Sequence[RecordData]) -> list[RecordData]:
    """The records with a total (an excluded record is listed, never counted)."""
    return [r for r in records if r.excluded is None]


def build(scheme: Scheme, records: Sequence[RecordData], group_by: str | None, lang: str) -> str:
    """The whole page, in the current language."""
    s = scheme.ir
    group_by = group_by or _default_group(s)
    groups = _groups(_appraised(records), group_by)
    parts = [f"<!DOCTYPE html><html lang='{e(lang)}'><head><meta charset='utf-8'>",
             "<meta name='viewport' content='width=device-width, initial-scale=1'>",
             f"<title>{e(msg.report_title(title=s.title))}</title><style>{STYLE}</style></head><body><main>",
             f"<h1>{e(msg.report_title(title=s.title))}</h1>",
             f"<p class='meta'>{e(msg.report_meta(version=s.version or '-', people=len(records), kpidsl=__version__))}</p>",
             _results(s, records, group_by), _distribution(s, _appraised(records), groups), _histograms(_appraised(records), groups),
             _compare_groups(s, groups), _vetoes(records), _rankings(s, _appraised(records)),
             _letters(scheme, records), f"</main><script>{SCRIPT}</script></body></html>\n"]
    return "".join(parts)


def _default_group(s: ir.Scheme) -> str | None:
    for rule in s.rules:
        within = getattr(rule, "within", None)
        if isinstance(within, ir.Within) and within.columns:
            return within.columns[0]
    return None


def _groups(records: Sequence[RecordData], group_by: str | None) -> dict[str, list[RecordData]]:
    out: dict[str, list[RecordData]] = {}
    for r in records:
        key = str((r.env or {}).get(group_by, "")) if group_by else msg.everyone()
        out.setdefault(key, []).append(r)
    return out


def _name(r: RecordData) -> str:
    name = (r.env or {}).get("姓名")
    return name if isinstance(name, str) else ""


def _results(s: ir.Scheme, records: Sequence[RecordData], group_by: str | None) -> str:
    rules = [r.name for r in s.rules]
    places = {r.name: rule_places(r) for r in s.rules}
    heads = [msg.col_id(), msg.col_name(), *([group_by] if group_by else []), msg.report_total(),
             *([msg.report_grade()] if s.grade is not None else []), *rules,
             *([out_msg.header_excluded()] if s.exclusions else [])]
    rows = []
    for r in records:
        cells = [f"<td><a href='#appeal-{e(r.id)}'>{e(r.id)}</a></td>", f"<td>{e(_name(r))}</td>"]
        if group_by:
            cells.append(f"<td>{e(_v((r.env or {}).get(group_by)))}</td>")
        total = None if r.excluded is not None else r.total
        cells.append(f"<td class='num' data-field='total'>{e(_v(total, s.round_places))}</td>")
        if s.grade is not None:
            cells.append(f"<td data-field='grade'>{e(_v(r.grade))}</td>")
        cells += [f"<td class='num' data-field='{e(n)}'>{e(_v(r.population.get(n), places[n]))}</td>" for n in rules]
        if s.exclusions:
            cells.append(f"<td data-field='excluded'>{e(r.excluded or '')}</td>")
        rows.append(f"<tr data-id='{e(r.id)}' data-search='{e(r.id + ' ' + _name(r))}'>{''.join(cells)}</tr>")
    return (f"<h2 id='results'>{e(msg.report_results())}</h2><input id='search' type='search' placeholder='{e(msg.report_search())}'>"
            "<table id='results-table'><tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr>" + "".join(rows) + "</table>")


def _distribution(s: ir.Scheme, records: Sequence[RecordData], groups: dict[str, list[RecordData]]) -> str:
    out = [f"<h2>{e(msg.report_distribution())}</h2><div class='charts'>"]
    for rule in s.rules:
        if isinstance(rule, ir.DistributeRule):
            labels = [q.label for q in rule.quotas]
            counts = Counter(r.population.get(rule.name) for r in records)
            quota = [sum((q.value * len(m) for m in groups.values()), ZERO) for q in rule.quotas]
            out.append(charts.grade_bars(labels, [counts[x] for x in labels], quota, rule.name, msg.report_actual(), msg.report_quota()))
    if s.grade is not None:
        labels = [b.label for b in s.grade.bands.bands]
        counts = Counter(r.grade for r in records)
        out.append(charts.grade_bars(labels, [counts[x] for x in labels], None, msg.report_grade(), msg.report_actual(), ""))
    return "".join(out) + "</div>"


def _histograms(records: Sequence[RecordData], groups: dict[str, list[RecordData]]) -> str:
    totals = [r.total for r in records]
    if not totals:
        return ""
    low, high = int(min(totals) // 10 * 10), int(max(totals) // 10 * 10 + 10)
    svg = charts.histograms([(g, [r.total for r in m]) for g, m in groups.items()], range(low, high + 1, 5), msg.report_histogram())
    return f"<h2>{e(msg.report_histogram())}</h2><div class='charts'>{svg}</div>"


def _compare_groups(s: ir.Scheme, groups: dict[str, list[RecordData]]) -> str:
    labels = [b.label for b in s.grade.bands.bands] if s.grade is not None else []
    rows, means = [], []
    for g, members in groups.items():
        totals = [r.total for r in members]
        mean = round_half_up(div(sum(totals, ZERO), Decimal(len(totals))), 2)
        means.append(mean)
        counts = Counter(r.grade for r in members)
        rows.append(f"<tr data-group='{e(g)}'><td>{e(g)}</td><td class='num'>{len(members)}</td><td class='num'>{mean}</td>"
                    f"<td class='num'>{e(_v(min(totals), s.round_places))}</td><td class='num'>{e(_v(max(totals), s.round_places))}</td>"
                    + "".join(f"<td class='num'>{counts[x]}</td>" for x in labels) + "</tr>")
    heads = [msg.col_group(), msg.report_people(), msg.report_mean(), msg.report_min(), msg.report_max(), *labels]
    chart = charts.group_means(list(groups), means, msg.report_mean())
    return (f"<h2>{e(msg.report_groups())}</h2><div class='charts'>{chart}</div><table><tr>"
            + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr>" + "".join(rows) + "</table>")


def _vetoes(records: Sequence[RecordData]) -> str:
    rows = [f"<tr><td>{e(r.id)}</td><td>{e(_name(r))}</td><td>{e(msg.report_veto())}</td><td>{e(v.label)}</td>"
            f"<td>{e(v.grade or msg.report_no_bonus())}</td></tr>" for r in records for v in r.vetoes]
    rows += [f"<tr><td>{e(r.id)}</td><td>{e(_name(r))}</td><td>{e(msg.report_skipped())}</td><td>{e(i.name)}</td>"
             f"<td>{e(i.reason or '')}</td></tr>" for r in records for i in r.items if i.skipped]
    body = ("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in (msg.col_id(), msg.col_name(), msg.report_what(), msg.report_rule(),
                                                                   msg.report_effect())) + "</tr>" + "".join(rows) + "</table>"
            if rows else f"<p>{e(msg.report_none())}</p>")
    return f"<h2>{e(msg.report_vetoes())}</h2>{body}"


def _rankings(s: ir.Scheme, records: Sequence[RecordData], n: int = 3) -> str:
    out = []
    for rule in s.rules:
        if not isinstance(rule, ir.RankRule):
            continue
        by_group = _groups(records, rule.within.columns[0] if rule.within.columns else None)
        rows = []
        for g, members in by_group.items():
            ranked = sorted(members, key=lambda r: (r.population.get(rule.name) or ZERO, r.id))
            top, bottom = ranked[:n], ranked[-n:] if len(ranked) > n else []
            for which, part in ((msg.report_top(), top), (msg.report_bottom(), bottom)):
                names = ", ".join(f"{r.id} {_name(r)} ({_v(r.population.get(rule.name))}: {_v(r.total, s.round_places)})"
                                  for r in part)
                if names:
                    rows.append(f"<tr><td>{e(g)}</td><td>{e(which)}</td><td>{e(names)}</td></tr>")
        out.append(f"<h2>{e(msg.report_ranking(rule=rule.name))}</h2><table>" + "".join(rows) + "</table>")
    return "".join(out)


def _letters(scheme: Scheme, records: Sequence[RecordData]) -> str:
    """A letter per employee: a greeting, then the appeal reply (its conclusion, the data, each
    rule applied with the distance to the next tier and grade, the rule lines quoted)."""
    out = [f"<h2 id='appeals'>{e(msg.report_appeals())}</h2>"]
    for r in records:
        name = _name(r) or r.id
        out.append(f"<section class='appeal' id='appeal-{e(r.id)}' data-id='{e(r.id)}' data-search='{e(r.id + ' ' + _name(r))}'>"
                   f"<h3>{e(msg.report_letter_title(name=name, id=r.id))}</h3><p>{e(msg.report_letter_intro(name=name))}</p>"
                   f"<pre class='explain'>{e(scheme.explain_text(r, 'reply'))}</pre></section>")
    return "".join(out)
