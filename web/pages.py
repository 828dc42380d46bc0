"""HTML pages from the templates in web/templates (Jinja2, autoescaped)."""
from __future__ import annotations

from aiohttp import web
from jinja2 import Environment, PackageLoader, select_autoescape

from hallq.i18n import Text
from hallq.web import texts as T

_env = Environment(loader=PackageLoader("hallq.web", "templates"), autoescape=select_autoescape(["html"]))

# the pages carry secret tokens in their address: never pass it on, never cache it
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}


def lang_of(request: web.Request, default: str = "zh") -> str:
    lang = request.query.get("lang", default)
    return "en" if lang == "en" else "zh"


def render(template: str, lang: str, status: int = 200, **context) -> web.Response:
    """A page from `template`; it gets `lang`, the texts as `T` (`{{ T.NAME.text(lang) }}`) and `context`."""
    html = _env.get_template(template).render(lang=lang, T=T, **context)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8", headers=PRIVATE)


def message(status: int, title: Text, text: Text, lang: str) -> web.Response:
    return render("message.html", lang, status=status, code=status, title=title.text(lang), text=text.text(lang))
