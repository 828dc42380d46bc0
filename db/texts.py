"""Every text the hall engine gives people: refusals, check-in answers, labels, alerts.

Chinese first, English second; both name the same {fields} (tests/test_texts.py).
Callers fill a template (`WINDOW_PAUSED(window=3)`) and raise or return it; the UI
renders it with `.text(lang)`.
"""
from __future__ import annotations

from hallq.i18n import Text

# ---------------------------------------------------------------- labels
TICKET_STATE = {
    "waiting": Text("等候中", "Waiting"),
    "called": Text("已叫号", "Called"),
    "serving": Text("办理中", "Being served"),
    "done": Text("已办结", "Done"),
    "no_show": Text("过号", "Missed"),
    "cancelled": Text("已取消", "Cancelled"),
    "expired": Text("已过期", "Expired"),
}
WINDOW_STATE = {
    "logged_out": Text("未登录", "Logged out"),
    "open": Text("空闲", "Idle"),
    "idle": Text("空闲", "Idle"),
    "calling": Text("叫号中", "Calling"),
    "serving": Text("办理中", "Serving"),
    "paused": Text("暂停", "Paused"),
}
#: the green channel's reason for a citizen old enough by their ID number (hall.toml [priority] age)
ELDERLY_REASON = Text("老年人", "Senior citizen")
#: the reasons a citizen claims and a clerk verifies, when hall.toml [priority] lists none
DEFAULT_PRIORITY_REASONS = {
    "military": Text("军人", "Military"),
    "pregnant": Text("孕妇", "Pregnant"),
    "disabled": Text("残疾人", "Disability"),
}
RATING_LEVEL = {
    5: Text("非常满意", "Very satisfied"),
    4: Text("满意", "Satisfied"),
    3: Text("基本满意", "Fairly satisfied"),
    2: Text("不满意", "Dissatisfied"),
    1: Text("非常不满意", "Very dissatisfied"),
}
RATING_REASON = {
    "long_wait": Text("等候时间长", "Long wait"),
    "attitude": Text("服务态度差", "Poor attitude"),
    "slow": Text("办事效率低", "Slow service"),
    "unclear": Text("政策解释不清", "Unclear explanation"),
    "other": Text("其他", "Other"),
}
WINDOW_NAME = Text("{window}号窗口", "Window {window}")

# ---------------------------------------------------------------- the hall
NOT_SET_UP = Text("大厅尚未初始化：请先运行 hallq init --demo 或 hallq init --config hall.toml",
                  "The hall is not set up yet: run hallq init --demo or hallq init --config hall.toml")
DATABASE_GONE = Text("数据库文件 {path} 已被删除或替换：请关闭本程序后重新打开",
                     "The database {path} was deleted or replaced: close this program and start it again")
DATABASE_DAMAGED = Text("数据库 {path} 已损坏（{problem}）：请用 hallq restore 从备份恢复",
                        "The database {path} is damaged ({problem}): restore it from a backup with hallq restore")
DISK_FULL = Text("磁盘已满（{folder}）：请清理空间后重试", "The disk is full ({folder}): free some space and try again")
RELOAD_STRANDS = Text(
    "新配置删除了业务 {services} / 窗口 {windows}，但还有 {count} 个号未办完（{numbers}）：请先办完或取消，"
    "或用 --force 取消等候中的号",
    "The new config removes services {services} / windows {windows}, but {count} tickets are still open"
    " ({numbers}): finish or cancel them first, or use --force to cancel those waiting")
NO_DATABASE_AT = Text("没有数据库 {path}：请先运行 hallq init", "No database at {path}: run hallq init first")
KEY_UNREADABLE = Text("无法读取密钥文件 {path}：{problem}", "Cannot read the key file {path}: {problem}")
KEY_BAD = Text("密钥文件 {path} 无效（应为至少 32 字节的十六进制密钥）：请从备份恢复密钥文件",
               "The key file {path} is not a key (at least 32 bytes in hex): restore the key file from a backup")
