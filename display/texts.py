"""Every string the hall screen and the window screens show: `hallq.i18n.Text` constants,
Chinese first, English with lang="en"."""
from __future__ import annotations

from hallq.i18n import Text

# the hall screen
PLEASE_GO = Text("请 {number} 号到 {window_name} 办理", "Number {number}, please go to {window_name}")
RECALL = Text("重呼", "Recall")
NO_CALLS = Text("请取号等候，留意叫号", "Please take a ticket and watch for your number")
RECENT = Text("最近叫号", "Recent calls")
WAITING = Text("等候人数", "Waiting")
WAITING_ROW = Text("{n} 人", "{n}")
CLOSED = Text("暂停取号", "closed")
RECENT_ROW = Text("{number} → {window}号窗口 {window_name}", "{number} → window {window} {window_name}")
WEEKDAYS = Text("周一 周二 周三 周四 周五 周六 周日", "Mon Tue Wed Thu Fri Sat Sun")
UNAVAILABLE = Text("数据暂不可用，正在重新连接…", "Data unavailable, reconnecting…")
SILENT = Text("叫号播报无声音：{reason}", "Announcements are silent: {reason}")
# the spoken call, as a person would write it (display.announcer)
ANNOUNCEMENT = Text("请{number}号到{window}号窗口办理", "Number {number}, please go to window {window}")
# the small screen above one window
WINDOW_CALL = Text("请 {number} 号到本窗口办理", "Number {number}, please come to this window")
WINDOW_SERVING = Text("正在办理 {number}", "Now serving {number}")
WINDOW_IDLE = Text("欢迎", "Welcome")
WINDOW_PAUSED = Text("暂停服务 {reason}", "Closed for now {reason}")
WINDOW_CLOSED = Text("本窗口暂停服务", "This window is closed")
NO_WINDOW = Text("没有{window}号窗口", "No window {window}")
# the command line (display/cli.py)
NOT_SET_UP = Text("大厅尚未初始化：请先运行 hallq init --demo", "The hall is not set up: run hallq init --demo")
NO_SERVICES = Text("--services {unknown}：没有这些业务（已有：{known}）",
                   "--services {unknown}: no such service (services: {known})")
CLIPS_MADE = Text("已在 {folder} 录制 {n} 段语音", "Recorded {n} clips in {folder}")


def weekday(index: int, lang: str = "zh") -> str:
    """The short name of a weekday (0 is Monday) in `lang`."""
    return WEEKDAYS.text(lang).split()[index]

