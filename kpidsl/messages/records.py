"""Messages about the records the API is given (plain dicts, an Arrow table, a DataFrame): where
a record of a list or a row of a table is, a key that names no input, a table's columns."""

from __future__ import annotations

from ..i18n import message


@message(en="record {number} ({key} '{id}')", zh="第 {number} 条记录（{key}“{id}”）")
def where_record_id(*, number: int, key: str, id: str) -> None: ...


@message(en="the record ({key} '{id}')", zh="该记录（{key}“{id}”）")
def the_record_id(*, key: str, id: str) -> None: ...


@message(en="the table", zh="该表")
def the_table() -> None: ...


@message(en="the table's columns: {columns}", zh="表中的列：{columns}")
def table_columns(*, columns: str) -> None: ...


@message(en="the DataFrame's index is '{name}', not a column: pass df.reset_index() to make it one",
         zh="DataFrame 的索引是“{name}”，不是列：请传入 df.reset_index()，把它变回列")
def index_not_column(*, name: str) -> None: ...


@message(en="did you mean the key '{key}'? It names no input; write one of {names}",
         zh="是不是键“{key}”？它不对应任何输入项；请写成其中之一：{names}")
def hint_key_typo(*, key: str, names: str) -> None: ...


@message(en="each record needs its own id; if the ids are in another key, name it with id_key=",
         zh="每条记录需要唯一的工号；如果工号在另一个键里，请用 id_key= 指定")
def duplicate_id_hint() -> None: ...


# A table's records are named in its own terms (data/places.py): a pandas DataFrame's by its
# index label (a whole number as its digits, any other label quoted), a polars DataFrame's or an
# Arrow table's by its row counted from 0, as `df[5]` and `table.slice(5, 1)` count.


@message(en="index {label}", zh="索引 {label}")
def where_index(*, label: int) -> None: ...


@message(en="index {label} ({key} '{id}')", zh="索引 {label}（{key}“{id}”）")
def where_index_id(*, label: int, key: str, id: str) -> None: ...


@message(en="index '{label}'", zh="索引“{label}”")
def where_index_text(*, label: str) -> None: ...


@message(en="index '{label}' ({key} '{id}')", zh="索引“{label}”（{key}“{id}”）")
def where_index_text_id(*, label: str, key: str, id: str) -> None: ...


@message(en="row {row} (0-based)", zh="行号 {row}（从 0 起算）")
def where_row(*, row: int) -> None: ...


@message(en="row {row} (0-based, {key} '{id}')", zh="行号 {row}（从 0 起算，{key}“{id}”）")
def where_row_id(*, row: int, key: str, id: str) -> None: ...