KEY_MISSING = Text("缺少密钥文件 {path}：这个数据库的身份证号和手机号要用它查找；"
                   "请放回原来的密钥文件（备份默认不含密钥）",
                   "The key file {path} is missing: this database needs it to find ID and phone numbers;"
                   " put the original key file back (backups leave it out unless --with-key)")
KEY_WRONG = Text("密钥文件 {path} 不是这个数据库的密钥：请放回原来的密钥文件",
                 "The key file {path} is not this database's key: put the right key file back")
DATABASE_BUSY = Text("数据库繁忙，请稍后重试", "The database is busy, please try again")
NO_SERVICE = Text("没有业务类别 {prefix}（现有：{services}）", "No service {prefix} (services: {services})")
NO_WINDOW = Text("没有{window}号窗口", "No window {window}")
NO_TICKET_TODAY = Text("今天没有 {number} 这个号", "No ticket {number} today")
NO_SUCH_TICKET = Text("没有找到这张号", "No such ticket")

# ---------------------------------------------------------------- issuing
BAD_PRIORITY = Text("未知的优先原因：{reason}（可用：{reasons}）",
                    "Unknown priority reason: {reason} (one of {reasons})")
HALL_CLOSED_TODAY = Text("今天大厅休息，{when}起正常办理", "The hall is closed today; open again {when}")
DAY = Text("{month}月{day}日", "on {day}/{month}")
SOON = Text("下个工作日", "on the next working day")
HOST_ZONE_DIFFERS = Text("本机时间 {host} 与大厅时间 {hall}（{zone}）不同：hallq 按大厅时间运行，本机其他程序未必如此",
                         "This host shows {host}, the hall's time is {hall} ({zone}): hallq runs on hall time,"
                         " other programs on this host may not")
CALENDAR_GAP = Text("日历缺少 {year} 年的节假日：请在 hall.toml 的 [calendar] 中列出，或升级 chinesecalendar",
                    "The calendar does not know {year}'s public holidays: list them in hall.toml [calendar]"
                    " or upgrade chinesecalendar")
SERVICE_CLOSED = Text("{name}今日已暂停取号，请咨询服务台",
                      "{name} is closed today; please ask at the information desk")
APPOINTMENT_ONLY = Text("{name}仅限预约办理：请先在网上预约，到厅后签到",
                        "{name} is by appointment only: book online, then check in here")
OPENS_LATER = Text("{name}现在不在办理时间，{at} 开始取号", "{name} is not open now; tickets from {at}")
CLOSED_FOR_TODAY = Text("{name}今日办理时间已过，请明天再来", "{name} has closed for today; please come back tomorrow")
DAILY_LIMIT = Text("{name}今日号已取完（{limit}个），请明天再来或网上预约",
                   "{name} has given out all {limit} tickets today; come back tomorrow or book online")
NUMBERS_USED_UP = Text("{name}今日号码已用完", "{name} has run out of numbers today")
CANNOT_CANCEL = Text("{number} 当前状态为{state}，不能取消", "{number} is {state}; it cannot be cancelled")

# ---------------------------------------------------------------- check-in
CHECKIN_INVALID_ID = Text("身份证号码有误，请核对后重新输入", "That ID number is not valid; please check it")
CHECKIN_ID_15_DIGITS = Text("身份证号码应为18位，请输入18位号码", "ID numbers have 18 digits; please enter all 18")
CHECKIN_EMPTY = Text("请输入预约码、身份证号或手机号", "Enter a booking code, ID number or phone number")
CHECKIN_UNKNOWN = Text("没有找到这个预约，请核对预约码，或到服务台咨询",
                       "No booking found; please check the code or ask at the information desk")
CHECKIN_ALREADY = Text("您已签到，号码是 {number}", "Already checked in: your number is {number}")
CHECKIN_TOO_EARLY = Text("您预约的时段是 {start}-{end}，请于 {when} 以后签到",
                         "Your slot is {start}-{end}; please check in from {when}")
