"""Every string the demo shows around the parts it embeds: `hallq.i18n.Text` constants,
Chinese first."""
from __future__ import annotations

from hallq.i18n import Text

# the tabs
KIOSK = Text("取号机", "Kiosk")
WINDOW = Text("窗口{n}", "Window {n}")
HALL = Text("大厅屏", "Hall screen")
SUPERVISOR = Text("主管", "Supervisor")
TABS = Text("切换", "Tabs")
# beside the kiosk: the slip the preview printer printed, and how to try the demo
SLIP_TITLE = Text("打印预览", "Slip preview")
SLIP_EMPTY = Text("号票打印在这里", "Slips print here")
SLIP_FAILED = Text("没有打印：{why}", "Not printed: {why}")
HELP_TITLE = Text("演示", "Demo")
HELP_DB = Text("数据库 {db}", "database {db}")
HELP_CLOCK = Text("演示时钟从 {hall} 起（实际 {real}）", "demo clock from {hall} (real time {real})")
HELP_SPEED = Text("演示时钟 {rate:g} 倍速", "demo clock at {rate:g}× speed")
HELP_CLERKS = Text("窗口{a} {ca}/{pa}、窗口{b} {cb}/{pb} 已自动登录；主管 {cs}/{ps}",
                   "window {a} {ca}/{pa}, window {b} {cb}/{pb} logged in; supervisor {cs}/{ps}")
HELP_CODES = Text("预约码（签到试试）：", "Booking codes to check in:")
HELP_NONE = Text("（今天没有演示预约）", "(no demo bookings today)")
HELP_DONE = Text("已签到", "checked in")
HELP_SIM = Text("模拟：市民取号、其他窗口自动叫号", "Simulating: citizens arrive, other windows call")
# the command line (demo/cli.py)
BAD_SPEED = Text("--speed 应大于 0", "--speed must be more than 0")
