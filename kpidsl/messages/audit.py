"""Messages of versions, audit and reports: the `overrides` block, overrides files, the run
record, `kpi diff` and `kpi report`."""

from __future__ import annotations

from ..i18n import message

# ------------------------------------------------------------------------------ the overrides block


@message(en="'{name}' is not a population rule", zh="“{name}”不是总体规则")
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


@message(en="recorded run {run} in {path} ({records} records)", zh="已记录为 {path} 中的第 {run} 次运行（{records} 条记录）")
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


@message(en="the hash chain of {runs} runs is intact; head {head}", zh="{runs} 次运行的哈希链完好；链头 {head}")
def chain_intact(*, runs: int, head: str) -> None: ...


@message(en="run {run} replayed: {records} records evaluated again under the stored scheme {scheme} (sha256 {hash}…, recorded {created}); "
            "every number is unchanged",
         zh="第 {run} 次运行已重放：用保存的方案 {scheme}（sha256 {hash}…，记录于 {created}）重新计算了 {records} 条记录；每个数字都未改变")
def replay_ok(*, run: int, records: int, scheme: str, hash: str, created: str) -> None: ...


@message(en="run {run} does not replay: {count} results differ from the stored ones",
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
