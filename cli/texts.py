"""Every text the command line prints, Chinese first, English with `--lang en`.

One `Text` constant per message, label or column header, filled and rendered where it is
printed: `AT_WINDOW(window=3).text(args.lang)`. The engine's refusals carry their own two
languages (`HallError.text`). Codes (ticket numbers, service prefixes, event kinds) and
the `hallq …` commands inside a message are the same in both languages. Tests assert on
exit codes and JSON, not on this copy.
"""
from __future__ import annotations

from hallq.i18n import Text

# ------------------------------------------------------------------ every command (cli/main.py)
UNEXPECTED = Text("意外错误：{error}（详见日志 {log}）", "unexpected error: {error} (details in {log})")
BAD_NOW = Text("HALLQ_NOW={value}：应为日期时间，如 2026-11-25T09:30",
               "HALLQ_NOW={value}: not a date and time like 2026-11-25T09:30")

# ------------------------------------------------------------------ the operator console (cli/commands.py)
NO_HALL = Text("{db} 还没有大厅配置：先运行 hallq init --demo 或 hallq init --config hall.toml",
               "{db} has no hall yet: run hallq init --demo or hallq init --config hall.toml")
INITIALISED = Text("{hall}：{services} 类业务，{windows} 个窗口 → {db}",
                   "{hall}: {services} services, {windows} windows → {db}")
AT_WINDOW = Text("{window}号窗口", "window {window}")
FOR_WINDOW = Text("转{window}号窗口", "for window {window}")
AHEAD = Text("前面 {ahead} 人", "{ahead} ahead")
PRIORITY = Text("优先：{reason}", "priority: {reason}")
APPOINTMENT = Text("预约 {code}", "appointment {code}")
TAKEN = Text("取号 {at:%H:%M}", "taken {at:%H:%M}")
STATUS_URL_LOOPBACK = Text("[hall] status_url = {url} 指向本机：小票二维码在市民手机上打不开，请改为大厅网络中的地址"
                           "（如 http://hall-host:8080/t/）",
                           "[hall] status_url = {url} points at this machine: the slips' QR codes will not open on a"
                           " citizen's phone; use the hall host's address on the hall network"
                           " (e.g. http://hall-host:8080/t/)")
CLERK_SAVED = Text("已保存工号 {id}（{name}）", "Saved clerk {id} ({name})")
CLERK_DISABLED = Text("已停用工号 {id}（{name}）", "Disabled clerk {id} ({name})")
CLERK_DISABLED_AT = Text("已停用工号 {id}（{name}），已从 {window} 号窗口退出登录",
                         "Disabled clerk {id} ({name}), logged out of window {window}")
CLERK_ENABLED = Text("已启用工号 {id}（{name}）", "Enabled clerk {id} ({name})")
CLERK_PIN_RESET = Text("已重设工号 {id}（{name}）的密码", "New PIN for clerk {id} ({name})")
CLERK_ROLE_SET = Text("工号 {id}（{name}）现为{role}", "Clerk {id} ({name}) is now {role}")
ROLE_NAMES = {"clerk": Text("窗口人员", "a clerk"), "supervisor": Text("主管", "a supervisor")}
H_ID_CLERK = Text("工号", "Id")
H_ROLE = Text("角色", "Role")
H_STATE_CLERK = Text("状态", "State")
H_AT_WINDOW = Text("登录窗口", "At window")
CLERK_ACTIVE = Text("在用", "active")
CLERK_OFF = Text("停用", "disabled")
CLERK_LOCKED_UNTIL = Text("锁定至 {until}", "locked until {until}")
NO_TICKETS = Text("今天还没有号", "No tickets today")
NO_SUCH_TICKETS = Text("今天没有这样的号", "No such tickets today")
WALK_IN_CLOSED = Text("已暂停取号", "closed")
WALK_IN_HALL_CLOSED = Text("今日休息", "hall closed today")
WALK_IN_APPOINTMENT_ONLY = Text("仅限预约", "by appointment")
WALK_IN_OPENS_AT = Text("{at} 起", "from {at}")
WALK_IN_HOURS_OVER = Text("今日已过", "over for today")
WALK_IN_LIMIT = Text("今日已取完", "all taken today")
FIGURES_SUMMARY = Text("{day}  取号 {issued}  叫号 {called}  办结 {served}  过号 {no_shows}  等候 {waiting}",
                       "{day}  issued {issued}  called {called}  served {served}  missed {no_shows}"
                       "  waiting {waiting}")
