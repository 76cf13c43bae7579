"""Messages of `kpi fmt`'s own refusals, which the formatter raises itself (verify.py); the
command's help and summaries are in `cli`."""

from __future__ import annotations

from ..i18n import message


@message(en="formatting would change which code shares a line with this `kpi: ignore` comment",
         zh="排版会改变与这条 `kpi: ignore` 注释同在一行的代码")
def fmt_moves_suppression() -> None: ...


@message(en="put the statement it silences on a line of its own (one per line in a block written over several lines), "
            "then run kpi fmt again",
         zh="请把它所忽略的语句单独放在一行（写成多行的块中每行一条），然后再运行 kpi fmt")
def fmt_moves_suppression_hint() -> None: ...
