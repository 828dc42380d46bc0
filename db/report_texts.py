"""The texts of the db/ parts beside the engine: reports, the simulator, replays, hall.toml
checks and booking imports.

The engine's own texts (refusals, check-in answers, labels, alerts) are in db/texts.py;
these are kept apart so that the two files can change independently. As there, every
constant is a `Text` (hallq/i18n.py), Chinese first, and both languages name the same
`{fields}`. A template without fields holds no braces (such a template is rendered as it is
written, so `{{` would show doubled).

Problems in a hall.toml and in a booking file are shown in English for now (ConfigError's
`problem` and ImportReport's `errors` are plain text); they carry Chinese for when those
take a `Text`.
"""
from __future__ import annotations

from hallq.i18n import Text

# ---------------------------------------------------------------- report: groups and columns
TOTAL = Text("合计", "Total")
NO_WINDOW = Text("（无窗口）", "(no window)")
NO_CLERK = Text("（无工号）", "(no clerk)")
SERVICE_LABEL = Text("{prefix} {name}", "{prefix} {name}")

COLUMN_ISSUED = Text("取号", "Issued")
COLUMN_CALLED = Text("叫号", "Called")
COLUMN_SERVED = Text("办结", "Served")
COLUMN_NO_SHOWS = Text("过号", "Missed")
COLUMN_TRANSFERRED = Text("转出", "Transferred")
COLUMN_MEAN_WAIT = Text("平均等候(分)", "Mean wait (min)")
COLUMN_LONGEST_WAIT = Text("最长等候(分)", "Longest wait (min)")
COLUMN_OVER_LIMIT = Text("超时等候", "Long waits")
COLUMN_MEAN_HANDLING = Text("平均办理(分)", "Mean handling (min)")
COLUMN_BUSY = Text("办理总时长(分)", "Busy (min)")
COLUMN_RATED = Text("评价数", "Rated")
COLUMN_GOOD_PCT = Text("好评率", "Good")
COLUMN_BAD = Text("差评", "Bad")

BY_SERVICE = Text("按业务", "By service")
BY_WINDOW = Text("按窗口", "By window")
BY_CLERK = Text("按工作人员", "By clerk")
BY_HOUR = Text("按时段", "By hour")
BY_DAY = Text("按日", "By day")
SERVICE = Text("业务", "Service")
WINDOW = Text("窗口", "Window")
CLERK = Text("工作人员", "Clerk")
HOUR = Text("时段", "Hour")
DAY = Text("日期", "Day")

# ---------------------------------------------------------------- report: the summary
SUMMARY_ISSUED = Text("取号", "Tickets issued")
SUMMARY_CALLED = Text("叫号", "Called")
SUMMARY_SERVED = Text("办结", "Served")
SUMMARY_NO_SHOWS = Text("过号", "No-shows")
SUMMARY_TRANSFERRED = Text("转号", "Transferred")
SUMMARY_MEAN_WAIT = Text("平均等候(分钟)", "Mean wait (min)")
SUMMARY_LONGEST_WAIT = Text("最长等候(分钟)", "Longest wait (min)")
SUMMARY_OVER_LIMIT = Text("等候超过{minutes}分钟", "Waits over {minutes} min")
SUMMARY_MEAN_HANDLING = Text("平均办理(分钟)", "Mean handling (min)")
SUMMARY_RATED = Text("评价数 / 评价率", "Ratings / rated")
SUMMARY_GOOD = Text("好评率", "Good ratings")
SUMMARY_BAD = Text("差评", "Bad ratings")
SUMMARY_FOLLOWUPS = Text("整改：新开 / 已关闭 / 未关闭 / 逾期", "Follow-ups: opened / closed / open / overdue")

# ---------------------------------------------------------------- report: headings and tables
REPORT_TITLE = Text("{hall} 运行报表 {period}", "{hall} report {period}")
#: `at` is the time the report was made, "YYYY-MM-DD HH:MM"
MADE_FROM_EVENTS = Text("生成于 {at}，数据来自事件日志。", "Made {at} from the event log.")
FIGURE = Text("项目", "Figure")
VALUE = Text("数值", "Value")
RATINGS_HEADING = Text("好差评", "Citizen ratings")
RATINGS_SHEET = Text("好差评", "Ratings")
SUMMARY_SHEET = Text("总览", "Summary")
RATING = Text("评价", "Rating")
COUNT = Text("数量", "Count")
SHARE = Text("占比", "Share")
BAD_REASON = Text("差评原因", "Reason")
BAD_AND_FOLLOWUPS = Text("差评与整改", "Bad ratings and follow-ups")
BAD_TICKET = Text("号", "Ticket")
BAD_REASON_COLUMN = Text("原因", "Reason")
BAD_COMMENT = Text("留言", "Comment")
BAD_FOLLOWUP = Text("整改", "Follow-up")
BAD_DUE = Text("期限", "Due")
BAD_CLOSED = Text("处理", "Closed")
FOLLOWUP_OPEN = Text("未关闭", "open")

