"""Messages of versions, audit and reports: the `overrides` block, overrides files, the run
record, `kpi diff` and `kpi report`."""

from __future__ import annotations

from ..i18n import Plural, message

# ------------------------------------------------------------------------------ the overrides block


@message(en="'{name}' is not a population rule", zh="“{name}”不是全体规则")
def not_a_rule(*, name: str) -> None: ...


@message(en="'{name}' is already listed on line {line}", zh="“{name}”已在第 {line} 行列出")
def rule_listed_twice(*, name: str, line: int) -> None: ...


@message(en="'{rule}' runs before the overrides but reads '{read}', which runs after them",
         zh="“{rule}”在人工调整之前运行，却读取了在人工调整之后运行的“{read}”")
def before_reads_after(*, rule: str, read: str) -> None: ...


@message(en="list '{rule}' under `after` too", zh="把“{rule}”也列在 `after` 之下")
def before_reads_after_hint(*, rule: str) -> None: ...


# ------------------------------------------------------------------------------ overrides files


@message(en="{path}: no column for {columns}", zh="{path}：缺少列：{columns}")
def overrides_missing_columns(*, path: str, columns: str) -> None: ...


@message(en="an overrides file has the columns id, field, value, reason, approver (and optionally period, was)",
         zh="调整文件需要以下列：工号（id）、字段（field）、新值（value）、原因（reason）、批准人（approver），可选：期间（period）、原值（was）")
def overrides_columns_hint() -> None: ...


@message(en="the '{column}' cell is empty: every override needs an id, a field, a value, a reason and an approver",
         zh="“{column}”为空：每条调整都需要工号、字段、新值、原因和批准人")
def override_empty(*, column: str) -> None: ...


@message(en="'{id}' already has an override of {field} (row {row})", zh="“{id}”的 {field} 已有一条调整（第 {row} 行）")
def override_twice(*, id: str, field: str, row: int) -> None: ...


@message(en="the scheme has no field '{field}' to override (it has: {known})",
         zh="方案中没有可调整的字段“{field}”（可调整：{known}）")
def override_unknown_field(*, field: str, known: str) -> None: ...


@message(en="'{value}' is not a value of {field} (the scheme has: {labels})", zh="“{value}”不是 {field} 的取值（方案中有：{labels}）")
def override_unknown_label(*, value: str, field: str, labels: str) -> None: ...


@message(en="{field} is yes or no, not '{value}'", zh="{field} 只能是“是”或“否”，不能是“{value}”")
def override_not_yes_no(*, value: str, field: str) -> None: ...


@message(en="{field} is a number, not '{value}'", zh="{field} 是数字，不能是“{value}”")
def override_not_a_number(*, value: str, field: str) -> None: ...


@message(en="no employee '{id}' in the data", zh="数据中没有员工“{id}”")
def override_no_employee(*, id: str) -> None: ...


@message(en="{path}: an override of '{field}' does not reach {rules}: they read it but run before the overrides, so they "
            "keep the computed value",
         zh="{path}：对“{field}”的调整不会影响 {rules}：它们读取“{field}”，但在调整之前计算，仍按调整前的值计算")
def override_stale_dependents(*, path: str, field: str, rules: str) -> None: ...


@message(en="to make them follow the override, add to the scheme: `{block}`",
         zh="如果它们应当随调整而变，请在方案中写：`{block}`")
def override_stale_dependents_hint(*, block: str) -> None: ...


@message(en="employee '{id}' has no record for period {period}", zh="员工“{id}”在 {period} 期间没有记录")
def override_no_period(*, id: str, period: str) -> None: ...


@message(en="{field} was {was} when this override was approved, but is now computed as {now}; review the override",
         zh="批准这条调整时 {field} 为 {was}，现在计算结果为 {now}；请重新审核这条调整")
def override_stale(*, field: str, was: str, now: str) -> None: ...


@message(en="row {row}", zh="第 {row} 行")
def override_row(*, row: int) -> None: ...


