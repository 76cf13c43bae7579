"""Messages of the `kpi` command: help texts, usage errors, progress and summary lines.

Help texts keep click's `\\b` markers (a paragraph click must not rewrap) in both languages.
Click's own words for its parser errors ("No such option", "Missing argument") are not here: click
looks them up with gettext, and `clickwords.py` gives it a gettext catalogue of them.
"""

from __future__ import annotations

from ..i18n import Plural, message

# ----------------------------------------------------------------------------- click's frame


@message(en="Usage: ", zh="用法：")
def usage() -> None: ...


@message(en="Options", zh="选项")
def options() -> None: ...


@message(en="Commands", zh="命令")
def commands() -> None: ...


@message(en="Show this message and exit.", zh="显示本帮助并退出。")
def help_option() -> None: ...


@message(en="Show the version and exit.", zh="显示版本号并退出。")
def version_option() -> None: ...


@message(en="Language of messages and help: en or zh-CN (default: KPI_LANG, else the locale, else English).",
         zh="提示信息和帮助的语言：en 或 zh-CN（默认取 KPI_LANG，其次取系统区域设置，否则为英文）。")
def lang_option() -> None: ...


@message(en="unknown language '{value}'; use one of: {known}", zh="未知的语言“{value}”；可选：{known}")
def unknown_language(*, value: str, known: str) -> None: ...


# ----------------------------------------------------------------------------- command help


@message(en="""kpidsl: evaluate, explain, lint and test HR performance-evaluation schemes.

\b
Example:
  kpi eval examples/purchasing_manager/scheme.kpi examples/purchasing_manager/data.csv""",
         zh="""kpidsl：对绩效考核方案进行计算、解释、检查和测试。

\b
示例：
  kpi eval examples/purchasing_manager/scheme.kpi examples/purchasing_manager/data.csv""")
def help_kpi() -> None: ...


@message(en="""Evaluate every record of DATA (CSV, .xlsx, JSON, JSONL) under SCHEME.

\b
Examples:
  kpi eval scheme.kpi data.csv
  kpi eval scheme.kpi 一月.xlsx --sheet 考核 -o results.xlsx
  kpi eval scheme.kpi data.csv --columns id,姓名,total,grade -o 工资表.xlsx
  kpi eval scheme.kpi data.csv --columns id,total,grade --format json""",
         zh="""按方案 SCHEME 计算数据文件 DATA（CSV、.xlsx、JSON、JSONL）中的每条记录。

\b
示例：
  kpi eval scheme.kpi data.csv
  kpi eval scheme.kpi 一月.xlsx --sheet 考核 -o results.xlsx
  kpi eval scheme.kpi data.csv --columns id,姓名,total,grade -o 工资表.xlsx
  kpi eval scheme.kpi data.csv --columns id,total,grade --format json""")
def help_eval() -> None: ...


@message(en="Write results to a .csv, .json, .jsonl or .xlsx file.", zh="把结果写入 .csv、.json、.jsonl 或 .xlsx 文件。")
def help_eval_output() -> None: ...


@message(en="Output format (default: from the -o extension, else table).", zh="输出格式（默认按 -o 文件的扩展名，否则输出表格）。")
def help_eval_format() -> None: ...


@message(en="Column holding the record id (default: the scheme's `id`, else 工号/id/姓名); `--id` is its older "
            "name here (in `kpi explain`, `--id` is the employee).",
         zh="工号所在的列（默认取方案中的 `id`，否则依次查找 工号、id、姓名）；本命令中 `--id` 是它的旧写法"
            "（在 `kpi explain` 中，`--id` 指要解释的员工）。")
def help_eval_id() -> None: ...


@message(en="Output this period (2024Q3, 2024-07, ...); the earlier ones are history for prev/last_year, flags and roll-ups. "
            "Without a period column in the scheme: keep rows whose 期间/period column equals this value.",
         zh="只输出这一期（2024Q3、2024-07 等）；更早的期间作为 prev/last_year、标记和汇总的历史数据。"
            "方案中没有期间列时：只保留“期间/period”列等于该值的行。")
