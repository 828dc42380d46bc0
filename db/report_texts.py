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
SUMMARY_RATED_COUNT = Text("评价数", "Ratings")
SUMMARY_RATED_PCT = Text("评价率", "Rated")
SUMMARY_FOLLOWUPS_OPENED = Text("整改：新开", "Follow-ups opened")
SUMMARY_FOLLOWUPS_CLOSED = Text("整改：已关闭", "Follow-ups closed")
SUMMARY_FOLLOWUPS_OPEN = Text("整改：未关闭", "Follow-ups open")
SUMMARY_FOLLOWUPS_OVERDUE = Text("整改：逾期", "Follow-ups overdue")
SUMMARY_BOOKED = Text("预约：预约", "Bookings: booked")
SUMMARY_CHECKED_IN = Text("预约：已签到", "Bookings: checked in")
SUMMARY_BOOKING_NO_SHOWS = Text("预约：爽约", "Bookings: no-shows")
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
CHART_SERVICE_WAITS = Text("各业务等候时间（分钟）", "Waits by service (minutes)")
CHART_RATINGS = Text("好差评（条数）", "Ratings (count)")
CHART_BOOKINGS = Text("各业务预约签到（人）", "Bookings by service (people)")
SERIES_BOOKED = Text("预约", "Booked")
SERIES_CHECKED_IN = Text("签到", "Checked in")
SERIES_BOOKING_NO_SHOWS = Text("爽约", "No-shows")
SERIES_RATINGS = Text("评价数", "Ratings")
HOUR_LABEL = Text("{hour}时", "{hour}:00")
AXIS_MINUTES = Text("分钟", "min")
AXIS_COUNT = Text("人次", "count")
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
CONFIG_PLAYER = Text("应为 auto、aplay 或 paplay", "must be auto, aplay or paplay")
CONFIG_TEMPLATE = Text("{problem}（可用 {{number}}、{{window}}、{{window_name}}，须有 {{number}} 和其中一个窗口字段）",
                       "{problem} (fields: {{number}}, {{window}}, {{window_name}}; {{number}} and one of the"
                       " window fields are needed)")
CONFIG_TEMPLATE_FIELD = Text("未知的字段 {{{name}}}", "unknown field {{{name}}}")
CONFIG_TEMPLATE_FORMAT = Text("字段 {{{name}}} 不能带格式或转换", "field {{{name}}} cannot have a format or conversion")
CONFIG_TEMPLATE_MISSING = Text("缺少字段", "a field is missing")
CONFIG_TEMPLATE_SYNTAX = Text("花括号不配对：{problem}", "unbalanced braces: {problem}")
CONFIG_LETTER = Text("应为一个大写字母 A–Z", "must be one capital letter A–Z")
CONFIG_PINYIN = Text('{value!r} 应为带声调数字的拼音音节，例如 "ei1" 或 "ai4 fu5"',
                     '{value!r} must be pinyin syllables with tone numbers, e.g. "ei1" or "ai4 fu5"')
CONFIG_HOURS_LIKE = Text('{text!r} 格式应为 "09:00-12:00"', '{text!r} is not a range like "09:00-12:00"')
CONFIG_HOURS_INVALID = Text("{text!r} 不是有效的时间段", "{text!r} is not a valid time range")
CONFIG_HOURS_BACKWARDS = Text("{text!r} 结束早于开始", "{text!r} ends before it starts")
CONFIG_TIMEZONE = Text("未知的时区（例如 Asia/Shanghai）", "unknown time zone (e.g. Asia/Shanghai)")
CONFIG_NOT_A_DAY = Text("{value!r} 不是日期（格式 YYYY-MM-DD）", "{value!r} is not a day like 2027-01-01")
CONFIG_REASON_KEY = Text("应为小写英文字母开头的标识（如 military），且不能是 elderly（按身份证年龄自动认定）",
                         "must be a lower-case identifier such as military, and not elderly (that one comes from"
                         " the ID number's age)")
CONFIG_ONE_OF = Text("应为以下之一：{values}", "must be one of: {values}")
CONFIG_NOTIFY_NEEDS = Text("通知渠道 {channel} 需要此项", "the {channel} channel needs this")
CONFIG_REASON_TWICE = Text("优先原因 {key!r} 重复", "reason {key!r} is listed twice")
CONFIG_ALIAS_TAKEN = Text("别名 {alias!r} 已是业务 {prefix} 的名称或别名",
                          "alias {alias!r} already names service {prefix}")