CHECKIN_TOO_LATE = Text("您预约的时段 {start}-{end} 已过，可改为现场取号",
                        "Your slot {start}-{end} has passed; you can take a walk-in ticket")
CHECKIN_DATE = Text("{month}月{day}日 {at}", "{day} {month} {at}")
CHECKIN_OK = Text("签到成功，您的号码是 {number}", "Checked in: your number is {number}")

# ---------------------------------------------------------------- the expected wait (db/estimate.py wait_text)
WAIT_ABOUT = Text("预计等候约 {m} 分钟", "Estimated wait: about {m} min")
WAIT_RANGE = Text("预计等候约 {low}–{high} 分钟", "Estimated wait: about {low}–{high} min")
WAIT_NO_WINDOW = Text("该业务暂无窗口办理，请咨询工作人员", "No window serves this now: please ask a member of staff")

# ---------------------------------------------------------------- calling
NOTHING_WAITING = Text("{window}号窗口的业务暂无人等候", "Nobody is waiting for window {window}")
CANNOT_CALL = Text("{number} 当前{state}，不能叫号", "{number} is {state}; it cannot be called")
NOT_YOURS = Text("{number} 不属于{window}号窗口的业务", "{number} is not for window {window}")
WINDOW_PAUSED = Text("{window}号窗口已暂停：先恢复(resume)再叫号", "Window {window} is paused: resume first")
WINDOW_LOGGED_OUT = Text("{window}号窗口未登录", "Window {window} is not logged in")
STILL_CALLED = Text("{number} 还在呼叫中：请开始办理、重呼或过号后再叫下一位",
                    "{number} is still being called: start, recall or mark it missed first")
RECALL_FIRST = Text("{number} 需先重呼 {needed} 次才能过号（已重呼 {done} 次）",
                    "Recall {number} {needed} times before marking it missed ({done} so far)")
NOT_NO_SHOW = Text("{number} 不是过号状态，不能重新排队", "{number} was not missed; it cannot rejoin")
TRANSFER_ONE_TARGET = Text("请指定转往的业务或窗口（二选一）", "Give either a service or a window to transfer to")
TRANSFER_SAME_WINDOW = Text("不能转给本窗口", "Cannot transfer to the same window")
NO_CURRENT = Text("{window}号窗口当前没有号", "Window {window} has no current ticket")
WRONG_STATE = Text("{number} 当前{state}，不能这样操作", "{number} is {state}; not possible now")
NOTE_LINE = Text("[{window}号窗口] {note}", "[window {window}] {note}")

# ---------------------------------------------------------------- clerks and windows
BAD_PIN = Text("PIN 须为 4–12 位数字", "A PIN is 4–12 digits")
BAD_CLERK_ID = Text("工号须为 1–32 位字母、数字、'-' 或 '_'", "A clerk id is 1–32 letters, digits, '-' or '_'")
CLERK_IS_DISABLED = Text("工号 {clerk} 已停用，请联系主管", "Clerk {clerk} is disabled: ask a supervisor")
NO_SUCH_CLERK = Text("没有工号 {clerk}", "No clerk {clerk}")
BAD_ROLE = Text("角色须为 clerk 或 supervisor", "Role must be clerk or supervisor")
BAD_LOGIN = Text("工号或密码错误", "Wrong clerk id or PIN")
CLERK_LOCKED = Text("工号 {clerk} 已锁定，请于 {until} 后再试或找主管",
                    "Clerk {clerk} is locked until {until}; ask a supervisor")
CLERK_NOW_LOCKED = Text("密码错误次数过多，工号 {clerk} 锁定至 {until}",
                        "Too many wrong PINs: clerk {clerk} is locked until {until}")
TOO_MANY_TRIES = Text("此处密码错误次数过多，请 {seconds} 秒后再试",
                      "Too many wrong PINs here: try again in {seconds} s")