def help_eval_period() -> None: ...


@message(en="Comma-separated columns to show: id, period, total, total_exact, grade, base_score, deductions, bonuses, "
            "bonus, vetoes, indicator, group and population-rule names, and the scheme's inputs (姓名, 部门, ...).",
         zh="要输出的列，用逗号分隔：id、period、total、total_exact、grade、base_score、deductions、bonuses、bonus、"
            "vetoes，指标、指标组以及排名、强制分布等规则的名称，以及方案的输入项（姓名、部门等）。")
def help_eval_columns() -> None: ...


@message(en="Force the CSV encoding (default: detect UTF-8, UTF-8 with BOM, UTF-16 with BOM or GB18030).",
         zh="指定 CSV 的编码（默认自动识别 UTF-8、带 BOM 的 UTF-8、带 BOM 的 UTF-16 或 GB18030）。")
def help_encoding() -> None: ...


@message(en="Excel sheet to read (default: the first).", zh="要读取的 Excel 工作表（默认第一个）。")
def help_sheet() -> None: ...


@message(en="Report unused columns, detected encodings and dropped summary rows.", zh="报告未使用的列、识别出的编码和删去的汇总行。")
def help_verbose() -> None: ...


@message(en="""Explain every step of one record's score, from input cells to grade.

\b
Example:
  kpi explain scheme.kpi data.csv --id E003""",
         zh="""逐步解释一条记录的得分：从输入的单元格一直到等级。

\b
示例：
  kpi explain scheme.kpi data.csv --id E003""")
def help_explain() -> None: ...


@message(en="The record (employee) to explain.", zh="要解释的记录（员工）的工号。")
def help_explain_id() -> None: ...


@message(en="Column holding the record id.", zh="工号所在的列。")
def help_explain_id_column() -> None: ...


@message(en="Output format.", zh="输出格式。")
def help_explain_format() -> None: ...


@message(en="The period to explain (default: the employee's latest); with a period column the others are history.",
         zh="要解释的期间（默认为该员工最近的一期）；有期间列时，其他期间作为历史数据。")
def help_explain_period() -> None: ...


@message(en="""Check scheme files (and stdlib modules) for mistakes before anyone is paid by them.

Ladder gaps and overlaps, grade bands that miss totals, weights, unused names, rates compared
with plain numbers, unguarded divisions, vetoes that can never fire, the handbooks' design
rules, and more: docs/lint.md. Rules are configured per project in kpi.toml or pyproject.toml
([tool.kpi.lint]); silence one finding with a comment on its line: `# kpi: ignore K-L0102`
(or the rule's name). Schemes linted together are also compared with each other. Exits 1 when
any error-level finding remains.

\b
Examples:
  kpi lint examples/*/scheme.kpi
  kpi lint clients/acme/*.kpi --summary
  kpi lint scheme.kpi --format sarif > lint.sarif
  kpi lint --explain ladder-gap
  kpi lint --fix scheme.kpi
  kpi lint --diff clients/acme/*.kpi""",
         zh="""在按方案发放绩效之前，检查方案文件（以及标准库模块）中的错误。

检查阶梯的缺口和重叠、覆盖不到某些总分的等级区间、权重、未使用的名称、把比率与普通数字比较、
未处理的除以零、永远不会触发的一票否决、考核手册中的设计规则等，详见 docs/lint.md。
规则可在项目的 kpi.toml 或 pyproject.toml（[tool.kpi.lint]）中配置；要忽略某一条问题，
在该行加注释：`# kpi: ignore K-L0102`（或规则名）。一起检查的多个方案还会相互比较。
只要还有错误级别的问题，退出码即为 1。

\b
示例：
  kpi lint examples/*/scheme.kpi
  kpi lint clients/acme/*.kpi --summary
  kpi lint scheme.kpi --format sarif > lint.sarif
  kpi lint --explain ladder-gap
  kpi lint --fix scheme.kpi
  kpi lint --diff clients/acme/*.kpi""")
def help_lint() -> None: ...