DAY_CLOSED = Text("{day} 已日结：{expired} 个号过期，{windows} 个窗口登出",
                  "{day} closed: {expired} tickets expired, {windows} windows logged out")
IMPORTED = Text("导入 {imported}，更新 {updated}，未变 {unchanged}，错误 {errors}",
                "imported {imported}, updated {updated}, unchanged {unchanged}, errors {errors}")
IMPORT_READ = Text("{file}：编码 {encoding}，{rows} 条预约", "{file}: {encoding}, {rows} bookings")
IMPORT_READ_XLSX = Text("{file}：Excel 工作簿，{rows} 条预约", "{file}: Excel workbook, {rows} bookings")
IMPORT_IGNORED = Text("未使用的列：{columns}", "columns not used: {columns}")
IMPORT_DRY_RUN = Text("试导入，未作任何修改：将导入 {imported}，更新 {updated}，未变 {unchanged}；"
                      "错误 {errors}，提醒 {warnings}",
                      "dry run, nothing changed: would import {imported}, update {updated}, leave {unchanged}"
                      " unchanged; {errors} errors, {warnings} warnings")
IMPORT_DRY_RUN_REFUSED = Text("有错误时不会导入任何预约：改正后再导入，或加 --skip-bad-rows 只导入其余 {good} 条",
                              "with errors nothing would be imported: fix them, or add --skip-bad-rows to import"
                              " the other {good}")
IMPORT_REFUSED = Text("未导入任何预约：{errors} 处错误。改正后重新导入，或加 --skip-bad-rows 只导入其余 {good} 条",
                      "nothing imported: {errors} errors. Fix them and import again, or add --skip-bad-rows to"
                      " import the other {good}")
IMPORT_ERROR = Text("错误：{text}", "error: {text}")
#: a problem of a booking file at its place ("b.csv 第 3 行，C 列“事项”")
IMPORT_PROBLEM = Text("{place}：{text}", "{place}: {text}")
OUTCOME_NEW = Text("新增", "new")
OUTCOME_UPDATED = Text("更新", "update")
OUTCOME_UNCHANGED = Text("未变", "unchanged")
OUTCOME_KEPT = Text("已签到，保留", "checked in, kept")
MINUTES = Text("{n} 分钟", "{n} min")

# column headers
H_NUMBER = Text("号码", "Number")
H_SERVICE = Text("业务", "Service")
H_NAME = Text("名称", "Name")
H_STATE = Text("状态", "State")
H_WINDOW = Text("窗口", "Window")
H_AHEAD = Text("前面", "Ahead")
H_ESTIMATE = Text("预计等候", "Est. wait")
H_TAKEN = Text("取号", "Taken")
H_PRIORITY = Text("优先", "Priority")
H_APPOINTMENT = Text("预约", "Appointment")
H_NOTE = Text("备注", "Note")
H_CURRENT = Text("当前号", "Current")
H_CLERK = Text("工作人员", "Clerk")
H_PAUSE = Text("暂停原因", "Pause reason")
H_WAITING = Text("等候", "Waiting")
H_LONGEST = Text("最久等候", "Longest wait")
H_NEXT = Text("接下来", "Next")
H_WALK_IN = Text("取号", "Walk-in")
H_ISSUED = Text("取号", "Issued")
H_CALLED = Text("叫号", "Called")
H_SERVED = Text("办结", "Served")
H_MISSED = Text("过号", "Missed")
H_MEAN_WAIT = Text("平均等候", "Mean wait")
H_MEAN_HANDLING = Text("平均办理", "Mean handling")
H_CODE = Text("预约码", "Code")
H_SLOT = Text("时段", "Slot")
H_PERSON = Text("姓名", "Name")
H_ID = Text("证件号", "ID number")
H_PHONE = Text("手机", "Phone")
H_CHECKED_IN = Text("签到", "Checked in")
H_PLACE = Text("位置", "Place")
H_OUTCOME = Text("处理", "Action")

# ------------------------------------------------------------------ report, followups (cli/report.py)
REPORT_NO_HALL = Text("{db}: 还没有大厅配置，请先运行 hallq init --demo",
                      "{db}: no hall yet; run hallq init --demo first")
