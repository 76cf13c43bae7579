"""`kpi diff`'s outputs: text for the terminal, JSON for programs, a workbook and an HTML page
for people (docs/cli.md, "kpi diff"). Words come from the catalogue (`messages/audit.py`); JSON
keys, node ids and change kinds never change with the language."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..messages import audit as msg
from ..messages import diffwords
from ..messages import output as out_msg
from ..values import Value
from .compare import Cause, Comparison, PersonChange


def _v(value: Value, field: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, bool) and field == "bonus":
        return out_msg.bonus_paid() if value else out_msg.bonus_withheld()
    if isinstance(value, bool):
        return msg.yes() if value else msg.no()
    return str(value)


def _arrow(old: Value, new: Value, field: str = "") -> str:
    return _v(new, field) if old == new else f"{_v(old, field)} -> {_v(new, field)}"


#: The compared results under the headers `kpi eval` gives them (总分 / Total, 等级, 绩效奖金).
_HEADERS = {"total": out_msg.header_total, "grade": out_msg.header_grade, "bonus": out_msg.header_bonus}


def field_header(field: str) -> str:
    """A compared field's header in the current language; a population rule's is its name."""
    header = _HEADERS.get(field)
    return header() if header is not None else field


def _said(outcome: str | None, veto: bool) -> str:
    """A step's outcome as `compare` records it (`fired`, `tier 2 -> 80`; stable words in the JSON),
    in the current language; a veto that did not fire has no step, and says so."""
    if outcome is None:
        return msg.outcome_not_fired() if veto else "-"
    if outcome == "fired":
        return msg.outcome_fired()
    if outcome.startswith("fired: grade "):
        return msg.outcome_fired_grade(grade=outcome.removeprefix("fired: grade "))
    found = re.fullmatch(r"tier (\d+) -> (.*)", outcome)
    return msg.outcome_tier(number=found[1], result=found[2]) if found else outcome


def _word(key: str) -> str:
    """A change's or node kind's stable English key (`changed`, `veto`) in the current language."""
    said = diffwords.CHANGE_WORDS.get(key)
    return said() if said is not None else key


def cause_text(c: Cause) -> str:
    """Why a person moved, in words."""
    if not c.changes:
        return msg.cause_population(rule=c.node.split(":", 1)[1], old=c.old or "-", new=c.new or "-")
    veto = c.node.startswith("veto:")
    old, new = _said(c.old, veto), _said(c.new, veto)
    ch = c.changes[0]
    if ch.change == "added":
        return msg.cause_added(kind=_word(c.kind), text=ch.new or ch.node, outcome=new)
    if ch.change == "removed":
        return msg.cause_removed(kind=_word(c.kind), text=ch.old or ch.node, outcome=old)
    rules = "; ".join(f"`{x.old}` => `{x.new}`" for x in c.changes)
    return msg.cause_changed(subject=c.node.split("/")[0].split(":", 1)[-1], old=old, new=new, rules=rules)


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal cells (a Chinese character takes two)."""
    from ..source import display_width

    return text + " " * max(width - display_width(text), 0)


def _people_rows(cmp: Comparison) -> tuple[list[str], list[list[str]]]:
    heads = [msg.col_id(), msg.col_name(), msg.col_group(), *map(field_header, cmp.fields), msg.col_why()]
    rows = [[p.id, p.name or "", p.group or "", *(_arrow(p.old.get(f), p.new.get(f), f) for f in cmp.fields),
             " / ".join(cause_text(c) for c in p.causes)] for p in cmp.people]
    return heads, rows


def render_text(cmp: Comparison) -> str:
    from tabulate import tabulate

    out = [msg.diff_title(old=cmp.old_label, new=cmp.new_label), ""]
    out.append(msg.diff_changes(count=len(cmp.changes)))
    for c in cmp.changes:
        text = c.new if c.change == "added" else c.old if c.change == "removed" else f"{c.old}  =>  {c.new}"
        out.append(f"  {_pad(_word(c.change), 8)} {_pad(_word(c.kind), 16)} {c.node}: {text}")
    out += ["", msg.diff_people(changed=len(cmp.people), total=len(cmp.people) + cmp.unchanged)]
    heads, rows = _people_rows(cmp)
    if rows:
        out.append(tabulate(rows, headers=heads, disable_numparse=True))
    for f, counts in cmp.grades.items():
        out += ["", msg.diff_grades(field=field_header(f))]
        out.append(tabulate([[label or "-", a, b, f"{b - a:+d}"] for label, a, b in counts],
                            headers=[msg.col_label(), msg.col_before(), msg.col_after(), msg.col_change()], disable_numparse=True))
    for m, groups in cmp.money.items():
        out += ["", msg.diff_money(rule=m)]
        out.append(tabulate([[g, str(a), str(b), str(b - a), str(moved)] for g, a, b, moved in groups],
                            headers=[msg.col_group(), msg.col_before(), msg.col_after(), msg.col_change(), msg.col_moved()],
                            disable_numparse=True))
    for label, ids in ((msg.only_old(), cmp.only_old), (msg.only_new(), cmp.only_new)):
        if ids:
            out += ["", f"{label}: {', '.join(ids)}"]
    return "\n".join(out) + "\n"