@message(en="Output format.", zh="输出格式。")
def help_lint_format() -> None: ...


@message(en="Show findings at this level and above.", zh="只显示该级别及以上的问题。")
def help_lint_severity() -> None: ...


@message(en="Also print the reachable range of every score, group and of the total.", zh="同时输出每个得分、指标组和总分可能的取值范围。")
def help_lint_summary() -> None: ...


@message(en="Use this kpi.toml or pyproject.toml for every file (default: the nearest one above each file).",
         zh="对所有文件使用这个 kpi.toml 或 pyproject.toml（默认使用每个文件所在目录向上最近的一个）。")
def help_lint_config() -> None: ...


@message(en="Ignore every configuration file: the rules' defaults only.", zh="忽略所有配置文件，只用规则的默认设置。")
def help_lint_isolated() -> None: ...


@message(en="Print the page of one rule (a code such as K-L0101 or a name such as ladder-gap); the pages are in English.",
         zh="显示某条规则的说明（代码如 K-L0101，或名称如 ladder-gap）；说明为英文。")
def help_lint_explain() -> None: ...


@message(en="Rewrite the files with the fixes that never change a result, then report what is left.",
         zh="用不会改变任何结果的修复改写文件，然后报告剩下的问题。")
def help_lint_fix() -> None: ...


@message(en="Print the fixes as a unified diff and write nothing (exit 1 if there are any).",
         zh="以统一 diff 格式显示这些修复，不写入任何文件（有修复时退出码为 1）。")
def help_lint_diff() -> None: ...


@message(en="With --fix or --diff, also apply the suggestions (they may change results).",
         zh="与 --fix 或 --diff 一起使用时，也应用建议修复（可能改变结果）。")
def help_lint_unsafe_fixes() -> None: ...


@message(en="--unsafe-fixes goes with --fix or --diff", zh="--unsafe-fixes 须与 --fix 或 --diff 一起使用")
def unsafe_fixes_alone() -> None: ...


@message(en="{count} fixable with `kpi lint --fix`", zh="{count} 个可用 `kpi lint --fix` 修复")
def fixable(*, count: int) -> None: ...


@message(en="{count} with a suggestion (`--unsafe-fixes`)", zh="{count} 个有建议修复（`--unsafe-fixes`）")
def fixable_suggestions(*, count: int) -> None: ...


@message(en="{summary} ({fixable})", zh="{summary}（{fixable}）")
def lint_summary_fixable(*, summary: str, fixable: str) -> None: ...


@message(en=Plural("count", "{path}: fixed {count} finding", "{path}: fixed {count} findings"), zh="{path}：修复了 {count} 个问题")
def fixed_findings(*, path: str, count: int) -> None: ...


@message(en=Plural("count", "{path}: {count} suggestion not applied (it would change results; --unsafe-fixes applies it, "
                            "or see the finding's hint)",
                   "{path}: {count} suggestions not applied (they would change results; --unsafe-fixes applies them, "
                   "or see each finding's hint)"),
         zh="{path}：有 {count} 个建议修复未应用（会改变结果；用 --unsafe-fixes 应用，或参看各问题的提示）")
def suggestions_left(*, path: str, count: int) -> None: ...


@message(en="""Run the `test` blocks shipped in scheme files; show a diff for every value that differs.

\b
Example:
  kpi test examples/*/scheme.kpi
  kpi test scheme.kpi --coverage
  kpi test scheme.kpi --coverage --format json > coverage.json""",
         zh="""运行方案文件中的 `test` 测试块；对每个不一致的值给出期望值与实际值。

\b
示例：
  kpi test examples/*/scheme.kpi
  kpi test scheme.kpi --coverage
  kpi test scheme.kpi --coverage --format json > coverage.json""")
def help_test() -> None: ...


@message(en="Print failures and the summary only.", zh="只输出失败的测试和汇总。")
def help_test_quiet() -> None: ...


