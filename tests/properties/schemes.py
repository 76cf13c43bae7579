"""Random valid schemes over the whole language, with records to evaluate them on.

One generator, two sources of choices: a hypothesis `draw` (the `cases()` strategy, which shrinks a
failing scheme to a small one) or a seeded `random.Random` (`random_case(seed)`, used by the
before/after snapshot in tests/snapshot.py). Every scheme is valid by construction: names are
unique and defined before use, kinds fit every operator, weights add up, population rules refer to
earlier ones, history needs a period column. The records fit the inputs' types and ranges (but for
an occasional near level in a text input limited to a scale, `in 评级量表`: a typo the readers
refuse, or a level with spaces they trim), but may still divide by zero, leave an optional value missing or fall in no tier: evaluating them may raise
`KpiError`, never anything else.

Covered: inputs of every type (labels, aliases, ranges, a scale's levels, defaults, optional), constants, named and
inline ladders (intervals, comparisons, `else`, constant bounds, formula results), scales with
fixed and range levels, band sets, nested groups (`combine sum`/`mean`, percentage and multiplier
weights), indicators with every scoring (ladder, scale, proportional, raters mean/weighted/trimmed
with every missing rule, formula, none), `on zero`/`on missing` (value, skip, error), cap, floor,
round, deductions and bonuses (cap, `from`, `spill`), vetoes (`no bonus`, `grade X`), the total
(formula, cap, floor), the grade (inline or named bands, rounded or exact), every population rule,
periods (`prev`, `last_year`, flags, roll-ups, pool proration), templates with params.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Chooser(Protocol):
    def int(self, lo: int, hi: int) -> int: ...
    def choice(self, items: Sequence[T]) -> T: ...
    def chance(self, p: float) -> bool: ...


class RandomChooser:
    """Choices from a seeded `random.Random` (deterministic, no shrinking)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def int(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def choice(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


class DrawChooser:
    """Choices from a hypothesis `draw`, so failures shrink."""

    def __init__(self, draw: Callable[[Any], Any]) -> None:
        from hypothesis import strategies as st

        self.draw = draw
        self.st = st

    def int(self, lo: int, hi: int) -> int:
        return int(self.draw(self.st.integers(lo, hi)))

    def choice(self, items: Sequence[T]) -> T:
        return items[self.int(0, len(items) - 1)]

    def chance(self, p: float) -> bool:
        # Shrinks towards False: the simpler scheme.
        return self.int(0, 999) >= int(1000 * (1 - p))


NUM, TEXT, BOOL, DATE = "number", "text", "bool", "date"
NUMERIC_TYPES = ("number", "count", "percent", "money", "days", "score")
DEPTS = ("销售部", "生产部", "行政部")
LABELS = ("优秀", "良好", "一般", "较差")
#: The scale a text input may be limited to (`in 评级量表`): LABELS at fixed points.
LABELS_SCALE = "评级量表"
#: Cells of such an input that are not plainly a level: a typo, one character, and levels the
#: readers trim (a space, an ideographic space).
NEAR_LABELS = ("优透", "良", " 一般 ", "优秀\u3000", "较差 ")
#: Inputs whose values the records set to fit the population rules (one pool per department, ...).
FIXED_COLUMNS = ("部门", "期间", "奖金池", "部门分", "在岗比例")


@dataclass
class Inp:
    name: str
    type: str
    optional: bool = False
    default: str | None = None
    lo: int = 0
    hi: int = 100
    choices: tuple[str, ...] = ()
    ranged: bool = False
    #: `in 评级量表`: a text input limited to the levels of LABELS_SCALE.
    labelled: bool = False

    @property
    def kind(self) -> str:
        return {"text": TEXT, "bool": BOOL, "date": DATE, "period": TEXT}.get(self.type, NUM)


@dataclass
class Ctx:
    """What a formula at one place may read."""

    names: list[tuple[str, str]]  # (expression text, kind) of readable values
    ladders: list[str] = field(default_factory=list)
    scales: list[str] = field(default_factory=list)
    bands: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)  # names prev()/last_year() may read
    consts_only: bool = False
    #: What an aggregate's value may read here (None: no aggregates in this place).
    inner: Ctx | None = None


class Gen:
    """Builds one scheme text and its records from a stream of choices."""

    def __init__(self, c: Chooser, crowd: bool = False) -> None:
        self.c = c
        #: Always population rules, and several people per department (ties in pools are frequent).
        self.crowd = crowd
        self.counter = 0
        self.near = 0  # values given to inputs limited to a scale's levels
        self.lines: list[str] = []
        self.head: list[str] = []
        self.inputs: list[Inp] = []
        self.consts: list[str] = []
        self.ladders: list[str] = []
        self.text_ladders: list[str] = []
        self.scales: dict[str, list[tuple[str, int, int]]] = {}
        self.bands: list[str] = []
        self.indicators: list[tuple[str, str | None]] = []  # (name, value kind or None)
        self.groups: list[str] = []
        self.periods = False
        self.grade_labels: list[str] = []
        self.early_fields: list[tuple[str, str]] = []  # (name, kind): read by indicators and rules
        self.rule_outputs: list[tuple[str, str]] = []  # (name, kind) of population rules' outputs

    # ------------------------------------------------------------------ helpers
    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def number(self, lo: int = 0, hi: int = 100) -> str:
        form = self.c.int(0, 3)
        v = self.c.int(lo, hi)
        if form == 0:
            return f"{v}%"
        if form == 1:
            return f"{v}.{self.c.int(0, 99):02d}"
        return str(v)

    def numeric_inputs(self, required: bool = False) -> list[Inp]:
        return [i for i in self.inputs if i.kind == NUM and (not required or not i.optional)]

    # ------------------------------------------------------------------ expressions
    def num(self, ctx: Ctx, depth: int = 0) -> str:
        c = self.c
        nums = [t for t, k in ctx.names if k == NUM]
        roll = c.int(0, 13) if depth < 3 else c.int(0, 2)
        if roll == 0 or (roll in (1, 2) and not nums):
            return self.number(0, 20)
        if roll in (1, 2):
            return c.choice(nums)
        if roll == 3:
            return f"{self.num(ctx, depth + 1)} {c.choice('+-*')} {self.num(ctx, depth + 1)}"
        if roll == 4:
            return f"({self.num(ctx, depth + 1)}) / ({self.num(ctx, depth + 1)})"
        if roll == 5:
            return f"-{self.atom(ctx, depth)}"
        if roll == 6:
            fn = c.choice(("min", "max", "avg", "sum"))
            args = ", ".join(self.num(ctx, depth + 1) for _ in range(c.int(2, 3)))
            return f"{fn}({args})"
        if roll == 7:
            fn = c.choice(("abs", "round", "clamp", "coalesce"))
            x = self.num(ctx, depth + 1)
            if fn == "round":
                return f"round({x}, {c.int(0, 3)})"
            if fn == "clamp":
                return f"clamp({x}, 0, {c.int(1, 100)})"
            if fn == "coalesce":
                return f"coalesce({x}, {self.number(0, 5)})"
            return f"abs({x})"
        if roll == 8:
            return f"(if {self.cond(ctx, depth + 1)} then {self.num(ctx, depth + 1)} else {self.num(ctx, depth + 1)})"
        if roll == 9 and ctx.ladders:
            return f"{c.choice(ctx.ladders)}({self.num(ctx, depth + 1)})"
        if roll == 10 and ctx.scales:
            texts = [t for t, k in ctx.names if k == TEXT and t.startswith("评级")]
            if texts:
                return f"{c.choice(ctx.scales)}({c.choice(texts)})"
        if roll == 11 and ctx.history:
            return f"coalesce({c.choice(('prev', 'last_year'))}({c.choice(ctx.history)}), 0)"
        if roll == 12 and ctx.inner is not None:
            return self.aggregate(ctx.inner, depth)
        if roll == 13 and not ctx.consts_only:
            return f"coalesce(if {self.cond(ctx, depth + 1)} then {self.num(ctx, depth + 1)} else empty, {self.number(0, 5)})"
        return self.atom(ctx, depth)

    def aggregate(self, inner: Ctx, depth: int) -> str:
        """An aggregate over the records of the department or the period, of what `inner` reads."""
        c = self.c
        fn = c.choice(("mean", "sum", "min", "max", "median", "count", "count"))
        scope = c.choice(("within 部门", "over all", "within 部门"))
        where = f" where {self.cond(inner, 2)}" if c.chance(0.3) else ""
        arg = "" if fn == "count" and c.chance(0.5) else self.num(inner, depth + 2) + " "
        agg = f"{fn}({arg}{scope}{where})"
        return agg if fn == "count" else f"coalesce({agg}, {self.number(0, 5)})"

    def atom(self, ctx: Ctx, depth: int) -> str:
        nums = [t for t, k in ctx.names if k == NUM]
        if nums and self.c.chance(0.6):
            return self.c.choice(nums)
        return self.number(0, 20) if self.c.chance(0.5) else f"({self.num(ctx, depth + 1)})"

    def cond(self, ctx: Ctx, depth: int = 0) -> str:
        c = self.c
        roll = c.int(0, 9) if depth < 3 else c.int(0, 1)
        bools = [t for t, k in ctx.names if k == BOOL]
        texts = [t for t, k in ctx.names if k == TEXT]
        if roll == 0 or (roll == 5 and not bools):
            return f"{self.num(ctx, depth + 1)} {c.choice(('>=', '>', '<=', '<', '==', '!='))} {self.num(ctx, depth + 1)}"
        if roll == 1:
            return c.choice(("true", "false")) if not bools or c.chance(0.3) else c.choice(bools)
        if roll == 2:
            return f"{self.cond(ctx, depth + 1)} {c.choice(('and', 'or'))} {self.cond(ctx, depth + 1)}"
        if roll == 3:
            return f"not {self.cond_atom(ctx, depth)}"
        if roll == 4:
            return f"{self.num(ctx, depth + 1)} in {self.condition()}"
        if roll == 5:
            return c.choice(bools)
        if roll == 6 and texts:
            return f'{c.choice(texts)} {c.choice(("==", "!="))} "{c.choice(LABELS + DEPTS)}"'
        if roll == 7 and not ctx.consts_only:
            nums = [t for t, k in ctx.names if k == NUM]
            if nums:
                return f"present({c.choice(nums)})"
        if roll == 8 and ctx.bands:
            return f'{c.choice(ctx.bands)}({self.num(ctx, depth + 1)}) == "{c.choice(("甲", "乙", "丙"))}"'
        return f"{self.num(ctx, depth + 1)} >= {self.number(0, 50)}"

    def cond_atom(self, ctx: Ctx, depth: int) -> str:
        return f"({self.cond(ctx, depth + 1)})"

    def condition(self) -> str:
        """An interval or comparison on one number (bounds may be constants)."""
        c = self.c
        lo = c.int(0, 50)
        hi = lo + c.int(0, 50)
        if c.chance(0.4):
            op = c.choice((">=", ">", "<=", "<", "==", "!="))
            return f"{op} {self.bound(lo)}"
        left = c.choice("[(") if hi > lo else "["
        right = c.choice("])") if hi > lo else "]"
        return f"{left}{lo}, {hi}{right}"

    def bound(self, v: int) -> str:
        if self.consts and self.c.chance(0.2):
            return self.c.choice(self.consts)
        return str(v) if self.c.chance(0.5) else f"{v}%"

    # ------------------------------------------------------------------ definitions
    def make_inputs(self) -> None:
        c = self.c
        self.inputs.append(Inp("工号", "text"))
        self.lines.append("  id 工号")
        self.lines.append("  input 工号: text")
        if self.periods:
            self.inputs.append(Inp("期间", "period"))
            self.lines.append('  input 期间: period "考核期间"')
        self.inputs.append(Inp("部门", "text", choices=DEPTS))
        self.lines.append('  input 部门: text alias "所属部门"')
        for _ in range(c.int(2, 7)):
            t = c.choice((*NUMERIC_TYPES, *NUMERIC_TYPES, "bool", "date", "text"))
            inp = Inp(self.fresh("输入" if c.chance(0.5) else "x"), t)
            parts = [f"  input {inp.name}: {t}"]
            if t == "text":
                inp.name = self.fresh("评级")
                inp.choices = LABELS
                parts = [f"  input {inp.name}: text"]
                # Decided without a draw, so the other choices of a seed's scheme stay as they were.
                if self.counter % 2 == 0:
                    inp.labelled = True
                    parts.append(f"in {LABELS_SCALE}")
            if t in NUMERIC_TYPES and c.chance(0.4):
                inp.ranged = True
                parts.append("in [0%, 100%]" if t == "percent" else "in [0, 100]")
            if t == "count":
                inp.hi = min(inp.hi, 20)
            if c.chance(0.3):
                parts.append(f'"{inp.name}列"')
            if c.chance(0.25):
                inp.optional = True
                parts.append("optional")
            elif c.chance(0.25) and t in (*NUMERIC_TYPES, "bool"):
                inp.default = "0" if t != "bool" else "false"
                parts.append(f"= {inp.default}")
            self.inputs.append(inp)
            self.lines.append(" ".join(parts))

    def make_definitions(self) -> None:
        c = self.c
        if any(i.labelled for i in self.inputs):  # not offered to formulas: the other choices stay as they were
            points = "  ".join(f"{lb} -> {10 - 2 * i}" for i, lb in enumerate(LABELS))
            self.lines.append(f"  scale {LABELS_SCALE} {{ {points} }}")
        for _ in range(c.int(0, 2)):
            name = self.fresh("常量")
            expr = self.number(1, 50) if not self.consts or c.chance(0.5) else f"{c.choice(self.consts)} * 2"
            self.lines.append(f"  const {name} = {expr}")
            self.consts.append(name)
        for _ in range(c.int(0, 2)):
            name = self.fresh("阶梯")
            self.lines.append(f"  ladder {name} {{ {self.tiers(text=False)} }}")
            self.ladders.append(name)
        if c.chance(0.3):
            name = self.fresh("文字阶梯")
            self.lines.append(f'  ladder {name} {{ >= 60 -> "合格"  else -> "不合格" }}')
            self.text_ladders.append(name)
        for _ in range(c.int(0, 1)):
            name = self.fresh("量表")
            levels = [(lb, 10 - 2 * i, 10 - 2 * i) for i, lb in enumerate(LABELS)]
            if c.chance(0.5):
                levels.append(("等级零", 11, 20))
            self.scales[name] = levels
            body = "  ".join(f"{lb} -> {lo}" if lo == hi else f"{lb} -> {lo}..{hi}" for lb, lo, hi in levels)
            self.lines.append(f"  scale {name} {{ {body} }}")
        if c.chance(0.4):
            name = self.fresh("档次")
            self.lines.append(f"  bands {name} {{ 甲 >= 80  乙 [60, 80)  丙 else }}")
            self.bands.append(name)

    def tiers(self, text: bool, ctx: Ctx | None = None) -> str:
        c = self.c
        cuts = sorted({c.int(0, 100) for _ in range(c.int(1, 4))}, reverse=True)
        parts = []
        for cut in cuts:
            b = f"{cut}%" if c.chance(0.5) else str(cut)
            parts.append(f">= {b} -> {self.tier_result()}")
        if c.chance(0.85):
            parts.append(f"else -> {self.tier_result()}")
        elif c.chance(0.5):
            parts.append(f"< {parts[-1].split()[1]} -> {self.tier_result()}")
        return "  ".join(parts)

    def tier_result(self) -> str:
        c = self.c
        if self.consts and c.chance(0.2):
            return c.choice(self.consts)
        if self.consts and c.chance(0.1):
            return f"({c.choice(self.consts)} + 1)"
        return str(c.int(0, 100))

    # ------------------------------------------------------------------ indicators
    def inputs_ctx(self) -> Ctx:
        """Inputs and constants only: what an exclusion, or an aggregate an indicator reads, may read."""
        names = [(i.name, i.kind) for i in self.inputs if i.type != "period"]
        return Ctx(names + [(k, NUM) for k in self.consts], list(self.ladders), list(self.scales), list(self.bands))

    def base_ctx(self) -> Ctx:
        names = [(i.name, i.kind) for i in self.inputs if i.type != "period"]
        names += [(k, NUM) for k in self.consts]
        names += list(self.early_fields)
        for name, value_kind in self.indicators:
            names.append((name, NUM))
            names.append((f"{name}.score", NUM))
            if value_kind is not None:
                names.append((f"{name}.value", value_kind))
        hist = [i.name for i in self.inputs if i.kind == NUM] + [n for n, _ in self.indicators] if self.periods else []
        return Ctx(names, list(self.ladders), list(self.scales), list(self.bands), hist, inner=self.inputs_ctx())

    def indicator(self, weight: str) -> str:
        c = self.c
        name = self.fresh("指标" if c.chance(0.6) else "k")
        if self.head and c.chance(0.3):
            self.indicators.append((name, NUM))
            return f"indicator {name} from 模板{weight} {{ param 线 = {c.int(0, 90)} }}"
        ctx = self.base_ctx()
        clauses: list[str] = []
        if c.chance(0.3):
            clauses.append(f'code "C-{self.counter}"  category {c.choice("FCPL")}  direction {c.choice(("higher", "lower"))}')
        scoring = c.choice(("ladder", "ladder_ref", "scale", "proportional", "raters", "expr", "expr", "none"))
        if scoring == "ladder_ref" and not self.ladders:
            scoring = "ladder"
        scale_inputs = [i for i in self.inputs if i.type == "text" and i.choices == LABELS]
        if scoring == "scale" and not (self.scales and scale_inputs):
            scoring = "expr"
        raters = [i for i in self.numeric_inputs() if i.type in ("score", "number")]
        labelled = [i for i in scale_inputs if not any(lo != hi for _, lo, hi in self.scales.get(self.fixed_scale(), []))]
        if scoring == "raters" and len(raters) < 2 and len(labelled) >= 2 and self.fixed_scale():
            scoring = "raters_scale"
        if scoring == "raters" and len(raters) < 2:
            scoring = "expr"
        value_kind: str | None = None
        has_value = scoring in ("ladder", "ladder_ref", "proportional", "none") or (scoring in ("expr",) and c.chance(0.4))
        if scoring == "scale":
            value_kind = TEXT
            clauses.append(f"value {c.choice(scale_inputs).name}")
        elif has_value:
            value_kind = NUM
            clauses.append(f"value {self.num(ctx)}")
        score_ctx = Ctx([*ctx.names, *([("value", NUM)] if value_kind == NUM else [])], ctx.ladders, ctx.scales, ctx.bands, ctx.history)
        if scoring == "ladder":
            clauses.append(f"score ladder {{ {self.tiers(False)} }}")
        elif scoring == "ladder_ref":
            clauses.append(f"score ladder {c.choice(self.ladders)}")
        elif scoring == "scale":
            clauses.append(f"score scale {c.choice(list(self.scales))}")
        elif scoring == "proportional":
            clauses.append(f"score proportional target {self.num(score_ctx)} full {c.choice(('100', '15', '10'))}")
        elif scoring == "raters":
            clauses.append(self.raters(raters))
        elif scoring == "raters_scale":
            body = "  ".join(f"r{i}: {inp.name}" for i, inp in enumerate(labelled[:3]))
            clauses.append(f"score raters {{ {body}  scale {self.fixed_scale()}  missing -> {c.choice(('exclude', 'zero'))} }}")
        elif scoring == "expr":
            clauses.append(f"score {self.num(score_ctx)}")
        skip_ok = weight != ""
        for which in ("zero", "missing"):
            if c.chance(0.5):
                kind = c.choice(("value", "value", "skip", "error"))
                if kind == "skip" and not skip_ok:
                    kind = "value"
                outcome = self.number(0, 60) if kind == "value" else kind
                clauses.append(f"on {which} -> {outcome}")
        if c.chance(0.3):
            clauses.append(f"cap {c.choice(('100', self.num(score_ctx)))}")
        if c.chance(0.2):
            clauses.append("floor 0")
        if c.chance(0.3):
            clauses.append(f"round {c.int(0, 3)}")
        self.indicators.append((name, value_kind))
        return f"indicator {name}{weight} {{ {'  '.join(clauses)} }}"

    def fixed_scale(self) -> str:
        """A scale whose every level is fixed points (raters' labels need one), or ''."""
        return next((name for name, levels in self.scales.items() if all(lo == hi for _, lo, hi in levels)), "")

    def raters(self, pool: list[Inp]) -> str:
        c = self.c
        chosen = pool[: c.int(2, min(len(pool), 4))]
        method = c.choice(("mean", "weighted", "trimmed"))
        if method == "trimmed" and len(chosen) < 3:
            method = "mean"
        weights = self.split(len(chosen)) if method == "weighted" else None
        parts = []
        for i, inp in enumerate(chosen):
            w = f" weight {weights[i]}%" if weights else ""
            parts.append(f"r{i}: {inp.name}{w}")
        parts.append(f"method {method}" + (" 1" if method == "trimmed" else ""))
        parts.append(f"missing -> {c.choice(('exclude', 'zero', 'error'))}")
        return "score raters { " + "  ".join(parts) + " }"

    def split(self, k: int) -> list[int]:
        """k positive whole percentages adding up to 100."""
        cuts = sorted({self.c.int(1, 99) for _ in range(k * 2)})
        while len(cuts) < k - 1:
            cuts = sorted({*cuts, len(cuts) + 1})
        cuts = cuts[: k - 1]
        points = [0, *cuts, 100]
        return [b - a for a, b in itertools.pairwise(points)]

    def container(self, depth: int) -> list[str]:
        """Items of one container (scheme top level or group), all weighted alike or none."""
        c = self.c
        count = c.int(1, 3)
        mode = c.choice(("percent", "multiplier", "none"))
        weights = self.split(count) if mode == "percent" else [c.int(1, 4) for _ in range(count)]
        out = []
        for i in range(count):
            w = {"percent": f" weight {weights[i]}%", "multiplier": f" weight {weights[i]}", "none": ""}[mode]
            if depth < 2 and c.chance(0.25):
                out.append(self.group(w, depth + 1))
            else:
                out.append(self.indicator(w))
        return out

    def group(self, weight: str, depth: int) -> str:
        name = self.fresh("组")
        if self.c.chance(0.4):
            members = [self.indicator("") for _ in range(self.c.int(1, 2))]
            body = "combine mean  " + "  ".join(members)
        else:
            body = "  ".join(self.container(depth))
        self.groups.append(name)
        return f"group {name}{weight} {{ {body} }}"

    # ------------------------------------------------------------------ after scoring
    def after_ctx(self) -> Ctx:
        ctx = self.base_ctx()
        ctx.names += [(g, NUM) for g in self.groups]
        ctx.names += [(f"{n}.contribution", NUM) for n, _ in self.indicators]
        return ctx

    def adjustments(self) -> None:
        """Deductions and bonuses; one taken `from` an item is computed while that item is scored,
        so it reads only inputs and constants (not the item it changes, nor groups)."""
        c = self.c
        ctx = self.after_ctx()
        general = Ctx([(t, k) for t, k in ctx.names if "." not in t and t not in self.groups])
        attached = Ctx([(t, k) for t, k in ctx.names if t in self.consts or any(i.name == t for i in self.inputs)])
        for _ in range(c.int(0, 3)):
            kind = c.choice(("deduct", "bonus"))
            source = c.choice(self.indicators)[0] if kind == "deduct" and self.indicators and c.chance(0.3) else None
            amount = self.num(attached if source else general, 2)  # may start with `round(` (issue 11)
            line = f'  {kind} "{self.fresh("项")}" {amount}'
            if c.chance(0.3):
                line += f" cap {c.int(1, 20)}"
            if source is not None:
                line += f" from {source}" + (" spill" if c.chance(0.5) else "")
            self.lines.append(line)

    def vetoes(self) -> None:
        ctx = self.after_ctx()
        for _ in range(self.c.int(0, 2)):
            effect = "no bonus" if not self.grade_labels or self.c.chance(0.5) else f"grade {self.c.choice(self.grade_labels)}"
            self.lines.append(f'  veto "{self.fresh("否决")}" when {self.cond(ctx, 1)} -> {effect}')

    def total_and_grade(self) -> None:
        c = self.c
        if c.chance(0.4):
            form = c.choice(("base_score - deductions + bonuses", "base_score", "base_score * 2 - deductions"))
            line = f"  total = {form}" if c.chance(0.7) else "  total"
            if c.chance(0.5):
                line += " cap 100"
            if c.chance(0.5):
                line += " floor 0"
            self.lines.append(line)
        if c.chance(0.6):
            self.grade_labels = ["A", "B", "C"]
            reads = c.choice(("", "on rounded ", "on exact "))
            if c.chance(0.3):
                name = self.fresh("等级")
                self.lines.append(f"  bands {name} {{ A >= 80  B [60, 80)  C else }}")
                self.lines.append(f"  grade {reads}{name}")
            else:
                self.lines.append(f"  grade {reads}{{ A >= 80  B [60, 80)  C else }}")

    def population(self) -> None:
        c = self.c
        ranks: list[str] = []
        dists: list[str] = []
        coefs: list[str] = []
        within = " within 部门" if c.chance(0.6) else ""
        key = c.choice(("total", "total_exact", "base_score"))
        amount = "奖金池" if within else str(c.int(0, 50000))  # one amount per group
        if c.chance(0.5):
            r = self.fresh("排名")
            ties = f" ties by {c.choice(('base_score', 'total'))} asc" if c.chance(0.3) else ""
            self.lines.append(f"  rank {r} by {key}{c.choice(('', ' desc', ' asc'))}{ties}{within}")
            ranks.append(r)
            self.rule_outputs.append((r, NUM))
        if c.chance(0.3):
            self.lines.append(f"  percentile {self.fresh('百分位')} by {key}{within}")
        if c.chance(0.4):
            d = self.fresh("分布")
            quotas = self.split(3)
            opts = [f"rounding {c.choice(('largest_remainder', 'half_up'))}", f"boundary {c.choice(('higher', 'lower', 'strict'))}"]
            if c.chance(0.3):
                opts.append(f"min_group {c.int(2, 4)} -> {c.choice(('bands', 'B')) if self.grade_labels else 'B'}")
            modes = ["separate"] + (["replace", "cap"] if self.grade_labels else [])
            opts.append(f"mode {c.choice(modes)}")
            body = f"A {quotas[0]}%  B {quotas[1]}%  C {quotas[2]}%  " + "  ".join(opts)
            self.lines.append(f"  distribute {d} by {key}{within} {{ {body} }}")
            dists.append(d)
        sources = dists + (["grade"] if self.grade_labels else [])
        if sources and c.chance(0.7):
            co = self.fresh("系数")
            self.lines.append(f"  coefficient {co} from {c.choice(sources)} {{ A 1.2  B 1.0  C 0.8 }}")
            coefs.append(co)
        if coefs and c.chance(0.7):
            prorate = " prorate 在岗比例" if self.has_input("在岗比例") and c.chance(0.5) else ""
            places = f" places {c.int(0, 2)}" if c.chance(0.3) else ""
            rounding = c.choice(("", "", " each half_up", " balance largest_remainder"))
            pool = self.fresh("奖金")
            self.lines.append(f"  pool {pool} = {amount} split by {coefs[0]}{within}{places}{prorate}{rounding}")
            self.rule_outputs.append((pool, NUM))
        if ranks and c.chance(0.5):
            rounding = c.choice(("", " each half_up", " places 0"))
            self.lines.append(f"  shares {self.fresh('名次奖')} = {amount} by {ranks[0]}{within}{rounding} "
                              "{ 1 -> 30%  2 -> 20%  3 -> 10% }")
        if c.chance(0.2):
            name = self.fresh("标准分")
            steps = [f"round {step} {c.int(0, 3)}" for step in ("average", "ratio", "first", "weight", "cap", "result")
                     if c.chance(0.4)]
            body = f" {{ {'  '.join(steps)} }}" if steps else ""
            self.lines.append(f"  normalise {name} by {key} within 部门 weight 部门分{body}")
            self.rule_outputs += [(name, NUM), (f"{name}.{c.choice(('average', 'ratio', 'first', 'weight', 'cap'))}", NUM),
                                  (f"{name}.rooted", BOOL)]
        if self.periods and c.chance(0.6):
            self.lines.append(f"  flag {self.fresh('连续')} when total >= {c.int(0, 80)} for {c.int(1, 3)} periods")
        if self.periods and c.chance(0.6):
            method = c.choice(("mean", "sum", "weighted"))
            by = " by 在岗比例" if method == "weighted" else ""
            if c.chance(0.5):
                self.lines.append(f"  rollup {self.fresh('年度')} = {method} total{by} over year to date")
            else:  # the whole year, with its options, and a field that reads it (issue 17)
                name = self.fresh("年度")
                opts = [f"round {c.int(0, 3)}"] if c.chance(0.5) else []
                opts += [f"at least {c.int(1, 4)} quarters"] if c.chance(0.5) else []
                opts += [f"missing -> {c.choice(('exclude', 'zero'))}"] if c.chance(0.5) else []
                body = f" {{ {'  '.join(opts)} }}" if opts else ""
                self.lines.append(f"  rollup {name} = {method} total{by} over year{body}")
                self.lines.append(f"  field {self.fresh('年度字段')} = {name} * 2")

    def exclusions(self) -> None:
        """Exclusions read inputs and constants (dates among them)."""
        ctx = self.inputs_ctx()
        for _ in range(self.c.int(0, 2) if self.c.chance(0.3) else 0):
            self.lines.append(f'  exclude "{self.fresh("不参加")}" when {self.cond(ctx, 1)}')

    def field(self, ctx: Ctx, hidden_ok: bool) -> tuple[str, str, str]:
        """One field of any kind over `ctx`: (name, kind, its line)."""
        c = self.c
        name = self.fresh("字段")
        kind = c.choice((NUM, NUM, BOOL, TEXT, DATE))
        dates = [i.name for i in self.inputs if i.type == "date"]
        opts: list[str] = []
        if kind == BOOL:
            expr = self.cond(ctx, 1)
        elif kind == TEXT:
            expr = f'if {self.cond(ctx, 1)} then "{c.choice(LABELS)}" else {c.choice(("empty", chr(34) + "其他" + chr(34)))}'
        elif kind == DATE and dates:
            expr = f'coalesce({c.choice(dates)}, date "2024-0{c.int(1, 9)}-01")'
        else:
            kind = NUM
            expr = self.num(ctx, 1)
            if c.chance(0.3):
                opts.append(f"round {c.int(0, 3)}")
            if c.chance(0.2):
                opts.append(f"percent {c.int(0, 2)}")
            if c.chance(0.3):
                opts.append(f"on zero -> {c.choice(('empty', '0', 'error'))}")
        if hidden_ok and c.chance(0.2):
            opts.append("hidden")
        if c.chance(0.2):
            opts.append(f'label "{name}列"')
        return name, kind, f"  field {name} = {expr}" + (f" {{ {'  '.join(opts)} }}" if opts else "")

    def early_fields_(self) -> None:
        """Fields over inputs (and aggregates of them), which indicators and rules may read."""
        for _ in range(self.c.int(0, 2)):
            ctx = self.inputs_ctx()
            ctx.names += self.early_fields
            ctx.inner = self.inputs_ctx()
            name, kind, line = self.field(ctx, hidden_ok=True)
            self.lines.append(line)
            self.early_fields.append((name, kind))

    def late_fields(self) -> None:
        """Fields after everything: scores, the total and grade, population rules, aggregates of them."""
        ctx = self.after_ctx()
        ctx.names += [("total", NUM), ("base_score", NUM)] + self.rule_outputs
        if self.grade_labels:
            ctx.names.append(("grade", TEXT))
        inner = self.after_ctx()
        inner.names += [("total", NUM)]
        ctx.inner = inner
        for _ in range(self.c.int(0, 3)):
            name, kind, line = self.field(ctx, hidden_ok=False)
            self.lines.append(line)
            ctx.names.append((name, kind))

    def has_input(self, name: str) -> bool:
        return any(i.name == name for i in self.inputs)

    def template(self) -> None:
        """A local template with a param, used by one indicator (expansion and overrides)."""
        nums = [i for i in self.numeric_inputs(required=True)]
        if not nums:
            return
        x = self.c.choice(nums)
        self.head.append(
            f"template 模板 {{\n  input {x.name}: {x.type}\n  param 线 = 50\n  value {x.name}\n"
            "  score ladder { >= 线 -> 100  else -> 0 }\n}"
        )

    # ------------------------------------------------------------------ records
    def value(self, inp: Inp, dept: str) -> object:
        c = self.c
        if (inp.optional or inp.default is not None) and c.chance(0.15):
            return None
        if inp.labelled:  # without a draw, as above: every 13th value is near a level
            self.near += 1
            if self.near % 13 == 0:
                return NEAR_LABELS[self.near // 13 % len(NEAR_LABELS)]
        if inp.choices:
            return c.choice(inp.choices)
        t = inp.type
        if t == "bool":
            return c.choice(("是", "否", "true", "false"))
        if t == "date":
            return f"2024-0{c.int(1, 9)}-1{c.int(0, 9)}"
        if t == "percent":
            return f"{c.int(0, 100)}%"
        if t == "count":
            return c.int(0, inp.hi)
        if t == "money":
            return f"{c.int(0, inp.hi if inp.ranged else 3000)}.{c.int(0, 99):02d}".replace(f"{inp.hi}.", f"{inp.hi - 1}.")
        hi = inp.hi if inp.lo == 0 else 100
        v = c.int(0, hi)
        return v if c.chance(0.7) else f"{v}.5" if v < hi else v

    def records(self) -> list[dict[str, object]]:
        c = self.c
        people = [f"E{i:02d}" for i in range(1, c.int(6, 10) if self.crowd else c.int(2, 7))]
        periods = ["2024Q1", "2024Q2", "2024Q3", "2024Q4"][: c.int(1, 4)] if self.periods else [None]
        out = []
        for period in periods:
            for pid in people:
                dept = DEPTS[people.index(pid) % len(DEPTS)]
                rec: dict[str, object] = {"工号": pid, "部门": dept, "奖金池": f"{10000 + 1000 * DEPTS.index(dept)}.01",
                                          "部门分": 80 + 5 * DEPTS.index(dept), "在岗比例": f"{c.int(50, 100)}%"}
                if period is not None:
                    rec["考核期间"] = period
                for inp in self.inputs[1:]:
                    if inp.name in FIXED_COLUMNS:
                        continue
                    v = self.value(inp, dept)
                    if v is not None:
                        rec[inp.name] = v
                out.append(rec)
        return out

    # ------------------------------------------------------------------ the scheme
    def case(self) -> tuple[str, list[dict[str, object]]]:
        c = self.c
        self.periods = c.chance(0.25)
        if self.periods:
            self.lines.append("  period quarter")
        if c.chance(0.5):
            self.lines.append(f"  round {c.int(0, 2)}")
        self.make_inputs()
        population = self.crowd or c.chance(0.5)
        if population or self.periods:
            self.lines.append('  input 奖金池: money = 0\n  input 部门分: number = 80\n  input 在岗比例: percent = 100%')
            self.inputs += [Inp("奖金池", "money", default="0"), Inp("部门分", "number", default="80"),
                            Inp("在岗比例", "percent", default="100%")]
        self.make_definitions()
        self.exclusions()
        self.early_fields_()
        if c.chance(0.2):
            self.template()
        self.lines.extend("  " + item for item in self.container(0))
        self.total_and_grade()
        self.adjustments()
        self.vetoes()
        if population or self.periods:
            self.population()
        self.late_fields()
        text = "\n".join(self.head) + f'\nscheme "生成 {self.counter}" {{\n' + "\n".join(self.lines) + "\n}\n"
        return text, self.records()


def random_case(seed: int) -> tuple[str, list[dict[str, object]]]:
    """A scheme text and records from a seed (deterministic)."""
    return Gen(RandomChooser(seed)).case()


def cases(crowd: bool = False) -> Any:
    """The hypothesis strategy: (scheme text, records); `crowd`: always population rules, over
    several people per department."""
    from hypothesis import strategies as st

    @st.composite
    def build(draw: Any) -> tuple[str, list[dict[str, object]]]:
        return Gen(DrawChooser(draw), crowd).case()

    return build()
