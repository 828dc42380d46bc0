"""Every string the web pages show: `hallq.i18n.Text` constants, Chinese first, English second.

The templates get this module as `T` and render a constant with `{{ T.NAME.text(lang) }}`.
"""
from __future__ import annotations

from hallq.i18n import Text

# the citizen's status page
STATUS_TITLE = Text("排队进度", "Queue status")
YOUR_NUMBER = Text("您的号码", "Your number")
AHEAD = Text("前面还有 {n} 人", "{n} ahead of you")
AHEAD_NONE = Text("下一个就是您", "You are next")
ESTIMATE_NONE = Text("请留意叫号", "Please listen for your number")
GO_TO = Text("请到 {window} 办理", "Please go to {window}")
SERVED_AT = Text("正在 {window} 办理", "Being served at {window}")
SENT_TO = Text("已转至 {window}", "Sent to {window}")
NO_SHOW = Text("您的号码已过号，请到服务台重新排队", "Your number was missed; ask at the service desk to rejoin")
DONE = Text("业务已办结，感谢您的耐心等候", "Done. Thank you for waiting")
CLOSED = Text("此号已失效", "This ticket is no longer valid")
WINDOW = Text("{number}号窗口", "window {number}")  # a window without its name
RATE_TITLE = Text("请为本次服务评价", "How was our service?")
RATE_REASON = Text("不满意的原因（不满意时必选）", "Reason (needed if dissatisfied)")
RATE_TEXT = Text("意见或建议（可不填）", "Comments (optional)")
RATE_SEND = Text("提交评价", "Send")
RATE_PICK = Text("请选择一个评价等级", "Please choose a level")
RATE_NOT_TEXT = Text("评价表单只接受文字，“{field}”一项不能是文件",
                     "The rating form takes text only: “{field}” cannot be a file")
RATED = Text("您的评价：{level}。感谢您的反馈！", "Your rating: {level}. Thank you!")
UPDATED = Text("更新于 {time} · 每 10 秒自动刷新", "Updated {time} · refreshes every 10 s")
OTHER_LANG = Text("English", "中文")
NOT_FOUND_TITLE = Text("找不到这张号", "Ticket not found")
NOT_FOUND = Text("请核对二维码，或询问服务台工作人员。", "Check the QR code on your slip, or ask at the service desk.")
# the terminal pages
KIOSK_TITLE = Text("取号机 {id}", "Kiosk {id}")
COUNTER_TITLE = Text("{n}号窗口", "Window {n}")
DISPLAY_TITLE = Text("叫号显示屏", "Hall display")
RATING_TITLE = Text("{n}号窗口 · 评价器", "Window {n} · rating")
SUPERVISOR_TITLE = Text("主管 · 全厅", "Supervisor · whole hall")
CONNECTING = Text("正在连接…", "Connecting…")
RECONNECTING = Text("会话已结束，正在重新连接…", "Session ended; reconnecting…")
FORBIDDEN_TITLE = Text("无权访问", "Not allowed")
FULL_TITLE = Text("终端已满", "All terminals in use")
FULL = Text("本机同时运行的浏览器终端已达上限，请关闭不用的终端页面后再试，"
            "或请管理员调整 hall.toml 的 [serve] sessions",
            "This host runs as many browser terminals as it may; close a terminal page you do not use and"
            " try again, or ask the administrator to raise [serve] sessions in hall.toml")
FORBIDDEN = Text("此终端的链接缺少令牌或令牌不对。请向大厅管理员索取本终端的链接（hallq serve 启动时列出）。",
                 "This terminal's link lacks its token or the token is wrong. Ask the hall operator for this"
                 " terminal's link (hallq serve lists them when it starts).")
NO_TERMINAL_TITLE = Text("没有这个终端", "No such terminal")
NO_TERMINAL = Text("大厅配置中没有这个取号机或窗口。", "The hall config has no such kiosk or window.")
# the hall TV (web/tv.py); the call lines and the panels' own titles are the display's (display/texts.py)
TV_WINDOWS = Text("各窗口当前号码", "Now at each window")
TV_CALLING = Text("正在叫号", "Calling")
TV_SERVING = Text("正在办理", "Serving")
TV_OPEN = Text("空闲", "Open")
TV_PAUSED = Text("暂停服务", "Paused")
TV_CLOSED = Text("暂未开放", "Closed")
TV_SOUND_BLOCKED = Text("浏览器未允许自动播放：点击此处开启叫号声音",
                        "The browser blocks sound: click here to hear the calls")
NO_PAGE_TITLE = Text("找不到此页面", "Page not found")
NO_PAGE = Text("请检查地址是否完整。", "Check that the address is complete.")
INDEX = Text("大厅主机。各终端请用 hallq serve 列出的专用链接打开。",
             "The hall host. Each terminal opens its own link, listed by hallq serve.")
# the plain-text answer when the hall database fails (both languages: the page has no language yet)
UNAVAILABLE = Text("暂时无法访问，请稍后再试", "Temporarily unavailable, please retry")

# ---------------------------------------------------------------- the command line
NOT_SET_UP = Text("还没有大厅配置，请先运行 hallq init --demo", "the hall is not set up yet; run: hallq init --demo")
KIOSK = Text("取号机 {id}", "kiosk {id}")
COUNTER = Text("{n}号窗口", "counter {n}")
DISPLAY = Text("大厅电视", "hall TV")
DISPLAY_SOUND = Text("电视播报", "TV + sound")
DISPLAY_TERMINAL = Text("显示屏(终端)", "display (terminal)")
RATING = Text("{n}号窗口评价器", "rating {n}")
SUPERVISOR = Text("主管终端", "supervisor")
STATUS_PAGE = Text("状态页", "status page")
BOOKING_API = Text("预约接口", "booking API")
QUEUE = Text("排队概况", "queue")
TOKENS = Text("令牌文件: {file}  (按 Ctrl+C 停止)", "tokens: {file}  (Ctrl+C stops)")
QR_ELSEWHERE = Text("注意：小票二维码指向 {url} ([hall] status_url)",
                    "note: the slips QR codes point at {url} ([hall] status_url)")

# "your turn is near"
WE_WILL_TEXT = Text("前面还剩 {n} 人时和叫号时，我们会发短信到 {phone}，您不必一直打开本页",
                    "We will text {phone} when {n} are ahead of you and when you are called: no need to keep this open")