@message(en="Report which tiers, levels, bands, vetoes, deductions, bonuses, outcomes and if-branches the tests reach, line by line.",
         zh="逐行报告测试块覆盖到了哪些档位、量表等级、等级区间、一票否决、扣分、加分、零分母和缺失值的处理方式以及 if 分支。")
def help_test_coverage() -> None: ...


@message(en="Output format: text, or json (the results and, with --coverage, the coverage).",
         zh="输出格式：text，或 json（测试结果；加 --coverage 时还有覆盖情况）。")
def help_test_format() -> None: ...


@message(en="""Run the language server for editors: diagnostics as you type, hover, go to definition, references,
rename, completion, outline, formatting and quick fixes (docs/editors.md).

\b
Example (VS Code setting kpi.server.command, or any LSP client):
  kpi lsp""",
         zh="""运行供编辑器使用的语言服务器：输入时实时诊断、悬停说明、跳转到定义、查找引用、重命名、补全、大纲、格式化和快速修复
（见 docs/editors.md）。

\b
示例（VS Code 设置 kpi.server.command，或任何 LSP 客户端）：
  kpi lsp""")
def help_lsp() -> None: ...


@message(en="Speak LSP over standard input and output (the only transport; editors pass it).",
         zh="通过标准输入和输出使用 LSP 通信（唯一的方式；编辑器会自动传入该选项）。")
def help_lsp_stdio() -> None: ...


@message(en="kpi lsp needs the language server packages ({missing} is missing): python3 -m pip install 'kpidsl[lsp]'",
         zh="kpi lsp 需要语言服务器的依赖包（缺少 {missing}）：python3 -m pip install 'kpidsl[lsp]'")
def lsp_needs_packages(*, missing: str) -> None: ...


@message(en="""Browse the stdlib: indicator templates, ladders, scales, grade bands, attendance rules.

\b
Examples:
  kpi stdlib list --category C
  kpi stdlib show 准时交付率""",
         zh="""浏览标准库：指标模板、阶梯、评分量表、等级区间、考勤规则。

\b
示例：
  kpi stdlib list --category C
  kpi stdlib show 准时交付率""")
def help_stdlib() -> None: ...


@message(en="""List stdlib definitions with their module, kind and metadata.

\b
Example:
  kpi stdlib list --kind template --category F""",
         zh="""列出标准库中的定义及其模块、类别和元数据。

\b
示例：
  kpi stdlib list --kind template --category F""")
def help_stdlib_list() -> None: ...


@message(en="Only indicators of this balanced-scorecard category.", zh="只列出该平衡计分卡维度的指标。")
def help_stdlib_category() -> None: ...


@message(en="Only definitions of this kind.", zh="只列出这一类定义。")
def help_stdlib_kind() -> None: ...


@message(en="""Show one stdlib definition: metadata, inputs, params and its source.

\b
Example:
  kpi stdlib show 平均修复时长""",
         zh="""显示一个标准库定义：元数据、输入项、参数和源代码。

\b
示例：
  kpi stdlib show 平均修复时长""")
def help_stdlib_show() -> None: ...


# ----------------------------------------------------------------------------- messages


@message(en="scheme file not found: {path}", zh="找不到方案文件：{path}")
def scheme_not_found(*, path: str) -> None: ...


@message(en="{path} is a folder, not a scheme file", zh="{path} 是文件夹，不是方案文件")
def scheme_is_folder(*, path: str) -> None: ...


@message(en=Plural("count", "wrote {count} record to {path}", "wrote {count} records to {path}"), zh="已将 {count} 条记录写入 {path}")
def wrote(*, count: int, path: str) -> None: ...


@message(en="--period {value}: {error}", zh="--period {value}：{error}")
def bad_period(*, value: str, error: str) -> None: ...


@message(en="give one or more scheme files to lint (or --explain RULE)", zh="请给出一个或多个要检查的方案文件（或用 --explain RULE 查看规则）")
def lint_needs_files() -> None: ...


@message(en=Plural("count", "{count} file checked", "{count} files checked"), zh="检查了 {count} 个文件")
def files_checked(*, count: int) -> None: ...