# ------------------------------------------------------------------------------ options


@message(en="apply the overrides in FILE (id, field, value, reason, approver) as a layer over the computed results; "
            "outputs show computed and final side by side",
         zh="把 FILE 中的人工调整（工号、字段、新值、原因、批准人）叠加在计算结果之上；输出并列显示计算值和最终值")
def help_overrides() -> None: ...


@message(en="store the run (scheme, data, options, results, traces) in the run record RUNS.DB (SQLite; created if missing)",
         zh="把本次运行（方案、数据、选项、结果、计算过程）存入运行记录 RUNS.DB（SQLite；不存在则新建）")
def help_record() -> None: ...


@message(en="'{value}' has more places than the published total ({places})", zh="“{value}”的小数位数多于方案公布的总分（{places} 位）")
def override_total_places(*, value: str, places: int) -> None: ...


@message(en="explain with the overrides in FILE applied (each shown with its reason and approver)",
         zh="在应用 FILE 中的人工调整后解释（每条调整都显示原因和批准人）")
def help_explain_overrides() -> None: ...


# ------------------------------------------------------------------------------ the run record


@message(en="the run record RUNS.DB (SQLite)", zh="运行记录文件 RUNS.DB（SQLite）")
def help_record_file() -> None: ...


@message(en="explain a stored run's result (from `kpi eval --record`) exactly as it was computed; no SCHEME or DATA",
         zh="按当时的计算解释运行记录中的结果（来自 `kpi eval --record`）；不需要 SCHEME 和 DATA")
def help_explain_run() -> None: ...


@message(en="`--run` explains a stored run: give no SCHEME or DATA", zh="`--run` 解释运行记录中的结果：不要再给出 SCHEME 或 DATA")
def explain_run_no_files() -> None: ...


@message(en="give SCHEME and DATA (or `--run RUN` to explain a stored run)", zh="请给出 SCHEME 和 DATA（或用 `--run RUN` 解释运行记录中的结果）")
def explain_needs_files() -> None: ...


@message(en="list the runs stored in a run record, and check that none was changed (the hash chain)",
         zh="列出运行记录中的各次运行，并检查记录是否被改动（哈希链）")
def help_history() -> None: ...


@message(en="evaluate a stored run's inputs again under its stored scheme and prove every number is unchanged",
         zh="用运行记录中保存的方案重新计算保存的输入，证明每个数字都未改变")
def help_replay() -> None: ...


@message(en=Plural("records", "recorded run {run} in {path} ({records} record)", "recorded run {run} in {path} ({records} records)"), zh="已记录为 {path} 中的第 {run} 次运行（{records} 条记录）")
def recorded(*, run: int, path: str, records: int) -> None: ...


@message(en="{path}: no run record there", zh="{path}：没有这个运行记录文件")
def record_missing(*, path: str) -> None: ...


@message(en="{path}: not a run record ({error})", zh="{path}：不是运行记录文件（{error}）")
def record_unreadable(*, path: str, error: str) -> None: ...


@message(en="{path} holds no run {run}", zh="{path} 中没有第 {run} 次运行")
def record_no_run(*, path: str, run: int) -> None: ...


@message(en="`kpi history --record {path}` lists the runs", zh="`kpi history --record {path}` 列出各次运行")
def record_history_hint(*, path: str) -> None: ...


@message(en="run {run} cannot be read from the record ({error})", zh="无法读取第 {run} 次运行（{error}）")
def run_unreadable(*, run: int, error: str) -> None: ...


@message(en="run {run} has no result for '{id}'", zh="第 {run} 次运行中没有“{id}”的结果")
def run_no_employee(*, run: int, id: str) -> None: ...


@message(en="{path} was changed after it was written: {runs}", zh="{path} 在写入之后被改动过：{runs}")
def tampered(*, path: str, runs: str) -> None: ...


@message(en="a stored run was edited, deleted or replaced outside kpi; restore the file from a backup and find out who changed it",
         zh="有运行记录在 kpi 之外被编辑、删除或替换；请从备份恢复该文件，并查明是谁改动的")