BAD_DAY = Text("{option} 日期格式应为 YYYY-MM-DD：{value}", "{option}: a date is YYYY-MM-DD, not {value}")
REPORT_WRITTEN = Text("{period}：取号 {issued}，办结 {served}，平均等候 {wait} 分钟 → {path}",
                      "{period}: issued {issued}, served {served}, mean wait {wait} min → {path}")
DUE = Text("期限 {due:%m-%d}", "due {due:%d %b}")
OVERDUE = Text("已逾期", "OVERDUE")
FOLLOWUP_CLOSED_BY = Text("已关闭 {at:%m-%d} {by}：{note}", "closed {at:%d %b} by {by}: {note}")
NO_FOLLOWUPS = Text("没有待整改事项", "No follow-ups open")
FOLLOWUP_CLOSED = Text("整改事项 {id}（{number}）已关闭", "Follow-up {id} ({number}) closed")
H_FOLLOWUP = Text("编号", "No.")
H_DAY = Text("日期", "Day")
H_RATING = Text("评价", "Rating")

# ------------------------------------------------------------------ sim, replay, backup, restore (cli/sim.py)
SIM_NO_HALL = Text("{db} 还没有大厅配置：先运行 hallq init --demo，或用 --config hall.toml / --demo",
                   "{db} has no hall yet: run hallq init --demo, or give --config hall.toml or --demo")
NO_DB = Text("{db} 里没有大厅：用 --db 指定大厅数据库（模拟的一天：hallq sim --out day.db）",
             "{db} holds no hall: point --db at the hall database (a simulated day: hallq sim --out day.db)")
BAD_DATE = Text("--date {value}：应为日期，如 2026-11-25", "--date {value}: not a date like 2026-11-25")
BAD_TIME = Text("--from {value}：应为时刻，如 10:30", "--from {value}: not a time like 10:30")
DAYS_RANGE = Text("--days 应在 1–366 之间", "--days must be 1–366")
OUT_EXISTS = Text("--out {path} 已存在：模拟只写入新的数据库",
                  "--out {path} exists: the simulator only writes a new database")
CONFIG_UNREADABLE = Text("--config {path}：{problem}", "--config {path}: {problem}")
BAD_WINDOWS = Text("--windows：{problem}", "--windows: {problem}")
SIM_TITLE = Text("模拟 {days}  {hall}  种子 {seed}  来办事 {citizens} 人",
                 "Simulated {days}  {hall}  seed {seed}  {citizens} citizens")
SIM_MINUTES = Text("{v:.1f}分", "{v:.1f} min")
SIM_KEPT = Text("模拟数据库：{path}（可用 hallq --db {path} replay --date {day} 回放）",
                "Simulated database: {path} (replay it: hallq --db {path} replay --date {day})")
SIM_TOOK = Text("用时 {s:.1f} 秒，引擎操作 {ops} 次", "{s:.1f} s, {ops} engine operations")
H_SIM_SERVICE = Text("业务", "Service")
H_SIM_WINDOWS_BOTH = Text("窗口 现→改", "Windows now→if")
H_SIM_MEAN_WAIT_BOTH = Text("平均等候 现→改", "Mean wait now→if")
H_SIM_DIFF = Text("差(分)", "Diff (min)")
H_SIM_P95_BOTH = Text("P95 现→改", "P95 now→if")
H_SIM_SERVED_BOTH = Text("办结 现→改", "Served now→if")
H_SIM_UNSERVED_BOTH = Text("未办 现→改", "Unserved now→if")
SIM_COMPARE_TITLE = Text("对比：现有配置 → 假设（同一批来办事的人）",
                         "Side by side: as configured → what if (the same citizens)")
SIM_WINDOWS_USED = Text("只办 {services} 的窗口：{n_before} 个（{before}）→ {n_after} 个（{after}）；其他窗口不变",
                        "windows serving {services} only: {n_before} ({before}) → {n_after} ({after}); no other"
                        " window changed")
SIM_COMPARE_NOTE = Text("窗口数“5+2”：5 个只办该业务，2 个与其他业务共用；等候单位为分钟",
                        "Windows “5+2”: 5 serve it alone, 2 share it with other services; waits in minutes")
