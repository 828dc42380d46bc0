"""Every string the hall screen shows, Chinese first, English with lang="en"."""
from __future__ import annotations

from hallq.i18n import translator

TEXTS: dict[str, tuple[str, str]] = {
    "please_go": ("请 {number} 号到 {window_name} 办理", "Number {number}, please go to {window_name}"),
    "recall": ("重呼", "Recall"),
    "no_calls": ("请取号等候，留意叫号", "Please take a ticket and watch for your number"),
    "recent": ("最近叫号", "Recent calls"),
    "waiting": ("等候人数", "Waiting"),
    "waiting_row": ("{n} 人", "{n}"),
    "closed": ("暂停取号", "closed"),
    "recent_row": ("{number} → {window}号窗口 {window_name}", "{number} → window {window} {window_name}"),
    "weekday": ("周一 周二 周三 周四 周五 周六 周日", "Mon Tue Wed Thu Fri Sat Sun"),
    "unavailable": ("数据暂不可用，正在重新连接…", "Data unavailable, reconnecting…"),
    "silent": ("叫号播报无声音：{reason}", "Announcements are silent: {reason}"),
    # the small screen above one window
    "window_call": ("请 {number} 号到本窗口办理", "Number {number}, please come to this window"),
    "window_serving": ("正在办理 {number}", "Now serving {number}"),
    "window_idle": ("欢迎", "Welcome"),
    "window_paused": ("暂停服务 {reason}", "Closed for now {reason}"),
    "window_closed": ("本窗口暂停服务", "This window is closed"),
    "no_window": ("没有{window}号窗口", "No window {window}"),
    # command line
    "not_initialised": ("大厅尚未初始化：请先运行 hallq init --demo", "The hall is not set up: run hallq init --demo"),
    "clips_made": ("已在 {folder} 录制 {n} 段语音", "Recorded {n} clips in {folder}"),
}


t = translator(TEXTS)


def weekday(index: int, lang: str = "zh") -> str:
    return t("weekday", lang).split()[index]
