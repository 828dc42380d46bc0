"""Every string the rating terminal shows: `hallq.i18n.Text` constants, Chinese first,
English second."""
from __future__ import annotations

from hallq.i18n import Text

# the window's name until the hall config has been read
WINDOW_NAME = Text("{window}号窗口", "Window {window}")
WELCOME = Text("欢迎办理业务", "Welcome")
IDLE_HINT = Text("政务服务 好差评", "Government service ratings")
ASK = Text("请为本次服务评价", "Please rate this service")
ASK_TICKET = Text("{number} · {window}", "{number} · {window}")
ASK_TICKET_CLERK = Text("{number} · {window} · 为您服务：{name}（工号 {clerk}）",
                        "{number} · {window} · served by {name} (staff no. {clerk})")
ASK_HINT = Text("请触摸选择，或按数字键 1–5", "Touch a button or press 1–5")
REASON = Text("请选择不满意的原因", "What went wrong?")
REASON_HINT = Text("按 1–5 选择原因，可补充说明，按回车提交",
                   "Press 1–5 for a reason, add a comment if you like, Enter to send")
TEXT_PLACEHOLDER = Text("补充说明（选填）", "Comment (optional)")
SUBMIT = Text("提交", "Send")
BACK = Text("返回", "Back")
CHOOSE_REASON = Text("请先选择一个原因", "Please choose a reason first")
THANKS = Text("谢谢您的评价！", "Thank you for your rating!")
THANKS_BAD = Text("谢谢您的评价，我们会认真整改。", "Thank you; we will look into it.")
UNAVAILABLE = Text("评价暂时无法提交，请稍后再试或到服务台反映",
                   "The rating could not be saved; please try again or ask at the desk")
# the footer keys: both languages side by side (see `both`), whichever language is shown
KEY_PICK = Text("选择", "Choose")
KEY_BACK = Text("返回", "Back")


def both(text: Text) -> str:
    """Chinese and English side by side ("选择 Choose"), for a footer key."""
    return f"{text.text('zh')} {text.text('en')}"

# ---------------------------------------------------------------- the command line
NO_HALL = Text("{db}: 还没有大厅配置，请先运行 hallq init --demo", "{db}: no hall yet; run hallq init --demo first")