@message(en=Plural("count", "{count} error", "{count} errors"), zh="{count} 个错误")
def errors(*, count: int) -> None: ...


@message(en=Plural("count", "{count} warning", "{count} warnings"), zh="{count} 个警告")
def warnings(*, count: int) -> None: ...


@message(en="{files}: {errors}, {warnings}", zh="{files}：{errors}，{warnings}")
def lint_summary(*, files: str, errors: str, warnings: str) -> None: ...


@message(en=Plural("count", "{count} info finding", "{count} info findings"), zh="{count} 条提示")
def infos(*, count: int) -> None: ...


@message(en="{summary}, {infos}", zh="{summary}，{infos}")
def lint_summary_infos(*, summary: str, infos: str) -> None: ...


@message(en="{path}: no test blocks", zh="{path}：没有测试块")
def no_tests(*, path: str) -> None: ...


@message(en="PASS {path}: {name}", zh="通过 {path}：{name}")
def test_passed(*, path: str, name: str) -> None: ...


@message(en="FAIL {path}:{line}: {name}", zh="失败 {path}:{line}：{name}")
def test_failed(*, path: str, line: int, name: str) -> None: ...


@message(en="{path} (line {line}):", zh="{path}（第 {line} 行）：")
def test_value(*, path: str, line: int) -> None: ...


@message(en="- expected: {value}", zh="- 期望：{value}")
def test_expected(*, value: str) -> None: ...


@message(en="+ actual:   {value}", zh="+ 实际：{value}")
def test_actual(*, value: str) -> None: ...


@message(en="no error", zh="没有错误")
def test_no_error() -> None:
    """What a test expecting an error (`expect error = "K-R0301"`) got when the record evaluated."""


@message(en="{passed} passed, {failed} failed", zh="{passed} 个通过，{failed} 个失败")
def tests_summary(*, passed: int, failed: int) -> None: ...


@message(en="no stdlib definition named '{name}'", zh="标准库中没有名为“{name}”的定义")
def no_stdlib_entry(*, name: str) -> None: ...


@message(en="kpi stdlib list shows every name", zh="kpi stdlib list 可列出所有名称")
def stdlib_list_hint() -> None: ...


@message(en="name", zh="名称")
def col_name() -> None: ...


@message(en="kind", zh="类别")
def col_kind() -> None: ...


@message(en="module", zh="模块")
def col_module() -> None: ...


@message(en="category", zh="维度")
def col_category() -> None: ...


@message(en="code", zh="编码")
def col_code() -> None: ...


@message(en="English", zh="英文名")
def col_english() -> None: ...


@message(en="import: from {module} import {name}", zh="导入：from {module} import {name}")
def stdlib_import(*, module: str, name: str) -> None: ...


@message(en="Evaluate even when `kpi lint` reports errors in the scheme (a tier that can never apply, a ladder gap).",
         zh="即使 `kpi lint` 报告方案有错误（永远用不到的档位、阶梯缺口）也照样计算。")
def help_allow_lint_errors() -> None: ...


@message(en=Plural("count", "kpi eval stops: the scheme has {count} lint error (above); fix it, or pass --allow-lint-errors",
                   "kpi eval stops: the scheme has {count} lint errors (above); fix them, or pass --allow-lint-errors"),
         zh="kpi eval 已停止：方案有 {count} 个 lint 错误（见上）；请修正，或加上 --allow-lint-errors")
def lint_errors_refused(*, count: int) -> None: ...


@message(en="aborted", zh="已中止")
def aborted() -> None: ...


@message(en="internal error: {error}", zh="内部错误：{error}")
def internal_error(*, error: str) -> None: ...


@message(en="This is a bug in kpidsl, not in your scheme or data. Please report it with the command you ran.",
         zh="这是 kpidsl 自身的缺陷，不是方案或数据的问题。请连同所运行的命令一起报告。")
def internal_error_hint() -> None: ...


# ----------------------------------------------------------------------------- kpi fmt