def tampered_hint() -> None: ...


@message(en="the stored row does not match its hash", zh="保存的行与其哈希值不符")
def tamper_row() -> None: ...


@message(en="the previous run's hash does not match (a run was removed or replaced)", zh="与上一次运行的哈希值不符（有运行被删除或替换）")
def tamper_chain() -> None: ...


@message(en="run {expected} is missing", zh="缺少第 {expected} 次运行")
def tamper_gap(*, expected: int) -> None: ...


@message(en=Plural("runs", "the hash chain of {runs} run is intact; head {head}", "the hash chain of {runs} runs is intact; head {head}"),
         zh="{runs} 次运行的哈希链完好；链头 {head}")
def chain_intact(*, runs: int, head: str) -> None: ...


@message(en=Plural("records",
                   "run {run} replayed: {records} record evaluated again under the stored scheme {scheme} (sha256 {hash}…, "
                   "recorded {created}); every number is unchanged",
                   "run {run} replayed: {records} records evaluated again under the stored scheme {scheme} (sha256 {hash}…, "
                   "recorded {created}); every number is unchanged"),
         zh="第 {run} 次运行已重放：用保存的方案 {scheme}（sha256 {hash}…，记录于 {created}）重新计算了 {records} 条记录；每个数字都未改变")
def replay_ok(*, run: int, records: int, scheme: str, hash: str, created: str) -> None: ...


@message(en=Plural("count", "run {run} does not replay: {count} result differs from the stored one",
                   "run {run} does not replay: {count} results differ from the stored ones"),
         zh="第 {run} 次运行无法重现：{count} 条结果与保存的不同")
def replay_failed(*, run: int, count: int) -> None: ...


@message(en="the stored results were changed, or this kpidsl computes differently from the one that recorded the run (see `kpi history`)",
         zh="保存的结果被改动过，或者当前的 kpidsl 与记录时的版本计算方式不同（见 `kpi history`）")
def replay_failed_hint() -> None: ...


@message(en="{id}: stored {stored}; now {now}", zh="{id}：保存的是 {stored}；现在是 {now}")
def replay_differs(*, id: str, stored: str, now: str) -> None: ...


@message(en="{id}: not in the stored results", zh="{id}：不在保存的结果中")
def replay_extra(*, id: str) -> None: ...


@message(en="{id}: stored, but not computed again", zh="{id}：有保存的结果，但重新计算中没有")
def replay_missing(*, id: str) -> None: ...


@message(en="run {run}, recorded {created} by {user}, scheme sha256 {hash}…",
         zh="第 {run} 次运行，{user} 记录于 {created}，方案 sha256 {hash}…")
def explain_run_header(*, run: int, created: str, user: str, hash: str) -> None: ...


@message(en="run", zh="运行")
def col_run() -> None: ...


@message(en="time (UTC)", zh="时间（UTC）")
def col_time() -> None: ...


@message(en="user", zh="用户")
def col_user() -> None: ...


@message(en="host", zh="主机")
def col_host() -> None: ...


@message(en="kpidsl", zh="kpidsl 版本")
def col_version() -> None: ...


@message(en="scheme", zh="方案")
def col_scheme() -> None: ...


@message(en="scheme sha256", zh="方案 sha256")
def col_scheme_hash() -> None: ...


@message(en="records", zh="记录数")
def col_records() -> None: ...


@message(en="data", zh="数据")
def col_data() -> None: ...


# ------------------------------------------------------------------------------ kpi diff


@message(en="git cannot be run ({error})", zh="无法运行 git（{error}）")
def git_unavailable(*, error: str) -> None: ...


@message(en="cannot read {spec} from git: {error}", zh="无法从 git 读取 {spec}：{error}")
def git_failed(*, spec: str, error: str) -> None: ...


@message(en="{rule}: {old} -> {new}, because other people's results changed how it is shared",
         zh="{rule}：{old} -> {new}，因为其他人的结果变化改变了分配")