def to_json(cmp: Comparison) -> dict[str, Any]:
    def person(p: PersonChange) -> dict[str, Any]:
        return {"id": p.id, "period": p.period, "name": p.name, "group": p.group, "old": {k: _j(v) for k, v in p.old.items()},
                "new": {k: _j(v) for k, v in p.new.items()}, "delta_total": str(p.delta_total),
                "causes": [{**c.to_dict(), "text": cause_text(c)} for c in p.causes]}

    return {
        "old": cmp.old_label, "new": cmp.new_label,
        "changes": [c.to_dict() for c in cmp.changes],
        "people": [person(p) for p in cmp.people], "unchanged": cmp.unchanged,
        "grades": {f: [{"label": label, "old": a, "new": b} for label, a, b in counts] for f, counts in cmp.grades.items()},
        "money": {m: [{"group": g, "old": str(a), "new": str(b), "moved": str(moved)} for g, a, b, moved in groups]
                  for m, groups in cmp.money.items()},
        "only_old": cmp.only_old, "only_new": cmp.only_new,
    }


def _j(v: Value) -> Any:
    return str(v) if isinstance(v, Decimal) else v if v is None or isinstance(v, (str, bool)) else str(v)


def render_json(cmp: Comparison) -> str:
    return json.dumps(to_json(cmp), ensure_ascii=False, indent=2) + "\n"


def write_xlsx(path: Path, cmp: Comparison) -> None:
    """A workbook: the people who change, the rule changes, grade counts and money by group."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = msg.sheet_people()
    heads: list[str] = [msg.col_id(), msg.col_name(), msg.col_group()]
    for f in cmp.fields:
        heads += [f"{field_header(f)} ({msg.col_before()})", f"{field_header(f)} ({msg.col_after()})"]
    ws.append([*heads, msg.col_why()])
    for p in cmp.people:
        cells: list[Any] = [p.id, p.name, p.group]
        for f in cmp.fields:
            cells += [_cell(p.old.get(f)), _cell(p.new.get(f))]
        ws.append([*cells, " / ".join(cause_text(c) for c in p.causes)])
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (msg.sheet_changes(), ["change", "kind", "node", msg.col_before(), msg.col_after()],
         [[c.change, c.kind, c.node, c.old, c.new] for c in cmp.changes]),
        (msg.sheet_grades(), ["field", msg.col_label(), msg.col_before(), msg.col_after()],
         [[f, label, a, b] for f, counts in cmp.grades.items() for label, a, b in counts]),
        (msg.sheet_money(), ["rule", msg.col_group(), msg.col_before(), msg.col_after(), msg.col_moved()],
         [[m, g, a, b, moved] for m, groups in cmp.money.items() for g, a, b, moved in groups]),
    ]
    for title, header, rows in sheets:
        sheet = wb.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    from ..workbook import as_text

    as_text(wb)
    write_atomic(path, lambda p: wb.save(p))


def _cell(v: Value) -> Any:
    return v if v is None or isinstance(v, (str, bool, Decimal)) else str(v)


def render_html(cmp: Comparison, lang: str) -> str:
    """One self-contained page (inline CSS, no scripts, no network)."""
    from ..htmlreport.page import STYLE

    e = html.escape
    heads, rows = _people_rows(cmp)
    parts = [f"<!DOCTYPE html><html lang='{e(lang)}'><head><meta charset='utf-8'><title>{e(msg.diff_title(old=cmp.old_label, new=cmp.new_label))}"
             f"</title><style>{STYLE}</style></head><body><main>",
             f"<h1>{e(msg.diff_title(old=cmp.old_label, new=cmp.new_label))}</h1>",
             f"<h2>{e(msg.diff_changes(count=len(cmp.changes)))}</h2><table><tr><th>change</th><th>kind</th><th>node</th>"
             f"<th>{e(msg.col_before())}</th><th>{e(msg.col_after())}</th></tr>"]
    parts += [f"<tr><td>{e(_word(c.change))}</td><td>{e(_word(c.kind))}</td><td><code>{e(c.node)}</code></td><td><code>{e(c.old or '')}</code></td>"
              f"<td><code>{e(c.new or '')}</code></td></tr>" for c in cmp.changes]
    parts.append(f"</table><h2>{e(msg.diff_people(changed=len(cmp.people), total=len(cmp.people) + cmp.unchanged))}</h2>"
                 "<table class='people'><tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr>")
    parts += ["<tr data-id='" + e(r[0]) + "'>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows]
    parts.append("</table>")
    for f, counts in cmp.grades.items():
        parts.append(f"<h2>{e(msg.diff_grades(field=field_header(f)))}</h2><table><tr><th>{e(msg.col_label())}</th><th>{e(msg.col_before())}</th>"
                     f"<th>{e(msg.col_after())}</th></tr>" + "".join(f"<tr><td>{e(label)}</td><td>{a}</td><td>{b}</td></tr>"
                                                                      for label, a, b in counts) + "</table>")
    for m, groups in cmp.money.items():
        parts.append(f"<h2>{e(msg.diff_money(rule=m))}</h2><table><tr><th>{e(msg.col_group())}</th><th>{e(msg.col_before())}</th>"
                     f"<th>{e(msg.col_after())}</th><th>{e(msg.col_moved())}</th></tr>"
                     + "".join(f"<tr><td>{e(g)}</td><td>{a}</td><td>{b}</td><td>{moved}</td></tr>" for g, a, b, moved in groups)
                     + "</table>")
    parts.append("</main></body></html>\n")
    return "".join(parts)