CONFIG_DAY_BOTH = Text("{day} 同时列为闭厅和开厅", "{day} is listed as both closed and open")
CONFIG_WRONG_TABLE = Text("应为表 [{key}]，而不是 {value!r}", "expected a table [{key}], got {value!r}")
CONFIG_WRONG_TABLES = Text("应为表数组 [[{key}]]，而不是 {value!r}", "expected tables [[{key}]], got {value!r}")
CONFIG_CLERK_TWICE = Text("工号 {clerk!r} 重复", "clerk id {clerk!r} is used twice")
CONFIG_KIOSK_TWICE = Text("取号机 {kiosk!r} 重复", "kiosk id {kiosk!r} is used twice")
CONFIG_ID_LIKE = Text("应为 1–32 位字母、数字、'-' 或 '_'", "must be 1–32 letters, digits, '-' or '_'")
CONFIG_TOKEN_SHORT = Text("令牌至少 {n} 个字符（可删去此键，由 hallq serve 生成）",
                          "a token has at least {n} characters (leave the key out and hallq serve makes one)")
CONFIG_HOURS_OVERLAP = Text("{first!r} 与 {second!r} 重叠", "{first!r} overlaps {second!r}")
#: two names of TOML value types, as CONFIG_WRONG_TYPE's `kinds`
CONFIG_EITHER = Text("{first} 或 {second}", "{first} or {second}")

# ---------------------------------------------------------------- bookings: where a problem is
PLACE_LINE = Text("{file} 第 {line} 行", "{file}, line {line}")
PLACE_SHEET_ROW = Text("{file} 工作表“{sheet}”第 {row} 行", "{file}, sheet '{sheet}', row {row}")
PLACE_JSON_ITEM = Text("{file} 第 {line} 行（第 {item} 条）", "{file}, line {line} (item {item})")
PLACE_ITEM = Text("第 {item} 条", "item {item}")
#: `place` is one of the PLACE_* texts; `letter` the spreadsheet column (A, B, …)
AT_COLUMN = Text("{place}，{letter} 列“{column}”", "{place}, column {letter} '{column}'")
AT_FIELD = Text("{place}，字段“{column}”", "{place}, field '{column}'")

# ---------------------------------------------------------------- bookings: the file (DataError)
BOOKING_NO_HEADER = Text("{place}：前 {rows} 行中没有表头行（列名）。可用的列名：{names}",
                         "{place}: no header row (column names) in the first {rows} rows. Accepted names: {names}")
BOOKING_MISSING_COLUMNS = Text("{place}：表头缺少列 {fields}。可用的列名：{names}",
                               "{place}: the header row has no column for {fields}. Accepted names: {names}")
#: as BOOKING_MISSING_COLUMNS, when the slot's columns are among those missing
BOOKING_MISSING_SLOT_COLUMNS = Text("{place}：表头缺少列 {fields}（时段也可以是一个日期列加一个“09:00-09:30”"
                                    "格式的时段列）。可用的列名：{names}",
                                    "{place}: the header row has no column for {fields} (a slot may also be a date"
                                    " column and a slot column like 09:00-09:30). Accepted names: {names}")
BOOKING_OLD_EXCEL = Text("{file} 是旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV 后再导入",
                         "{file} is an old Excel (.xls) workbook: save it as .xlsx or CSV in Excel and import that")
BOOKING_NOT_XLSX = Text("{file} 不是可以读取的 Excel 工作簿（.xlsx）",
                        "{file} is not an Excel workbook (.xlsx) that can be read")
BOOKING_UNKNOWN_ENCODING = Text("{file} 第 {line} 行：既不是 UTF-8、GBK/GB18030 也不是 UTF-16 文本；"
                                "请在 Excel 中另存为“CSV UTF-8”",
                                "{file}, line {line}: neither UTF-8, GBK/GB18030 nor UTF-16 text; save it from Excel"
                                " as 'CSV UTF-8'")
BOOKING_BAD_ENCODING = Text("{file} 第 {line} 行：不是有效的 {encoding} 文本（文件开头标明了这种编码）",
                            "{file}, line {line}: not valid {encoding} text (its first bytes say it is)")
BOOKING_IS_A_FOLDER = Text("{path} 是文件夹，不是预约文件：请给出其中的文件（{files}）",
                           "{path} is a folder, not a booking file: give the file in it ({files})")
BOOKING_EMPTY_FOLDER = Text("{path} 是文件夹，不是预约文件；其中也没有 .csv、.xlsx 或 .json 文件",
                            "{path} is a folder, not a booking file, and holds no .csv, .xlsx or .json file")
BOOKING_NO_PERMISSION = Text("{path}：没有读取这个文件的权限", "{path}: no permission to read this file")
BOOKING_CANNOT_READ = Text("{path}：无法读取（{reason}）", "{path}: cannot be read ({reason})")
BOOKING_OPEN_QUOTE = Text("{file} 第 {line} 行：引号未闭合，从这里到文件末尾都会被读成一个字段；"
                          "请核对该行：字段中的引号应写成两个（\"\"），整个字段再用引号括起来",
                          "{file}, line {line}: a quote is never closed, so the rest of the file would read as one"
                          " field; check that line: a quote inside a field is written twice (\"\") and the field"
                          " put in quotes")
