"""Messages about files as files: a scheme file that is not text, a file that cannot be read, and
an output file that must not or cannot be written."""

from __future__ import annotations

from ..i18n import message

# ----------------------------------------------------------------------------- reading


@message(en="{path}: cannot read the file: {reason}", zh="{path}：无法读取文件：{reason}")
def cannot_read(*, path: str, reason: str) -> None: ...


@message(en="permission denied", zh="没有读取权限")
def permission_denied() -> None: ...


@message(en="ask for read access to the file, or copy it to a folder of your own",
         zh="请申请该文件的读取权限，或把它复制到自己的文件夹中")
def permission_denied_hint() -> None: ...


@message(en="{path}: the file is cut in the middle of a character at byte {offset}",
         zh="{path}：文件在第 {offset} 字节处截断，最后一个字符不完整")
def cut_mid_character(*, path: str, offset: int) -> None: ...


@message(en="the copy may be incomplete: copy or save the file again",
         zh="文件可能没有复制完整：请重新复制或保存")
def cut_mid_character_hint() -> None: ...


@message(en="{path}: not a text file (a zero byte at byte {offset})", zh="{path}：不是文本文件（第 {offset} 字节是零字节）")
def binary_file(*, path: str, offset: int) -> None: ...


@message(en="a scheme is a text file (.kpi) written in an editor; check the file name",
         zh="方案是用编辑器编写的文本文件（.kpi）；请检查文件名")
def binary_file_hint() -> None: ...


@message(en="{path}: byte {offset} is neither UTF-8 nor GB18030 text", zh="{path}：第 {offset} 字节既不是 UTF-8 也不是 GB18030 编码的文本")
def not_text(*, path: str, offset: int) -> None: ...


@message(en="save the scheme as UTF-8 (in Notepad: Save as, Encoding: UTF-8)",
         zh="请把方案另存为 UTF-8 编码（记事本：另存为，编码选 UTF-8）")
def not_text_hint() -> None: ...


# ----------------------------------------------------------------------------- writing


@message(en="{path} is an input of this run ({input}): writing the results there would destroy it",
         zh="{path} 是本次运行的输入文件（{input}）：把结果写到那里会覆盖它")
def output_is_input(*, path: str, input: str) -> None: ...


@message(en="choose another output file, such as {suggestion}", zh="请换一个输出文件，例如 {suggestion}")
def output_is_input_hint(*, suggestion: str) -> None: ...


@message(en="{path} is read-only: it is not replaced", zh="{path} 是只读文件：不会替换它")
def output_read_only(*, path: str) -> None: ...


@message(en="make it writable (or delete it) if it may be replaced, or choose another output file",
         zh="如果可以替换它，请先取消只读（或删除它）；否则请换一个输出文件")
def output_read_only_hint() -> None: ...


@message(en="cannot write {path}: {reason}", zh="无法写入 {path}：{reason}")
def cannot_write(*, path: str, reason: str) -> None: ...


@message(en="check that the folder exists and that you may write in it, and that the disk is not full",
         zh="请检查文件夹是否存在、是否有写入权限，以及磁盘是否已满")
def cannot_write_hint() -> None: ...


@message(en="{path} is a folder, not a file", zh="{path} 是文件夹，不是文件")
def output_is_folder(*, path: str) -> None: ...


@message(en="give a file name, such as {suggestion}", zh="请给出文件名，例如 {suggestion}")
def output_is_folder_hint(*, suggestion: str) -> None: ...


# ----------------------------------------------------------------------------- the API


@message(en="a scheme's path is text or a pathlib.Path, not {type}", zh="方案路径应为文本或 pathlib.Path，而不是 {type}")
def not_a_path(*, type: str) -> None: ...


@message(en="a scheme's text is a str, not {type}", zh="方案文本应为 str，而不是 {type}")
def not_a_string(*, type: str) -> None: ...


@message(en="records are a list (or another iterable) of dicts, not {type}", zh="记录应为字典的列表（或其他可迭代对象），而不是 {type}")
def not_records(*, type: str) -> None: ...


@message(en="pass [record] for one record, or use evaluate_one(record)", zh="单条记录请传入 [record]，或使用 evaluate_one(record)")
def not_records_hint() -> None: ...


@message(en="permission denied", zh="没有写入权限")
def permission_denied_write() -> None: ...


@message(en="{path} is empty: it holds no scheme and no definitions", zh="{path} 是空的：没有方案，也没有任何定义")
def empty_scheme_file(*, path: str) -> None: ...


@message(en='a scheme file holds `scheme "名称" {{ ... }}` (docs/language.md), a module its definitions',
         zh='方案文件应包含 `scheme "名称" {{ ... }}`（见 docs/language.md），模块文件应包含定义')
def empty_scheme_file_hint() -> None: ...
