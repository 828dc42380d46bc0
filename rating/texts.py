"""Every string the rating terminal shows, Chinese first, English second."""
from __future__ import annotations

from hallq.i18n import translator

TEXTS: dict[str, tuple[str, str]] = {
    "welcome": ("欢迎办理业务", "Welcome"),
    "idle_hint": ("政务服务 好差评", "Government service ratings"),
    "ask": ("请为本次服务评价", "Please rate this service"),
    "ask_ticket": ("{number} · {window}", "{number} · {window}"),
    "ask_hint": ("请触摸选择，或按数字键 1–5", "Touch a button or press 1–5"),
    "reason": ("请选择不满意的原因", "What went wrong?"),
    "reason_hint": ("按 1–5 选择原因，可补充说明，按回车提交", "Press 1–5 for a reason, add a comment if you like, Enter to send"),
    "text_placeholder": ("补充说明（选填）", "Comment (optional)"),
    "submit": ("提交", "Send"),
    "back": ("返回", "Back"),
    "choose_reason": ("请先选择一个原因", "Please choose a reason first"),
    "thanks": ("谢谢您的评价！", "Thank you for your rating!"),
    "thanks_bad": ("谢谢您的评价，我们会认真整改。", "Thank you; we will look into it."),
    "unavailable": ("评价暂时无法提交，请稍后再试或到服务台反映", "The rating could not be saved; please try again or ask at the desk"),
    "key_pick": ("选择", "Choose"),
    "key_back": ("返回", "Back"),
}


t = translator(TEXTS)