# ---------------------------------------------------------------- report: the HTML page and its charts
#: the page's `lang` attribute
HTML_LANG = Text("zh-CN", "en")
CHART_WAITS = Text("各时段等候时间（按叫号时刻）", "Waits by hour (of the call)")
CHART_LOAD = Text("各窗口工作量（办理分钟）", "Load by window (minutes busy)")
CHART_ARRIVALS = Text("各时段取号与办结", "Issued and served by hour")
SERIES_MEAN_WAIT = Text("平均等候", "Mean wait")
SERIES_LONGEST_WAIT = Text("最长等候", "Longest wait")
SERIES_BUSY = Text("办理时长(分钟)", "Busy (min)")
SERIES_ISSUED = Text("取号", "Issued")
SERIES_SERVED = Text("办结", "Served")
#: a number of minutes: a bar's value in its tooltip, the long-wait line's label
MINUTES = Text("{minutes}分钟", "{minutes} min")

# ---------------------------------------------------------------- the simulator and replays
#: the name on the bookings the simulator imports (stored as data, in Chinese)
SIM_BOOKING_NAME = Text("模拟预约", "Simulated booking")
#: the reason a simulated clerk's break is paused with (stored as data, in Chinese)
SIM_BREAK_REASON = Text("模拟休息", "Simulated break")
#: a window the simulator adds for a service, when none of its windows is numbered
SIM_WINDOW_NAME = Text("{service}窗口{number}", "{service} window {number}")
SIM_EXISTING_HALL = Text("已有大厅：模拟只写入新的数据库",
                         "already holds a hall: the simulator only writes to a new database")
#: the pause reason a replay gives a window.paused event that recorded none (stored as data)
REPLAY_PAUSE_REASON = Text("暂离", "Away")
REPLAY_EVENT_INCOMPLETE = Text("事件 {id}（{kind}）缺少 {field}", "Event {id} ({kind}) has no {field}")

# `hallq sim --windows A=8,B=2`
WINDOWS_NOT_LIKE = Text("{part!r} 格式应为 A=8（业务前缀=窗口数）",
                        "{part!r} is not like A=8 (service prefix = number of windows)")
WINDOWS_NO_SERVICE = Text("{part!r}：没有业务类别 {prefix}（现有：{services}）",
                          "{part!r}: no service {prefix} (services: {services})")
WINDOWS_TWICE = Text("{part!r}：业务重复", "{part!r}: a service is named twice")
WINDOWS_EMPTY = Text("请至少指定一个业务，例如 A=8,B=2", "give at least one service, e.g. A=8,B=2")

# the [simulation] table of a hall.toml
SIM_NOT_A_TABLE = Text("应为表", "must be a table")
SIM_NUMBER = Text("应为 {low} 到 {high} 之间的数，而不是 {value!r}",
                  "must be a number from {low} to {high}, got {value!r}")
SIM_TABLE_LIKE = Text("应为表，例如 {{{what} = …}}", "must be a table like {{{what} = …}}")
SIM_NOT_A_KEY = Text("{key!r} 不是{what}", "{key!r} is not a {what}")
SIM_ENTRY_NUMBER = Text("{key} = {value!r}：应为 {low} 到 {high} 之间的数",
                        "{key} = {value!r}: must be a number from {low} to {high}")
SIM_HOUR = Text("0–23 的小时", "hour 0–23")
SIM_PREFIX = Text("业务前缀", "service prefix")
#: `example` is BREAKS_EXAMPLE
SIM_BREAKS_LIST = Text("应为列表，例如 {example}", "must be a list like {example}")
SIM_BREAK_LIKE = Text("{item!r} 格式应为 {{at = \"10:30\", minutes = 15}}",
                      "{item!r} is not like {{at = \"10:30\", minutes = 15}}")
BREAKS_EXAMPLE = '[{at = "10:30", minutes = 15}]'