@message(en="""Rewrite scheme files in the one canonical layout (docs/fmt.md).

PATH is a .kpi file, a folder (every .kpi file under it), or - to format standard input to
standard output. Comments are kept; full-width punctuation outside strings becomes ASCII; the
meaning of the file never changes (the result is checked before it is written).

\b
Examples:
  kpi fmt scheme.kpi
  kpi fmt --check examples stdlib
  kpi fmt --diff scheme.kpi
  kpi fmt - < scheme.kpi""",
         zh="""把方案文件改写成统一的标准格式（docs/fmt.md）。

PATH 可以是 .kpi 文件、文件夹（其下所有 .kpi 文件），或 -（从标准输入读取，输出到标准输出）。
注释保留；字符串以外的全角标点改为半角；文件的含义不会改变（写入前会先核对结果）。

\b
示例：
  kpi fmt scheme.kpi
  kpi fmt --check examples stdlib
  kpi fmt --diff scheme.kpi
  kpi fmt - < scheme.kpi""")
def help_fmt() -> None: ...


@message(en="Write nothing; exit 1 if any file is not formatted.", zh="不写入任何文件；只要有文件未按标准格式排版，退出码即为 1。")
def help_fmt_check() -> None: ...


@message(en="Write nothing; print the changes as a unified diff (exit 1 if any).", zh="不写入任何文件；以统一差异格式输出改动（有改动时退出码为 1）。")
def help_fmt_diff() -> None: ...


@message(en="Rewrite the files in place (what kpi fmt does without --check or --diff).", zh="直接改写文件（不加 --check 或 --diff 时 kpi fmt 即是如此）。")
def help_fmt_write() -> None: ...


@message(en="--write cannot be combined with --check or --diff", zh="--write 不能与 --check 或 --diff 同时使用")
def fmt_write_conflict() -> None: ...


@message(en="cannot read {path}: {error}", zh="无法读取 {path}：{error}")
def cannot_read(*, path: str, error: str) -> None: ...


@message(en="{path} is not UTF-8 text", zh="{path} 不是 UTF-8 编码的文本")
def not_utf8(*, path: str) -> None: ...


@message(en="kpi fmt rewrites UTF-8 files only (kpi eval and kpi lint also read GB18030 and UTF-16); "
            "save it as UTF-8 first (in Notepad: Save As, Encoding UTF-8)",
         zh="kpi fmt 只改写 UTF-8 文件（kpi eval、kpi lint 也能读取 GB18030 和 UTF-16）；请先另存为 UTF-8 编码"
            "（记事本：另存为，编码选 UTF-8）")
def not_utf8_hint() -> None: ...


@message(en="would reformat {path}", zh="将重新排版 {path}")
def would_reformat(*, path: str) -> None: ...


@message(en="reformatted {path}", zh="已重新排版 {path}")
def reformatted(*, path: str) -> None: ...


@message(en=Plural("count", "{count} file would be reformatted", "{count} files would be reformatted"), zh="{count} 个文件将重新排版")
def fmt_would_change(*, count: int) -> None: ...


@message(en=Plural("count", "{count} file already formatted", "{count} files already formatted"), zh="{count} 个文件已是标准格式")
def fmt_already(*, count: int) -> None: ...


@message(en=Plural("count", "{count} file reformatted", "{count} files reformatted"), zh="{count} 个文件已重新排版")
def fmt_changed(*, count: int) -> None: ...


@message(en=Plural("count", "{count} file left unchanged", "{count} files left unchanged"), zh="{count} 个文件未改动")
def fmt_unchanged(*, count: int) -> None: ...


@message(en=Plural("count", "{count} file could not be formatted", "{count} files could not be formatted"), zh="{count} 个文件无法排版")
def fmt_failed(*, count: int) -> None: ...


@message(en="cannot tell the output format of {path}; use {extensions}, or --format",
         zh="无法判断 {path} 的输出格式；请使用 {extensions}，或用 --format 指定")
def unknown_output_format(*, path: str, extensions: str) -> None: ...


@message(en="{format} output needs a file: -o {example}", zh="{format} 格式需要输出到文件：-o {example}")
def needs_a_file(*, format: str, example: str) -> None: ...