NOT_SUPERVISOR = Text("工号 {clerk} 不是主管", "Clerk {clerk} is not a supervisor")
TAKEOVER_DENIED = Text("主管工号或密码错误，无法接管", "Supervisor id or PIN wrong: cannot take over")
WINDOW_TAKEN = Text("{window}号窗口已由 {who} 登录；需主管密码接管",
                    "Window {window} is held by {who}; a supervisor PIN can take it over")
CLERK_WHO = Text("{name}（{clerk}）", "{name} ({clerk})")
FINISH_BEFORE_PAUSE = Text("请先办结或转出当前号再暂停", "Finish or transfer the current ticket before pausing")
NOT_PAUSED = Text("{window}号窗口没有暂停", "Window {window} is not paused")
BAD_WINDOW_SERVICES = Text("窗口业务不能为空或重复", "A window needs at least one service, each once")

# ---------------------------------------------------------------- ratings and follow-ups
BAD_LEVEL = Text("评价等级须为 1–5", "A rating is a level from 1 to 5")
BAD_CHANNEL = Text("未知的评价渠道：{channel}", "Unknown rating channel: {channel}")
BAD_REASON = Text("未知的原因：{reason}", "Unknown reason: {reason}")
REASON_NEEDED = Text("请选择不满意的原因", "Please choose a reason")
NOT_FINISHED = Text("{number} 尚未办结，办结后才能评价", "{number} is not finished yet; it can be rated when done")
ALREADY_RATED = Text("{number} 已经评价过了，谢谢您", "{number} has already been rated, thank you")
NOTE_NEEDED = Text("关闭整改须填写处理说明", "Closing a follow-up needs a note")
NO_FOLLOWUP = Text("没有编号为 {id} 的整改事项", "No follow-up {id}")
FOLLOWUP_CLOSED = Text("整改事项 {id} 已于 {at} 关闭", "Follow-up {id} was closed on {at}")

# ---------------------------------------------------------------- supervision
ALERT_LONG_WAIT = Text("{service}：{n}人等候超过{limit}分钟，最久 {number} 已等 {minutes} 分钟",
                       "{service}: {n} waiting over {limit} min, longest {number} {minutes} min")
ALERT_NO_WINDOW = Text("{service}：{n}人等候，没有开着的窗口办理（最久 {minutes} 分钟{appointments}）",
                       "{service}: {n} waiting and no open window serves it (longest {minutes} min{appointments})")
ALERT_NO_WINDOW_APPOINTMENTS = Text("，含{n}个预约", ", {n} of them booked")
ALERT_NO_WINDOW_EMPTY = Text("{service}：正在取号，但没有开着的窗口办理",
                             "{service}: taking tickets, but no open window serves it")
ALERT_APPOINTMENT_WAIT = Text("预约 {number}（{service}）签到后 {minutes} 分钟未叫号",
                              "Booking {number} ({service}) checked in {minutes} min ago, not called")
ALERT_LEFT_CALLED = Text("{window}：{number} 叫号后 {minutes} 分钟未开始办理",
                         "{window}: {number} called {minutes} min ago, not started")
ALERT_TERMINAL_GONE = Text("{window}：浏览器终端已关闭（{since}），{grace}分钟内未重开将自动退出登录",
                           "{window}: its browser terminal closed at {since}; it logs out unless reopened within"
                           " {grace} min")
DO_OPEN_A_WINDOW = Text("请给一个已登录的窗口加上此业务（w），或请人登录",
                        "Add the service to a logged-in window (w) or have someone log in")