H_SIM_WINDOWS = Text("窗口", "Windows")
H_SIM_ISSUED = Text("取号", "Issued")
H_SIM_TURNED_AWAY = Text("未取到", "Turned away")
H_SIM_SERVED = Text("办结", "Served")
H_SIM_MISSED = Text("过号", "Missed")
H_SIM_UNSERVED = Text("未办", "Unserved")
H_SIM_MEAN_WAIT = Text("平均等候", "Mean wait")
H_SIM_P95_WAIT = Text("P95等候", "P95 wait")
H_SIM_WINDOW = Text("窗口", "Window")
H_SIM_SERVICES = Text("业务", "Services")
H_SIM_BUSY = Text("利用率", "Busy")
REPLAY_STATUS = Text("回放 {day} ×{speed:g}  {now:%H:%M:%S}  {done}/{total} 条记录{state}",
                     "Replay {day} ×{speed:g}  {now:%H:%M:%S}  {done}/{total} events{state}")
REPLAY_PAUSED = Text("已暂停", "paused")
REPLAY_ENDED = Text("回放结束", "finished")
REPLAY_CALL = Text("{at:%H:%M:%S}  {number} → {window}", "{at:%H:%M:%S}  {number} → {window}")
REPLAY_RECALL = Text("{at:%H:%M:%S}  {number} → {window}（重呼）", "{at:%H:%M:%S}  {number} → {window} (recall)")
REPLAYED = Text("回放 {day}：{done} 条记录，{calls} 次叫号，{skipped} 条未能重放",
                "Replayed {day}: {done} events, {calls} calls, {skipped} not applied")
KEY_PAUSE = Text("暂停/继续", "pause/resume")
KEY_QUIT = Text("退出", "quit")
BACKED_UP = Text("已备份 {source} → {dest}：{tickets} 个号，{events} 条记录，{pages} 页分 {steps} 步，"
                 "{seconds:.2f} 秒，完整性检查通过{note}",
                 "Backed up {source} → {dest}: {tickets} tickets, {events} events, {pages} pages in {steps} steps,"
                 " {seconds:.2f} s, integrity check ok{note}")
KEY_COPIED = Text("，密钥已一并复制", ", key file copied")
NO_KEY = Text("（不含密钥：请另行保管密钥文件）", "; without the key: keep the key file apart")
RESTORED = Text("已从 {file} 恢复 {db}：{tickets} 个号，{events} 条记录",
                "Restored {db} from {file}: {tickets} tickets, {events} events")
#: before a warning on stderr ("hallq: 注意：…")
WARNING = Text("注意：{text}", "warning: {text}")
KEY_WITH_BACKUP = Text("注意：密钥已随备份复制，拿到两者即可比对手机号和身份证号，请分开妥善保管",
                       "warning: the key was copied with the backup; whoever has both can match phone and ID numbers:"
                       " keep them safe")

# hallq notify
NOTIFY_NO_CHANNEL = Text("hall.toml 的 [notify] 未设置通知渠道（channel），没有要发送的提醒",
                         "hall.toml [notify] names no channel: there is nothing to send")
NOTIFY_DONE = Text("已发送 {sent}，待重试 {retried}，失败 {failed}，崩溃后重发 {resent}",
                   "sent {sent}, to retry {retried}, failed {failed}, sent again after a crash {resent}")
NOTIFY_NEAR = Text("【{hall}】您的号码 {number}（{service}）前面还有 {n} 人，请回到大厅留意叫号。",
                   "[{hall}] {number} ({service}): {n} people ahead of you. Please come back to the hall.")
NOTIFY_CALLED = Text("【{hall}】请 {number} 到 {window} 办理。", "[{hall}] {number}, please go to {window}.")
EMPTY_NUMBER = Text("--number 为空：请给出要叫的号码，或不带 --number 叫下一位",
                    "--number is empty: give the number to call, or leave --number out to call the next")
CLERK_EXISTS = Text("工号 {id} 已有人使用（{name}）：换一个工号；改 PIN 用 hallq clerk reset-pin，"
                    "改角色用 hallq clerk role，确要替换用 --update",
                    "Clerk id {id} is taken ({name}): choose another id; hallq clerk reset-pin changes a PIN,"
                    " hallq clerk role a role, --update replaces the clerk")
