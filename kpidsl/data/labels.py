"""A text input limited to a scale's levels (`input 工作责任心: text in 责任心分`): every reader
checks a cell it has read against the levels here, so a misspelt 优 in the data is a data error
naming the cell, not an evaluation error on the record that reads it."""

from __future__ import annotations

from .. import ir
from ..i18n import Text, listing
from ..messages import labels as msg
from ..suggest import suggest_label
from ..values import CellError, Value


class LabelError(CellError):
    """A text cell that is not a level of the scale its input is limited to; `hint` lists the
    levels (and names the one it most likely means, when that is reliable)."""

    def __init__(self, text: Text, hint: Text) -> None:
        super().__init__(text)
        self.hint = hint


def check_label(spec: ir.Input, value: Value) -> None:
    """Nothing when the input takes any text, or `value` is empty or one of its levels.

    Raises:
        LabelError: `value` is not a level of the input's scale.
    """
    if spec.labels is None or value is None or value in spec.labels:
        return
    assert spec.labels_scale is not None
    raise LabelError(msg.not_a_label(scale=spec.labels_scale), levels_hint(spec.labels_scale, spec.labels, str(value)))


def levels_hint(scale: str, labels: tuple[str, ...], value: str) -> Text:
    """The hint under a value that is not a level: the levels, and the likely one first."""
    levels = listing(labels)
    close = suggest_label(value, labels)
    if close is not None:
        return msg.label_close_hint(level=close, scale=scale, levels=levels)
    return msg.label_levels_hint(scale=scale, levels=levels)
