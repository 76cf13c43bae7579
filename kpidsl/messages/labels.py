"""Messages of a text input limited to a scale's levels (`input 工作责任心: text in 责任心分`): a
cell that is not a level (the data readers), and the lint rule that suggests the clause (K-L0107).
The checks of the clause itself speak in `check.py`."""

from __future__ import annotations

from ..i18n import message

# ----------------------------------------------------------------------------- a cell that is not a level


@message(en="not a level of {scale}", zh="不是“{scale}”的等级")
def not_a_label(*, scale: str) -> None: ...


@message(en="the levels of {scale}: {levels}; correct the cell to one of them (a new level is added to the scale first)",
         zh="“{scale}”的等级：{levels}；请把这个值改成其中之一（新增的等级请先加进该等级表）")
def label_levels_hint(*, scale: str, levels: str) -> None: ...


@message(en="did you mean '{level}'? The levels of {scale}: {levels}", zh="是不是“{level}”？“{scale}”的等级：{levels}")
def label_close_hint(*, level: str, scale: str, levels: str) -> None: ...


# ----------------------------------------------------------------------------- K-L0107 labels-unchecked


@message(en="'{input}' is read only through scale {scale}, but the data may hold any text: a misspelt level is found "
            "only when a record is scored",
         zh="“{input}”只经由等级表“{scale}”计分，但数据中可以是任何文字：写错的等级要到计分时才会发现")
def labels_unchecked(*, input: str, scale: str) -> None: ...


@message(en="add `in {scale}` after its type (`input {input}: text in {scale}`): a cell that is not a level of {scale} "
            "is then a data error naming its file, row and column",
         zh="请在类型后加上 `in {scale}`（`input {input}: text in {scale}`）：数据中不是“{scale}”等级的单元格会作为数据错误报告，并指出文件、行和列")
def labels_unchecked_hint(*, input: str, scale: str) -> None: ...
