"""Every string the web pages show, Chinese first, English second."""
from __future__ import annotations

from hallq.i18n import translator

TEXTS: dict[str, tuple[str, str]] = {
    # the citizen's status page
    "status_title": ("排队进度", "Queue status"),
    "your_number": ("您的号码", "Your number"),
    "ahead": ("前面还有 {n} 人", "{n} ahead of you"),
    "ahead_none": ("下一个就是您", "You are next"),
    "estimate": ("预计等候约 {m} 分钟", "Estimated wait: about {m} min"),
    "estimate_none": ("请留意叫号", "Please listen for your number"),
    "go_to": ("请到 {window} 办理", "Please go to {window}"),
    "served_at": ("正在 {window} 办理", "Being served at {window}"),
    "sent_to": ("已转至 {window}", "Sent to {window}"),
    "no_show": ("您的号码已过号，请到服务台重新排队", "Your number was missed; ask at the service desk to rejoin"),
    "done": ("业务已办结，感谢您的耐心等候", "Done. Thank you for waiting"),
    "closed": ("此号已失效", "This ticket is no longer valid"),
    "rate_title": ("请为本次服务评价", "How was our service?"),
    "rate_reason": ("不满意的原因（不满意时必选）", "Reason (needed if dissatisfied)"),
    "rate_text": ("意见或建议（可不填）", "Comments (optional)"),
    "rate_send": ("提交评价", "Send"),
    "rate_pick": ("请选择一个评价等级", "Please choose a level"),
    "rated": ("您的评价：{level}。感谢您的反馈！", "Your rating: {level}. Thank you!"),
    "updated": ("更新于 {time} · 每 10 秒自动刷新", "Updated {time} · refreshes every 10 s"),
    "other_lang": ("English", "中文"),
    "not_found_title": ("找不到这张号", "Ticket not found"),
    "not_found": ("请核对二维码，或询问服务台工作人员。", "Check the QR code on your slip, or ask at the service desk."),
    # the terminal pages
    "kiosk_title": ("取号机 {id}", "Kiosk {id}"),
    "counter_title": ("{n}号窗口", "Window {n}"),
    "display_title": ("叫号显示屏", "Hall display"),
    "connecting": ("正在连接…", "Connecting…"),
    "reconnecting": ("会话已结束，正在重新连接…", "Session ended; reconnecting…"),
    "forbidden_title": ("无权访问", "Not allowed"),
    "forbidden": ("此终端的链接缺少令牌或令牌不对。请向大厅管理员索取本终端的链接（hallq serve 启动时列出）。",
                  "This terminal's link lacks its token or the token is wrong. Ask the hall operator for this"
                  " terminal's link (hallq serve lists them when it starts)."),
    "no_terminal_title": ("没有这个终端", "No such terminal"),
    "no_terminal": ("大厅配置中没有这个取号机或窗口。", "The hall config has no such kiosk or window."),
    "no_page_title": ("找不到此页面", "Page not found"),
    "no_page": ("请检查地址是否完整。", "Check that the address is complete."),
    "index": ("大厅主机。各终端请用 hallq serve 列出的专用链接打开。",
              "The hall host. Each terminal opens its own link, listed by hallq serve."),
}


t = translator(TEXTS)
