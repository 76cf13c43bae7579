"""Messages of the language server (`kpi lsp`) that an editor shows as they are: why a rename is
refused, why a file cannot be formatted. (Hover and completion texts are not converted yet:
docs/i18n.md.)"""

from __future__ import annotations

from ..i18n import message


@message(en="'{name}' is part of the language, not a definition of this file; it cannot be renamed",
         zh="“{name}”是语言本身的一部分，不是本文件的定义，不能重命名")
def rename_language(*, name: str) -> None: ...


@message(en="there is no name here to rename", zh="这里没有可以重命名的名称")
def rename_nothing() -> None: ...


@message(en="the file has errors that stop it being read; fix them before renaming", zh="文件有错误，无法读取；请先改正再重命名")
def rename_unreadable() -> None: ...


@message(en="'{name}' is defined in {module}; rename it there (every scheme that imports it would need the new name)",
         zh="“{name}”定义在 {module} 中；请在那里重命名（所有导入它的方案都需要改用新名称）")
def rename_elsewhere(*, name: str, module: str) -> None: ...


@message(en="{module} reads '{name}' by this name (line {line}), as a template reads its inputs; renamed here, it would no longer find it",
         zh="{module} 按这个名称读取“{name}”（第 {line} 行），模板就是这样读取输入项的；在这里改名后它将找不到该输入项")
def rename_read_elsewhere(*, module: str, name: str, line: int) -> None: ...


@message(en="input '{name}' has no label, so it reads the data column headed '{name}'; renamed, it would no longer match that "
            "column in the CSV or Excel files. Give it the column as its label first (`input {name}: {type} \"{name}\"`, "
            "the quick fix 'Keep the data column'), then rename it",
         zh="输入项“{name}”没有标签，它读取的是表头为“{name}”的数据列；改名后将无法再匹配 CSV 或 Excel 文件中的这一列。"
            "请先把该列名设为它的标签（`input {name}: {type} \"{name}\"`，即快速修复“保留数据列”），再重命名")
def rename_column_by_name(*, name: str, type: str) -> None: ...


@message(en="the data file {file} has a column headed '{name}', which input '{name}' reads by its name; renamed, it would no "
            "longer match. Add '{name}' as an alias (`alias \"{name}\"`) first, then rename it",
         zh="数据文件 {file} 中有表头为“{name}”的列，输入项“{name}”按名称读取它；改名后将无法匹配。"
            "请先把“{name}”加为别名（`alias \"{name}\"`），再重命名")
def rename_column_in_file(*, file: str, name: str) -> None: ...


@message(en="'{name}' is not a name: use letters (Chinese included), digits and `_`, not starting with digits alone",
         zh="“{name}”不是合法的名称：请使用字母（包括汉字）、数字和 `_`，且不能只以数字开头")
def rename_not_a_name(*, name: str) -> None: ...


@message(en="'{name}' is a word of the language; choose another name", zh="“{name}”是语言中的关键字；请换一个名称")
def rename_keyword(*, name: str) -> None: ...


@message(en="'{name}' is already the name of {kind} '{name}' ({where}); choose another name",
         zh="“{name}”已经是{kind}“{name}”的名称（{where}）；请换一个名称")
def rename_taken(*, name: str, kind: str, where: str) -> None: ...


@message(en="Keep the data column: label input '{name}' \"{name}\"", zh="保留数据列：给输入项“{name}”加上标签 \"{name}\"")
def keep_column(*, name: str) -> None: ...


@message(en="Fix all ({count} safe fixes, as kpi lint --fix)", zh="全部修复（{count} 个安全修复，同 kpi lint --fix）")
def fix_all(*, count: int) -> None: ...


@message(en="kpi fmt cannot format this file until its syntax errors are fixed{where}", zh="文件有语法错误，改正之前 kpi fmt 无法格式化{where}")
def cannot_format(*, where: str) -> None: ...


@message(en=" (line {line}: {message})", zh="（第 {line} 行：{message}）")
def first_error(*, line: int, message: str) -> None: ...