BOOKING_FIELD_TOO_LONG = Text("{file} 第 {line} 行：有一个字段超过 {kb} KB，这不是预约数据（多半是引号未闭合）；"
                              "请核对该行",
                              "{file}, line {line}: a field is longer than {kb} KB, which no booking has (most likely"
                              " a quote is never closed); check that line")
BOOKING_NOT_CSV = Text("{file} 第 {line} 行：无法按 CSV 读取（{reason}）",
                       "{file}, line {line}: cannot be read as CSV ({reason})")
BOOKING_FOOTER_SKIPPED = Text("“{text}”不是预约（合计或说明行），已跳过",
                              "'{text}' is no booking (a total or a note): skipped")
BOOKING_COLUMN_TWICE = Text("两列都是 {field}：使用 {used} 列，{other} 列“{other_name}”未使用",
                            "two columns give {field}: column {used} is used, column {other} '{other_name}' is not")

# ---------------------------------------------------------------- bookings: a row (ImportReport errors and warnings)
BOOKING_NOT_AN_OBJECT = Text("不是带字段的对象", "not an object with fields")
BOOKING_EMPTY = Text("为空：每条预约都需要这一项", "empty: every booking needs it")
BOOKING_BAD_CODE = Text("预约码 '{code}' 应为 4–32 位字母、数字或 '-'",
                        "code '{code}' must be 4–32 letters, digits or '-'")
#: `rows` lists the places, "3, 7"
BOOKING_CODE_TWICE_LINES = Text("预约码 {code} 在第 {rows} 行重复出现：一个预约码只能有一条预约，请核对哪条正确",
                                "booking code {code} is on lines {rows}: one booking per code; check which is right")
BOOKING_CODE_TWICE_ROWS = Text("预约码 {code} 在第 {rows} 行重复出现：一个预约码只能有一条预约，请核对哪条正确",
                               "booking code {code} is on rows {rows}: one booking per code; check which is right")
BOOKING_CODE_TWICE_ITEMS = Text("预约码 {code} 在第 {rows} 条重复出现：一个预约码只能有一条预约，请核对哪条正确",
                                "booking code {code} is in items {rows}: one booking per code; check which is right")
BOOKING_ID_TWO_NAMES = Text("身份证号与第 {rows} 行相同，姓名却不同：请核对是否录错（照常导入）",
                            "the ID number is also on {rows} under another name: check for a typing slip"
                            " (imported all the same)")
BOOKING_NAME_TOO_LONG = Text("姓名有 {length} 个字符，不像姓名（最多 {most} 个）：请核对这一列",
                             "the name has {length} characters, which no name has (at most {most}): check the column")
BOOKING_UNKNOWN_SERVICE = Text("未知的业务 '{service}'：请写业务前缀或名称（{services}），"
                               "或在 hall.toml 中把它列为该业务的别名（aliases = [...]）",
                               "unknown service '{service}': give a prefix or name ({services}), or list it in"
                               " hall.toml as an alias of its service (aliases = [...])")
BOOKING_BAD_TIME = Text("'{value}' 不是日期时间，例如 2026-11-30 09:00、2026/11/30 9:00 或 2026-11-30T01:00:00Z",
                        "'{value}' is not a date and time like 2026-11-30 09:00, 2026/11/30 9:00 or"
                        " 2026-11-30T01:00:00Z")
BOOKING_BAD_DATE = Text("'{value}' 不是日期，例如 2026-11-30 或 2026/11/30",
                        "'{value}' is not a day like 2026-11-30 or 2026/11/30")
BOOKING_BAD_CLOCK = Text("'{value}' 不是时刻，例如 09:00", "'{value}' is not a time of day like 09:00")
BOOKING_BAD_SLOT = Text("'{value}' 不是时段，例如 09:00-09:30", "'{value}' is not a slot like 09:00-09:30")
BOOKING_SLOT_NO_DAY = Text("时段 '{value}' 没有日期：请加一个日期列（预约日期），或把日期写在时段前",
                           "the slot '{value}' has no day: add a date column (date, 预约日期) or write the day"
                           " before it")
BOOKING_END_BEFORE_START = Text("时段的结束应晚于开始", "the slot must end after it starts")
BOOKING_FAR_DAY = Text("时段日期 {day} 不在今天（{today}）前后一年之内，请检查年份",
                       "the slot's day {day} is not within a year of today ({today}): check the year")
