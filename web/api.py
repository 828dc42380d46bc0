"""The JSON API: the booking system pushes bookings; anyone may read the queue summary.

POST /api/appointments   Authorization: Bearer <api token>; body: a JSON list of bookings
                         or {"appointments": [...]}; the same reading and normalisation as
                         `hallq appointments import` (keys in English or Chinese, services
                         by name or alias, times with offsets, +86 phones, …); bad rows
                         are skipped and reported by row number, line and field;
                         `?dry_run=true` checks and stores nothing.
GET  /api/queue          waiting counts per service, today's figures per service (called,
                         served, mean wait: db.reports' definition) and the latest calls:
                         what the hall screen shows anyway, nothing personal.
GET  /api/openapi.json   the OpenAPI document describing both.
"""
from __future__ import annotations

import json
import logging
from importlib import resources

from aiohttp import web

from hallq.db.booking_files import parse_json
from hallq.db.errors import DataError, HallError
from hallq.db.reports import Figures, day_report
from hallq.web.keys import ENGINE, TOKENS
from hallq.web.tokens import same

log = logging.getLogger("hallq.web")

MAX_BODY = 4 * 1024 * 1024
API_ACTOR = "api"


def openapi_document() -> dict:
    return json.loads(resources.files("hallq.web").joinpath("openapi.json").read_text(encoding="utf-8"))


def reply(data, status: int = 200, headers: dict | None = None) -> web.Response:
    """JSON in readable UTF-8 (not \\u escapes)."""
    return web.json_response(data, status=status, headers=headers, dumps=lambda o: json.dumps(o, ensure_ascii=False))


def problem(status: int, code: str, message: str, **headers) -> web.Response:
    return reply({"error": code, "message": message}, status=status, headers=headers or None)


async def post_appointments(request: web.Request) -> web.Response:
    auth = request.headers.get("Authorization", "")
    scheme, _, given = auth.partition(" ")
    if scheme.lower() != "bearer" or not same(request.app[TOKENS].api, given.strip()):
        return problem(401, "unauthorized", "a valid 'Authorization: Bearer <token>' header is required",
                       **{"WWW-Authenticate": 'Bearer realm="hallq"'})
    if request.content_length is not None and request.content_length > MAX_BODY:
        return problem(413, "too_large", f"the body must be at most {MAX_BODY} bytes")
    try:
        text = (await request.read()).decode("utf-8-sig")
        rows = parse_json(text, "request body")
    except UnicodeDecodeError:
        return problem(400, "bad_body", "the body must be UTF-8 JSON")
    except web.HTTPRequestEntityTooLarge:
        return problem(413, "too_large", f"the body must be at most {MAX_BODY} bytes")
    except DataError as err:
        return problem(400, "bad_body", err.text("en"))
    dry_run = request.query.get("dry_run", "").lower() in ("1", "true", "yes")
    try:
        report = await request.app[ENGINE].import_appointments(rows, actor=API_ACTOR, dry_run=dry_run)
    except HallError as err:
        return problem(503 if err.code == "busy" else 409, err.code, err.text("en"))
    log.info("api: %d bookings imported, %d updated, %d unchanged, %d errors",
             report.imported, report.updated, report.unchanged, len(report.errors))
    def problems(found) -> list[dict]:
        return [{"row": p.row, "line": p.place.line, "field": p.column, "problem": p.problem,
                 "problem_zh": p.message.text("zh")} for p in found]

    return reply({
        "imported": report.imported, "updated": report.updated, "unchanged": report.unchanged,
        "dry_run": report.dry_run, "errors": problems(report.errors), "warnings": problems(report.warnings),
    })


async def get_queue(request: web.Request) -> web.Response:
    engine = request.app[ENGINE]
    config = await engine.config()
    queues = await engine.service_queues()
    calls = await engine.recent_calls(10)
    today = {f.key: f for f in (await day_report(engine, engine.today(), figures_only=True)).services}
    return reply({
        "hall": {"name": config.name, "name_en": config.name_en},
        "at": engine.now().isoformat(timespec="seconds"),
        "services": [{
            "prefix": q.prefix, "name": q.name, "name_en": q.name_en,
            "waiting": q.waiting, "longest_wait_min": q.longest_wait_min,
            **_today(today.get(q.prefix)),
            "windows_open": q.windows_open, "walk_in_open": q.walk_in_open,
            "closed_reason": q.closed_reason, "opens_at": q.opens_at,
            "estimate_min": q.estimate_min, "estimate_low_min": q.estimate_low_min,
            "estimate_high_min": q.estimate_high_min,
        } for q in queues],
        "recent_calls": [{"number": c.number, "window": c.window, "window_name": c.window_name,
                          "at": c.at.isoformat(timespec="seconds"), "recall": c.recall} for c in calls],
    }, headers={"Cache-Control": "no-store", "Access-Control-Allow-Origin": "*"})


def _today(figures: Figures | None) -> dict:
    """Today's figures of a service, as `hallq figures` and the report count them (db.reports)."""
    return {"called_today": figures.called if figures else 0, "served_today": figures.served if figures else 0,
            "mean_wait_today_min": figures.mean_wait_min if figures else None}


async def get_openapi(request: web.Request) -> web.Response:
    return reply(openapi_document())


def routes() -> list[web.RouteDef]:
    return [
        web.post("/api/appointments", post_appointments),
        web.get("/api/queue", get_queue),
        web.get("/api/openapi.json", get_openapi),
    ]