DO_ADD_A_WINDOW = Text("请加开窗口或调派人员", "Open another window or move staff to it")
DO_CALL_APPOINTMENT = Text("请让窗口按号码优先叫此预约", "Have a window call this booking by its number")
DO_CHECK_CALLED = Text("请联系该窗口：开始办理、重呼或过号", "Ask the window to start, recall or mark it missed")
DO_END_PAUSE = Text("请联系窗口人员恢复叫号或退出登录", "Ask the clerk to resume or log out")
DO_FIX_PRINTER = Text("请到取号机换纸或检查打印机", "Go to the kiosk: load paper or check the printer")
DO_REOPEN_TERMINAL = Text("请窗口人员重新打开窗口页面", "Ask the clerk to open the counter page again")
ALERT_WITH_ACTION = Text("{alert} → {action}", "{alert} → {action}")
ALERT_PRINTER_DOWN = Text("{device} 打印机故障：{problem}", "{device} printer down: {problem}")
ALERT_PRINTER_WARNING = Text("{device} 打印机提醒：{problem}", "{device} printer warning: {problem}")
ALERT_LONG_PAUSE = Text("{window} 已暂停 {minutes} 分钟（{reason}）", "{window} paused for {minutes} min ({reason})")
NO_REASON_GIVEN = Text("未说明", "no reason")
UNKNOWN_PROBLEM = Text("未知问题", "unknown problem")
PRINTER_PROBLEM = {
    "paper end": Text("缺纸", "paper end"),
    "paper near end": Text("纸将用完", "paper near end"),
    "cover open": Text("纸仓盖未关", "cover open"),
    "not reachable": Text("连接不上", "not reachable"),
    "offline": Text("离线", "offline"),
    "status unknown": Text("状态未知", "status unknown"),
}

# ---------------------------------------------------------------- files: bookings, backups, reports, replays
NO_FILE = Text("找不到文件 {path}", "No such file: {path}")
NOT_UTF8 = Text("{path} 不是 UTF-8 文本", "{path} is not UTF-8 text")
CSV_MISSING_COLUMNS = Text("CSV 第 1 行缺少列：{columns}", "CSV line 1 lacks columns: {columns}")
JSON_TOO_DEEP = Text("{path} 的 JSON 嵌套过深，不是预约列表", "{path}: JSON nested too deeply; not a list of bookings")
BAD_JSON = Text("{path} 第 {line} 行不是有效的 JSON：{problem}", "{path} line {line}: not valid JSON: {problem}")
JSON_NOT_A_LIST = Text("JSON 应为预约列表", 'JSON must be a list of bookings (or {{"appointments": [...]}})')
BAD_RANGE = Text("结束日期早于开始日期", "The end date is before the start date")
NO_EVENTS = Text("{day} 没有任何记录", "Nothing was recorded on {day}")
NO_DATABASE = Text("找不到数据库 {path}", "No database at {path}")
DAMAGED = Text("{path} 已损坏：{problem}", "{path} is damaged: {problem}")
NOT_A_HALL_DATABASE = Text("{path} 不是大厅数据库：{problem}", "{path} is not a hall database: {problem}")
BACKUP_IS_THE_DATABASE = Text("备份文件不能是数据库本身", "The backup cannot be the database itself")
BACKUP_EXISTS = Text("{path} 已存在；要覆盖请加 --force", "{path} exists; add --force to overwrite it")
BACKUP_MISMATCH = Text("备份与数据库不一致：副本 {copied}，快照 {snapshot}",
                       "The copy does not match the database: copy {copied}, snapshot {snapshot}")
RESTORE_NEEDS_KEY = Text("备份不含密钥：请先把保存好的密钥文件放到 {key}，再恢复 {backup}",
                         "The backup has no key: put the key file you kept at {key}, then restore {backup}")
RESTORE_OVER_EXISTING = Text("{path} 已存在（可能正在使用）；确认要用备份覆盖请加 --force",
                             "{path} exists (it may be in use); add --force to replace it with the backup")

# "your turn is near"
NOTIFY_BAD_PHONE = Text("请输入11位手机号码", "Please enter an 11-digit mobile number")
NOTIFY_OFF = Text("本大厅未开通短信提醒", "This hall does not send reminders")
NOTIFY_NOT_WAITING = Text("{number} 已不在等候，无需提醒", "{number} is no longer waiting; no reminder needed")
