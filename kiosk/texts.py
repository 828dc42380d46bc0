"""Every string the kiosk shows, Chinese first, English second (`hallq.i18n.Text` constants)."""
from __future__ import annotations

from hallq.i18n import Text

# the footer keys: both languages side by side (see `both`), whichever language is shown
KEY_PICK = Text("选择", "Pick")
KEY_SELECT = Text("选择", "Select")
KEY_BACK = Text("返回", "Back")

# the start screen
WELCOME = Text("请选择要办理的业务", "Choose a service")
WELCOME_HINT = Text("触摸选择，或按数字键 {keys}", "Touch a tile or press {keys}")
LANG_TOGGLE = Text("English", "中文")
CHECK_IN_TILE = Text("预约签到", "Appointment check-in")
CHECK_IN_SUB = Text("Appointment check-in", "预约签到")
CHECK_IN_NOTE = Text("预约码 · 身份证 · 手机号", "Code, ID or phone")
PRIORITY_TILE = Text("绿色通道", "Priority lane")
PRIORITY_SUB = Text("Priority lane", "绿色通道")
PRIORITY_NOTE_TILE = Text("老年人 · 军人 · 孕妇 · 残疾人", "60+, military, pregnant, disability")
WAITING = Text("等候 {n} 人", "{n} waiting")
CLOSED = Text("暂停取号", "Closed")
HALL_CLOSED = Text("今日休息", "Closed today")
OUT_OF_HOURS = Text("不在办理时间", "Not open now")
BY_APPOINTMENT = Text("仅限预约", "Appointment only")
ALL_TAKEN = Text("今日已取完", "All taken today")
BACK = Text("返回", "Back")
DONE = Text("完成", "Done")
REPRINT = Text("补打号票", "Reprint ticket")

# the ticket screen
YOUR_NUMBER = Text("您的号码", "Your number")
AHEAD = Text("前面还有 {n} 人等候", "{n} people ahead of you")
AHEAD_NONE = Text("前面没有人等候，请留意叫号", "You are next, please watch the screen")
PRIORITY_NOTE = Text("绿色通道：{reason}（请到窗口出示证件，由工作人员核验）",
                     "Priority: {reason} (a clerk will check it at the window)")
ELDERLY_NOTE = Text("绿色通道：老年人（已根据身份证号确认）", "Priority: senior citizen (from your ID number)")
APPOINTMENT_NOTE = Text("预约签到成功 · 预约时段 {slot}", "Checked in · booked slot {slot}")
PRINTING = Text("正在打印号票…", "Printing your ticket…")
PRINTED = Text("请取走号票，留意大屏叫号", "Please take your ticket and watch the screen")
REPRINTED = Text("已补打号票，请取走", "Ticket reprinted, please take it")
NOTE_NUMBER = Text("请记下您的号码，凭号码到窗口办理", "Please note your number; the window serves you by it")
SAVED = Text("号码已登记，不会丢失", "Your number is recorded and will not be lost")

# check-in
CHECK_IN_TITLE = Text("预约签到", "Appointment check-in")
CHECK_IN_PROMPT = Text("请扫描预约二维码，或输入预约码、身份证号、手机号，按回车确认",
                       "Scan your booking QR code, or type the booking code, ID number or phone number, then Enter")
CHECK_IN_PLACEHOLDER = Text("预约码 / 身份证号 / 手机号", "Booking code / ID number / phone")
CHECK_IN_OK = Text("签到", "Check in")
BAD_ID = Text("身份证号码有误，请核对后重新输入", "That ID number is not valid; please check it")
TOO_EARLY = Text("还没到签到时间", "Too early to check in")
COME_BACK = Text("请于 {at} 以后再来签到", "Please come back from {at}")
TOO_LATE = Text("预约时段已过", "Your booked slot has passed")
WALK_IN_INSTEAD = Text("改为现场取号：{service}", "Take a walk-in ticket: {service}")
UNKNOWN = Text("没有找到预约", "No booking found")
INVALID = Text("号码有误", "Not a valid number")
TRY_AGAIN = Text("重新输入", "Try again")
ALREADY = Text("您已签到", "Already checked in")

# priority
PRIORITY_TITLE = Text("绿色通道", "Priority lane")
PRIORITY_ID_PROMPT = Text("60岁以上老人请刷身份证或输入身份证号，按回车确认",
                          "Aged 60 or over: swipe your ID card or type your ID number, then Enter")
PRIORITY_ID_PLACEHOLDER = Text("18位身份证号", "18-digit ID number")
PRIORITY_NO_ID = Text("其他优先原因", "Another reason")
PRIORITY_NO_ID_SUB = Text("军人 孕妇 残疾人", "Military, pregnant, disability")
PRIORITY_REASON_PROMPT = Text("请选择优先原因，到窗口时由工作人员核验",
                              "Choose your reason; a clerk will check it at the window")
PRIORITY_UNDER_60 = Text("未满60周岁，请选择其他优先原因", "Under 60: please choose another reason")
PRIORITY_SERVICE_PROMPT = Text("绿色通道（{reason}）：请选择业务", "Priority ({reason}): choose a service")

# a service that cannot give a ticket now
NOT_NOW = Text("现在不能取号", "No tickets now")
GO_CHECK_IN = Text("去预约签到", "Go to check-in")

# something went wrong in the hall system itself
SYSTEM_BUSY = Text("系统繁忙，请稍后再试或联系工作人员",
                   "The system is busy; please try again or ask a member of staff")


def both(text: Text) -> str:
    """Chinese and English side by side ("选择 Pick"), for a footer key a citizen reads
    before choosing a language."""
    return f"{text.text('zh')} {text.text('en')}"

# ---------------------------------------------------------------- the command line
NOT_SET_UP = Text("大厅尚未初始化，请先运行 hallq init --demo", "the hall is not set up yet; run: hallq init --demo")
NO_KIOSK = Text("大厅配置里没有取号机 {kiosk}（已有：{known}）",
                "no kiosk {kiosk} in the hall config (kiosks: {known})")