def cause_population(*, rule: str, old: str, new: str) -> None: ...


@message(en="new {kind} `{text}`: {outcome}", zh="新增{kind} `{text}`：{outcome}")
def cause_added(*, kind: str, text: str, outcome: str) -> None: ...


@message(en="{kind} `{text}` removed (it gave {outcome})", zh="删除了{kind} `{text}`（原来得到 {outcome}）")
def cause_removed(*, kind: str, text: str, outcome: str) -> None: ...


@message(en="{subject}: {old} => {new}, because {rules}", zh="{subject}：{old} => {new}，因为 {rules}")
def cause_changed(*, subject: str, old: str, new: str, rules: str) -> None: ...


@message(en="fired", zh="已触发")
def outcome_fired() -> None: ...


@message(en="fired (grade {grade})", zh="已触发（等级定为 {grade}）")
def outcome_fired_grade(*, grade: str) -> None: ...


@message(en="not fired", zh="未触发")
def outcome_not_fired() -> None: ...


@message(en="tier {number} -> {result}", zh="第 {number} 档 -> {result}")
def outcome_tier(*, number: str, result: str) -> None: ...


@message(en="kpi diff: {old} -> {new}", zh="kpi diff：{old} -> {new}")
def diff_title(*, old: str, new: str) -> None: ...


@message(en="Changes to the scheme ({count})", zh="方案的变化（{count} 处）")
def diff_changes(*, count: int) -> None: ...


@message(en="People whose results change ({changed} of {total}), by impact", zh="结果发生变化的人员（{total} 人中的 {changed} 人），按影响排序")
def diff_people(*, changed: int, total: int) -> None: ...


@message(en="Counts per {field}", zh="各{field}人数")
def diff_grades(*, field: str) -> None: ...


@message(en="{rule} per group", zh="各组的{rule}")
def diff_money(*, rule: str) -> None: ...


@message(en="only under the old version", zh="仅在旧版本中")
def only_old() -> None: ...


@message(en="only under the new version", zh="仅在新版本中")
def only_new() -> None: ...


@message(en="id", zh="工号")
def col_id() -> None: ...


@message(en="name", zh="姓名")
def col_name() -> None: ...


@message(en="group", zh="组")
def col_group() -> None: ...


@message(en="why", zh="原因")
def col_why() -> None: ...


@message(en="label", zh="等级")
def col_label() -> None: ...


@message(en="before", zh="之前")
def col_before() -> None: ...


@message(en="after", zh="之后")
def col_after() -> None: ...


@message(en="change", zh="变化")
def col_change() -> None: ...


@message(en="moved", zh="转移金额")
def col_moved() -> None: ...


@message(en="People", zh="人员")
def sheet_people() -> None: ...


@message(en="Scheme changes", zh="方案变化")
def sheet_changes() -> None: ...


@message(en="Grades", zh="等级")
def sheet_grades() -> None: ...


@message(en="Money", zh="金额")
def sheet_money() -> None: ...


@message(en="compare two versions of a scheme on the same data: what changes for whom, by how much and why. "
            "OLD may be a git revision (HEAD~1:scheme.kpi)",
         zh="在同一份数据上比较方案的两个版本：谁的结果变了、变了多少、为什么。OLD 可以是 git 版本（HEAD~1:scheme.kpi）")
def help_diff() -> None: ...


@message(en="write to FILE (.txt, .json, .xlsx, .html) instead of printing", zh="写入 FILE（.txt、.json、.xlsx、.html），而不是打印")
def help_diff_output() -> None: ...


@message(en="the output format (default: from -o's extension, else text)", zh="输出格式（默认：按 -o 的扩展名，否则为文本）")
def help_diff_format() -> None: ...


@message(en="wrote {path}", zh="已写入 {path}")
def wrote(*, path: str) -> None: ...


@message(en="an .xlsx diff needs a file: -o diff.xlsx", zh=".xlsx 格式的比较结果需要写入文件：-o diff.xlsx")
def diff_xlsx_needs_file() -> None: ...


