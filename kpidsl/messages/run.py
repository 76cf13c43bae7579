"""Messages of a `kpi eval` run beyond its first options: the headers, the run summary's
grouping, the workbook's explain sheet, the progress line; and `kpi explain --detail`."""

from __future__ import annotations

from ..i18n import Plural, message


@message(en="Headers of the table and CSV: labels (in the chosen language, as in the workbook: 工号, 总分, 等级) or keys "
            "(the --columns names: id, total, grade; for scripts).",
         zh="表格和 CSV 的表头：labels（所选语言的名称，与工作簿相同：工号、总分、等级）或 keys（--columns 中的名称："
            "id、total、grade，便于脚本读取）。")
def help_eval_headers() -> None: ...


@message(en="Group the run summary by these input columns, comma-separated (default: the `within` columns of the "
            "population rules).",
         zh="运行汇总按这些输入列分组，用逗号分隔（默认按排名、强制分布等规则的 `within` 列分组）。")
def help_eval_by() -> None: ...


@message(en="Add an explain sheet to the workbook (-o x.xlsx) for these record ids, comma-separated: one row per step.",
         zh="在工作簿（-o x.xlsx）中为这些工号（用逗号分隔）加一张计算说明表：每一步一行。")
def help_eval_explain_ids() -> None: ...


@message(en="reply: a letter for the employee (each indicator's data, rule and result in a sentence, the rules quoted); "
            "full: every step on its own line with its location, for consultants.",
         zh="reply：写给员工的申诉答复（每项指标的数据、规则和结果各一句，并引用方案原文）；"
            "full：逐步列出每一步及其所在位置，供顾问核对。")
def help_explain_detail() -> None: ...


@message(en="Print only warnings and errors on stderr: no run summary, no 'wrote N records' line.",
         zh="标准错误输出上只打印警告和错误：不打印运行汇总，也不打印“已将 N 条记录写入”。")
def help_eval_quiet() -> None: ...


@message(en="How CSV output writes a text cell that starts with =, +, -, @, a tab or a carriage return, which a "
            "spreadsheet (Excel, WPS) would run as a formula: quote writes it with a leading ' so that it shows as text; "
            "keep writes it as it is, for programs that read the file. Number cells are never changed.",
         zh="CSV 输出中以 =、+、-、@、制表符或回车开头的文本单元格（Excel、WPS 会把它当作公式执行）如何写出："
            "quote 在前面加一个 '，使其显示为文本；keep 原样写出，供读取该文件的程序使用。数字单元格从不改动。")
def help_eval_csv_formulas() -> None: ...


@message(en=Plural("count", "{count} text cell starting with =, +, -, @, a tab or a carriage return was written with a "
                   "leading ' so that spreadsheets show it as text (--csv-formulas keep writes it as it is)",
                   "{count} text cells starting with =, +, -, @, a tab or a carriage return were written with a "
                   "leading ' so that spreadsheets show them as text (--csv-formulas keep writes them as they are)"),
         zh="{count} 个以 =、+、-、@、制表符或回车开头的文本单元格已在前面加上 '，电子表格会将其显示为文本"
            "（--csv-formulas keep 则原样写出）")
def csv_formulas_quoted(*, count: int) -> None:
    """`kpi eval -v` with CSV output: the text cells written with a leading `'` (`csvguard.py`)."""


@message(en="evaluating", zh="正在计算")
def evaluating() -> None: ...


@message(en="reading the data", zh="正在读取数据")
def reading() -> None: ...


@message(en="writing {path}", zh="正在写入 {path}")
def writing(*, path: str) -> None: ...


@message(en="--by: '{column}' is not an input of the scheme ({known})", zh="--by：“{column}”不是方案的输入项（可选：{known}）")
def unknown_by_column(*, column: str, known: str) -> None: ...


@message(en="--explain-ids needs an .xlsx output (-o results.xlsx): the explain sheet is a sheet of the workbook",
         zh="--explain-ids 需要输出 .xlsx 文件（-o results.xlsx）：计算说明是工作簿中的一张表")
def explain_ids_needs_xlsx() -> None: ...
