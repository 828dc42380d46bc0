"""Every string the demo shows around the parts it embeds, Chinese first."""
from __future__ import annotations

TEXTS = {
    "kiosk": ("取号机", "Kiosk"),
    "window": ("窗口{n}", "Window {n}"),
    "hall": ("大厅屏", "Hall screen"),
    "supervisor": ("主管", "Supervisor"),
    "tabs": ("切换", "Tabs"),
    "slip_title": ("打印预览", "Slip preview"),
    "slip_empty": ("号票打印在这里", "Slips print here"),
    "slip_failed": ("没有打印：{why}", "Not printed: {why}"),
    "help_title": ("演示", "Demo"),
    "help_db": ("数据库 {db}", "database {db}"),
    "help_clock": ("演示时钟从 {hall} 起（实际 {real}）", "demo clock from {hall} (real time {real})"),
    "help_speed": ("演示时钟 {rate:g} 倍速", "demo clock at {rate:g}× speed"),
    "help_clerks": ("窗口{a} {ca}/{pa}、窗口{b} {cb}/{pb} 已自动登录；主管 {cs}/{ps}",
                    "window {a} {ca}/{pa}, window {b} {cb}/{pb} logged in; supervisor {cs}/{ps}"),
    "help_codes": ("预约码（签到试试）：", "Booking codes to check in:"),
    "help_none": ("（今天没有演示预约）", "(no demo bookings today)"),
    "help_done": ("已签到", "checked in"),
    "help_sim": ("模拟：市民取号、其他窗口自动叫号", "Simulating: citizens arrive, other windows call"),
}


def tr(key: str, lang: str, **values) -> str:
    zh, en = TEXTS[key]
    return (en if lang == "en" else zh).format(**values)