# ------------------------------------------------------------------------------ kpi report


@message(en="write one self-contained HTML report (charts, rankings, an appeal letter per employee) of the results",
         zh="把结果写成一个独立的 HTML 报告（图表、排名、每位员工的申诉答复）")
def help_report() -> None: ...


@message(en="the HTML file to write", zh="要写入的 HTML 文件")
def help_report_output() -> None: ...


@message(en="the input column that splits people into groups (default: the first `within` column of the scheme)",
         zh="用于分组的输入列（默认：方案中第一个 `within` 列）")
def help_report_group() -> None: ...


@message(en="`kpi report` draws its charts with matplotlib: pip install 'kpidsl[report]'",
         zh="`kpi report` 用 matplotlib 画图：请先 pip install 'kpidsl[report]'")
def report_needs_matplotlib() -> None: ...


@message(en="{title}: results report", zh="{title}：考核结果报告")
def report_title(*, title: str) -> None: ...


@message(en="scheme version {version} · {people} people · made by kpidsl {kpidsl}", zh="方案版本 {version} · 共 {people} 人 · 由 kpidsl {kpidsl} 生成")
def report_meta(*, version: str, people: int, kpidsl: str) -> None: ...


@message(en="everyone", zh="全体")
def everyone() -> None: ...


@message(en="Results", zh="考核结果")
def report_results() -> None: ...


@message(en="find by id or name", zh="按工号或姓名查找")
def report_search() -> None: ...


@message(en="total", zh="总分")
def report_total() -> None: ...


@message(en="grade", zh="等级")
def report_grade() -> None: ...


@message(en="Grade distribution against the quotas", zh="等级分布与配额对比")
def report_distribution() -> None: ...


@message(en="actual", zh="实际人数")
def report_actual() -> None: ...


@message(en="quota", zh="配额人数")
def report_quota() -> None: ...


@message(en="Score histogram per group", zh="各组得分分布")
def report_histogram() -> None: ...


@message(en="Groups compared", zh="各组对比")
def report_groups() -> None: ...


@message(en="people", zh="人数")
def report_people() -> None: ...


@message(en="mean total", zh="平均总分")
def report_mean() -> None: ...


@message(en="lowest", zh="最低")
def report_min() -> None: ...


@message(en="highest", zh="最高")
def report_max() -> None: ...


@message(en="Vetoes and exclusions", zh="一票否决与不计分项")
def report_vetoes() -> None: ...


@message(en="veto", zh="一票否决")
def report_veto() -> None: ...


@message(en="skipped item", zh="不计分的指标")
def report_skipped() -> None: ...


@message(en="no performance bonus", zh="取消绩效奖金")
def report_no_bonus() -> None: ...


@message(en="what", zh="类型")
def report_what() -> None: ...


@message(en="rule", zh="规则")
def report_rule() -> None: ...


@message(en="effect", zh="结果")
def report_effect() -> None: ...


@message(en="none", zh="无")
def report_none() -> None: ...


@message(en="Top and bottom: {rule}", zh="前几名与后几名：{rule}")
def report_ranking(*, rule: str) -> None: ...


@message(en="top", zh="前几名")
def report_top() -> None: ...


@message(en="bottom", zh="后几名")
def report_bottom() -> None: ...


@message(en="Appeal letters", zh="申诉答复")
def report_appeals() -> None: ...


@message(en="Reply to {name} ({id})", zh="致 {name}（{id}）的答复")
def report_letter_title(*, name: str, id: str) -> None: ...


@message(en="Dear {name}, here is how your result for this period was computed, step by step, with the rule applied at each step.",
         zh="{name}，您好：以下是您本期考核结果的计算过程，每一步都注明了所依据的规则。")
def report_letter_intro(*, name: str) -> None: ...


@message(en="yes", zh="是")
def yes() -> None: ...


@message(en="no", zh="否")
def no() -> None: ...