# ---------------------------------------------------------------- hall.toml (ConfigError problems)
CONFIG_NO_FILE = Text("没有这个文件", "no such file")
CONFIG_NOT_UTF8 = Text("不是 UTF-8 文本", "not UTF-8 text")
CONFIG_NOT_TOML = Text("不是有效的 TOML：{problem}", "not valid TOML: {problem}")
CONFIG_NO_HALL = Text('缺少 [hall] 表（至少要有 name = "…"）', 'missing [hall] table with at least name = "…"')
CONFIG_UNKNOWN_TABLE = Text("未知的表（应为：{names}）", "unknown table (expected one of: {names})")
CONFIG_UNKNOWN_KEY = Text("未知的键（应为：{names}）", "unknown key (expected one of: {names})")
CONFIG_MISSING_KEY = Text("缺少必填的键 '{key}'", "missing required key '{key}'")
CONFIG_WRONG_TYPE = Text("应为 {kinds}，而不是 {value!r}", "expected {kinds}, got {value!r}")
CONFIG_EMPTY = Text("不能为空", "must not be empty")
CONFIG_NO_SERVICES = Text("至少需要一个 [[services]] 表", "at least one [[services]] table is required")
CONFIG_NO_WINDOWS = Text("至少需要一个 [[windows]] 表", "at least one [[windows]] table is required")
CONFIG_PREFIX = Text("应为一个大写字母 A–Z", "must be one capital letter A–Z")
CONFIG_PREFIX_TWICE = Text("前缀 {prefix!r} 重复", "prefix {prefix!r} is used twice")
CONFIG_HANDLING = Text("应在 0 到 480 分钟之间", "must be between 0 and 480 minutes")
CONFIG_WAIT_TARGET = Text("应在 1 到 480 分钟之间", "must be between 1 and 480 minutes")
CONFIG_DAILY_LIMIT = Text("应为 1–999（号码为三位数）", "must be 1–999 (numbers have three digits)")
CONFIG_NO_SERVICE_LISTED = Text("至少要列出一个业务前缀", "must list at least one service prefix")
CONFIG_UNKNOWN_SERVICE = Text("未知的业务 {prefix!r}（现有：{services}）",
                              "unknown service {prefix!r} (services are: {services})")
CONFIG_SERVICE_TWICE = Text("业务重复", "lists a service twice")
CONFIG_WINDOW_NUMBER = Text("应为 1–999", "must be 1–999")
CONFIG_WINDOW_TWICE = Text("窗口 {number} 重复定义", "window {number} is defined twice")
CONFIG_PIN = Text("应为 4–12 位数字", "must be 4–12 digits")
CONFIG_ROLE = Text("应为 'clerk' 或 'supervisor'", "must be 'clerk' or 'supervisor'")
CONFIG_BETWEEN = Text("应在 {low} 到 {high} 之间", "must be between {low} and {high}")
CONFIG_REPEAT = Text("应为 1–5", "must be 1–5")
CONFIG_VOICE = Text("应为 espeak、clips 或 none", "must be espeak, clips or none")
CONFIG_HOURS_LIKE = Text('{text!r} 格式应为 "09:00-12:00"', '{text!r} is not a range like "09:00-12:00"')
CONFIG_HOURS_INVALID = Text("{text!r} 不是有效的时间段", "{text!r} is not a valid time range")
CONFIG_HOURS_BACKWARDS = Text("{text!r} 结束早于开始", "{text!r} ends before it starts")
CONFIG_TIMEZONE = Text("未知的时区（例如 Asia/Shanghai）", "unknown time zone (e.g. Asia/Shanghai)")
CONFIG_NOT_A_DAY = Text("{value!r} 不是日期（格式 YYYY-MM-DD）", "{value!r} is not a day like 2027-01-01")
CONFIG_DAY_BOTH = Text("{day} 同时列为闭厅和开厅", "{day} is listed as both closed and open")
#: two names of TOML value types, as CONFIG_WRONG_TYPE's `kinds`
CONFIG_EITHER = Text("{first} 或 {second}", "{first} or {second}")

# ---------------------------------------------------------------- bookings (ImportReport problems)
BOOKING_NOT_AN_OBJECT = Text("不是带字段的对象", "not an object with fields")
BOOKING_BAD_CODE = Text("预约码 '{code}' 应为 4–32 位字母、数字或 '-'",
                        "code '{code}' must be 4–32 letters, digits or '-'")
BOOKING_UNKNOWN_SERVICE = Text("未知的业务 '{service}'（现有：{services}）",
                               "unknown service '{service}' (services: {services})")
BOOKING_BAD_TIME = Text("'{value}' 不是日期时间，例如 2026-11-25 09:00",
                        "'{value}' is not a date and time like 2026-11-25 09:00")
BOOKING_END_BEFORE_START = Text("slot_end 应晚于 slot_start", "slot_end must be after slot_start")
BOOKING_TWO_DAYS = Text("时段的开始和结束应在同一天", "a slot must start and end on the same day")
BOOKING_BAD_ID = Text("id_number 不是有效的18位身份证号（校验位不符）",
                      "id_number is not a valid 18-digit ID number (checksum)")
BOOKING_BAD_PHONE = Text("手机号 '{phone}' 不是11位手机号码", "phone '{phone}' is not an 11-digit mobile number")
BOOKING_CLOSED_DAY = Text("{day} 大厅休息：预约已导入，请核对", "the hall is closed on {day}: imported, please check")
BOOKING_OUTSIDE_HOURS = Text("时段 {start}-{end} 不在该业务办理时间内：预约已导入，请核对",
                             "slot {start}-{end} is outside the service's hours: imported, please check")
BOOKING_CHECKED_IN = Text("预约 {code} 已签到，未修改", "booking {code} is already checked in; not changed")