BOOKING_TWO_DAYS = Text("时段的开始和结束应在同一天", "a slot must start and end on the same day")
BOOKING_ID_EXCEL = Text("Excel 把身份证号变成了数字（{value}），后几位已丢失：请把该列设为“文本”格式后重新导出。"
                        "本条预约照常导入，但不含身份证号，可凭预约码或手机号签到",
                        "Excel changed the ID into a number ({value}) and lost its last digits: format the column as"
                        " text and export again. The booking is imported without the ID: check-in by code or phone"
                        " works")
BOOKING_ID_15 = Text("身份证号只有15位：现行身份证号为18位，请向申请人核对18位号码",
                     "the ID has 15 digits: ID numbers have 18; ask for the 18-digit number")
BOOKING_ID_LENGTH = Text("不是身份证号：应为18位（17位数字加1位数字或X），这里是 {length} 位",
                         "not an ID number: IDs have 18 characters (17 digits, then a digit or X), this has {length}")
BOOKING_ID_CHECKSUM = Text("身份证号的校验位不符（GB 11643）：有一位录错了，请核对",
                           "the ID's check digit does not match (GB 11643): a digit is wrong; check the number")
BOOKING_ID_BIRTH = Text("身份证号中的出生日期（第7–14位）不是有效日期",
                        "the date of birth in the ID (characters 7–14) is not a date")
BOOKING_BAD_PHONE = Text("手机号 '{phone}' 不是11位手机号码", "phone '{phone}' is not an 11-digit mobile number")
BOOKING_PHONE_EXCEL = Text("Excel 把手机号变成了数字（{value}），后几位已丢失：请把该列设为“文本”格式后重新导出。"
                           "本条预约照常导入，但不含手机号",
                           "Excel changed the phone number into a number ({value}) and lost its last digits: format"
                           " the column as text and export again. The booking is imported without the phone")
BOOKING_CLOSED_DAY = Text("{day} 大厅休息：预约照常导入，请核对",
                          "the hall is closed on {day}: imported all the same, please check")
BOOKING_OUTSIDE_HOURS = Text("时段 {start}-{end} 不在该业务办理时间内：预约照常导入，请核对",
                             "slot {start}-{end} is outside the service's hours: imported all the same,"
                             " please check")
BOOKING_CHECKED_IN = Text("预约 {code} 已签到：保留已有预约，本次修改未导入",
                          "booking {code} is checked in already: the stored booking is kept, this change is not"
                          " imported")

# ---------------------------------------------------------------- report: bookings (预约签到)
BOOKINGS_HEADING = Text("预约签到", "Bookings")
BOOKINGS_SHEET = Text("预约", "Bookings")
#: a row of the bookings table of a range of days: a day and a service
BOOKINGS_DAY_SERVICE = Text("{day} {service}", "{day} {service}")
COLUMN_BOOKED = Text("预约", "Booked")
COLUMN_CHECKED_IN = Text("已签到", "Checked in")
COLUMN_ON_TIME = Text("准时", "On time")
COLUMN_EARLY = Text("提前", "Early")
COLUMN_LATE = Text("迟到", "Late")
COLUMN_BOOKING_NO_SHOWS = Text("爽约", "No-shows")
COLUMN_NOT_YET = Text("未到签到截止", "Not yet due")
COLUMN_CALLED_SOON = Text("签到后{minutes}分钟内叫号", "Called within {minutes} min of check-in")
SUMMARY_BOOKINGS = Text("预约：预约 / 已签到 / 爽约", "Bookings: booked / checked in / no-shows")
SUMMARY_CALLED_SOON = Text("预约号签到后{minutes}分钟内叫号",
                           "Appointment tickets called within {minutes} min of check-in")

# the accuracy of promised waits (db/estimate_accuracy.py)
ESTIMATES_HEADING = Text("等候预估准确度", "Accuracy of the promised waits")
ESTIMATES_NOTE = Text("取号时告知的预计等候与实际等候（至首次叫号）之比较；平均误差为两者之差的绝对值的平均。",
                      "The wait told at issue against the actual wait (to the first call);"
                      " the mean error is the mean of their absolute differences.")
ESTIMATES_ALL_SERVICES = Text("全部业务", "All services")
ESTIMATES_ALL_DAYS = Text("合计", "Total")
COLUMN_PROMISED = Text("已告知预估", "Promised")
COLUMN_MAE = Text("平均误差(分钟)", "Mean error (min)")
COLUMN_MAE_PCT = Text("平均误差占平均等候", "Mean error / mean wait")
COLUMN_WITHIN_5 = Text("误差≤5分钟", "Off by ≤ 5 min")
COLUMN_INSIDE = Text("落在预估区间", "Inside the range")
COLUMN_NO_WINDOW = Text("告知无窗口", "Told no window")
