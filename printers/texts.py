"""Every text a person reads from the printers part, Chinese first, English with lang="en".

Citizens read the kiosk's messages when a slip did not come out, and the labels on the
slip itself; clerks read one line per print job or fault (`PrintResult.clerk_text`) and
the printer's problem (`PrinterStatus.problem_text`); staff setting a printer up read the
output of `hallq printer test|status`. Code picks a text by code (printers.vocabulary),
fills its fields and renders it: `PAPER_END.text("en")`, `CLERK_PAPER_END(number="A001")`.

The English of the problem names (PROBLEM_*) and of the clerk lines is also what the kiosk
reports to the hall engine (`report_device(problem=...)`), and db.supervision reads
those problem names back: change their English only together with it.
"""
from __future__ import annotations

from hallq.i18n import Text

# ------------------------------------------------------------------ the citizen, at the kiosk
PAPER_END = Text("打印机缺纸，请联系工作人员", "The printer is out of paper, please ask a member of staff")
COVER_OPEN = Text("打印机纸仓盖未关好，请联系工作人员", "The printer cover is open, please ask a member of staff")
NOT_PRINTED = Text("打印机暂时无法出票，请联系工作人员", "The printer is not working, please ask a member of staff")
MAYBE_NOT_PRINTED = Text("如未出票，请联系工作人员补打",
                         "If no ticket came out, please ask a member of staff to reprint it")

# ------------------------------------------------------------------ the clerk: what to do
#: one line per job or fault: the printer's name and URL, then the action (a CLERK_* text)
CLERK_LINE = Text("{printer} {url}: {action}", "{printer} {url}: {action}")
#: {number} when the fault is not about one ticket (a status poll found it)
THE_TICKET = Text("该票", "the ticket")
CLERK_PRINTED = Text("已打印 {number}", "printed {number}")
CLERK_PAPER_END = Text("缺纸——请装纸后补打 {number}", "paper end — load paper, then reprint {number}")
CLERK_COVER_OPEN = Text("纸仓盖未关——请关好后补打 {number}",
                        "cover open — close the printer cover, then reprint {number}")
CLERK_ERROR = Text(
    "打印机故障——请清除卡纸或等待打印头冷却后补打 {number}",
    "printer error — clear the paper jam or cutter, or let the head cool, then reprint {number}",
)
CLERK_OFFLINE = Text(
    "打印机离线——请检查电源和指示灯后补打 {number}",
    "offline — check the printer's power and error light, then reprint {number}",
)
CLERK_UNREACHABLE = Text(
    "无法连接（{detail}）——请检查电源、线缆或网络后补打 {number}",
    "not reachable ({detail}) — check power, cable or network, then reprint {number}",
)
CLERK_TIMEOUT = Text(
    "打印机无响应（{detail}）——请检查打印机和连接后补打 {number}",
    "no response ({detail}) — check the printer and its connection, then reprint {number}",
)
CLERK_IO_ERROR = Text("发送失败（{detail}）——请检查连接后补打 {number}",
                      "sending failed ({detail}) — check the connection, then reprint {number}")
CLERK_UNSUPPORTED = Text("无法打印：{detail}", "cannot print: {detail}")
CLERK_PAPER_NEAR_END = Text("已打印 {number}；纸将用完——请尽快换纸",
                            "printed {number}; paper near end — replace the roll soon")
CLERK_STATUS_UNKNOWN = Text(
    "已发送 {number}，但打印机未回应状态查询——请确认已出票",
    "printed {number}, but the printer did not answer the status query — check the slip came out",
)

# ------------------------------------------------------------------ the printer's problem, in a few words
PROBLEM_UNREACHABLE = Text("连接不上", "not reachable")
PROBLEM_COVER_OPEN = Text("纸仓盖未关", "cover open")
PROBLEM_PAPER_END = Text("缺纸", "paper end")
PROBLEM_ERROR = Text("打印机故障（切刀卡纸或过热？）", "printer error (cutter jam or overheating?)")
PROBLEM_OFFLINE = Text("离线", "offline")
PROBLEM_PAPER_NEAR_END = Text("纸将用完", "paper near end")
PROBLEM_UNKNOWN = Text("状态未知", "status unknown")
#: a problem with the detail that explains it (the connection error, why the status is unknown)
PROBLEM_WITH_DETAIL = Text("{problem}（{detail}）", "{problem} ({detail})")
#: no problem
NO_PROBLEM = Text("无", "none")

# ------------------------------------------------------------------ on the slip
SLIP_NUMBER = Text("您的号码", "Your number")
SLIP_PEOPLE_AHEAD = Text("前面还有 {people} 人等候", "{people} people ahead of you")
SLIP_NOBODY_AHEAD = Text("前面没有人等候，请留意叫号", "You are next, please watch the screen")
SLIP_WAIT = Text("预计等候约 {minutes} 分钟", "Estimated wait: about {minutes} min")
SLIP_TAKEN_AT = Text("取号时间：{taken_at:%Y-%m-%d %H:%M}", "Taken at {taken_at:%Y-%m-%d %H:%M}")
SLIP_APPOINTMENT = Text("【预约】{code}", "[Appointment] {code}")
SLIP_PRIORITY = Text("【优先】{reason}", "[Priority] {reason}")
SLIP_PRIORITY_NOTE = Text("请到窗口出示证件，由工作人员核验", "A clerk will check your priority at the window")
SLIP_QR = Text("扫码查看排队进度", "Scan to follow your place in the queue")
SLIP_REPRINT = Text("（补打）", "(reprint)")

#: priority reasons (绿色通道), as printed in the slip's priority mark
PRIORITY_ELDERLY = Text("老年人", "Senior citizen")
PRIORITY_MILITARY = Text("军人", "Military")
PRIORITY_PREGNANT = Text("孕妇", "Pregnant")
PRIORITY_DISABLED = Text("残疾人", "Disability")

# ------------------------------------------------------------------ `hallq printer test`
#: the test slip: what goes wrong on cheap printers (hanzi, full-width punctuation, a QR code)
TEST_HALL_NAME = Text("政务服务中心（打印测试）", "政务服务中心（打印测试）")
TEST_SERVICE_NAME = Text("综合受理", "综合受理")
TEST_SERVICE_NAME_EN = Text("General services", "General services")
TEST_FOOTER_ZH = Text("打印测试：中文、全角标点“，。：”、二维码、切纸",
                      "打印测试：中文、全角标点“，。：”、二维码、切纸")
TEST_FOOTER_EN = Text("Printer test: Chinese, big number, QR, cut", "Printer test: Chinese, big number, QR, cut")

# ------------------------------------------------------------------ `hallq printer status`
STATUS_PRINTER = Text("打印机 {url}", "printer {url}")
STATUS_FLAGS = Text(
    "可连接：{reachable}  在线：{online}  缺纸：{paper_end}  纸将用完：{paper_near_end}  纸仓盖打开：{cover_open}",
    "reachable: {reachable}  online: {online}  paper end: {paper_end}  "
    "paper near end: {paper_near_end}  cover open: {cover_open}",
)
STATUS_READY = Text("就绪", "ready")
#: stderr when the printer cannot be reached
STATUS_UNREACHABLE = Text("打印机 {url}：{problem}", "printer {url}: {problem}")
YES = Text("是", "yes")
NO = Text("否", "no")
UNKNOWN = Text("未知", "unknown")
