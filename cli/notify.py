"""`hallq notify [--once]`: the worker that sends "your turn is near" messages.

The engine writes a message into the outbox in the transaction of the call that causes it
(hallq.db.notify); this worker claims the due ones, sends them by the hall's channel and
marks each sent, due again after a backoff, or failed (the supervisor board shows failed
messages). Each message is sent at most once as far as the channel allows: a worker that
stops between the send and the mark leaves the row `sending`; the next worker sends it
again under the same delivery id (the row id), which a webhook receiver deduplicates, and
counts and logs the resend (an SMS provider cannot deduplicate it).

Channels (hall.toml `[notify] channel`):
- webhook: POST of a JSON body to `url`, signed with HMAC-SHA256 over the exact body
  bytes under the hall's secret: header `X-Hallq-Signature: sha256=<hex>`, with
  `X-Hallq-Delivery: <row id>` for deduplication. For a hall's own WeChat or SMS platform.
- aliyun_sms: Alibaba Cloud SMS `SendSms` (API version 2017-05-25) with the provider's
  documented RPC signature (HMAC-SHA1, SignatureVersion 1.0:
  https://help.aliyun.com/document_detail/101343.html), the template codes of hall.toml
  and the template variables number, ahead, service (near) or number, window (called).

The secret (the webhook's HMAC key, the AccessKey secret) comes from HALLQ_NOTIFY_SECRET or
from `[notify] secret_file`, which must not be readable by group or others (0600): never
from hall.toml. The phone number is in memory only while a message is sent; logs name the
masked number.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import logging
import os
import stat
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from hallq.cli import texts

if TYPE_CHECKING:
    import aiohttp

    from hallq.db.config import NotifyConfig
    from hallq.db.engine import HallEngine
    from hallq.db.outbox import Claimed

log = logging.getLogger("hallq.notify")

SECRET_ENV = "HALLQ_NOTIFY_SECRET"
#: for tests: "after-send" makes the worker die (os._exit) between a send and its mark
CRASH_ENV = "HALLQ_NOTIFY_TEST_CRASH"
ALIYUN_ENDPOINT = "https://dysmsapi.aliyuncs.com/"


class SendError(Exception):
    """A send that did not go through (the provider's answer or the network's error)."""


class SecretError(Exception):
    """No usable secret: none given, or a file others can read."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("notify", help='send "your turn is near" messages (叫号提醒) from the outbox',
                       description="Send the hall's 'your turn is near' and 'called' messages by the channel of "
                                   "hall.toml [notify], with retries; runs until stopped.")
    p.add_argument("--once", action="store_true", help="send what is due now, then stop")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between looks at the outbox (default 1)")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    return asyncio.run(main(args))


async def main(args: argparse.Namespace) -> int:
    from hallq.cli.commands import open_hall

    engine = await open_hall(args.db)
    try:
        config = (await engine.config()).notify
        if not config.enabled:
            print(texts.NOTIFY_NO_CHANNEL.text(args.lang), file=sys.stderr)
            return 2
        try:
            secret = load_secret(config)
        except SecretError as exc:
            print(f"hallq notify: {exc}", file=sys.stderr)
            return 2
        figures = await run_worker(engine, secret, once=args.once, interval=args.interval)
        print(texts.NOTIFY_DONE(**figures).text(args.lang))
        return 0
    finally:
        await engine.close()


def load_secret(config: NotifyConfig) -> bytes:
    """The channel's secret: HALLQ_NOTIFY_SECRET, else the file `[notify] secret_file`.

    Raises:
        SecretError: neither is set, the file cannot be read, or group or others may read it.
    """
    value = os.environ.get(SECRET_ENV)
    if value:
        return value.encode()
    if not config.secret_file:
        raise SecretError(f"no secret: set {SECRET_ENV} or [notify] secret_file (a file of mode 0600)")
    path = Path(config.secret_file)
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise SecretError(f"{path} may be read by others (mode {stat.S_IMODE(mode):o}); chmod 600 it")
        return path.read_text(encoding="utf-8").strip().encode()
    except OSError as exc:
        raise SecretError(f"cannot read {path}: {exc.strerror or exc}") from None


async def run_worker(engine: HallEngine, secret: bytes, once: bool = False, interval: float = 1.0,
                     session: aiohttp.ClientSession | None = None) -> dict[str, int]:
    """Send due messages until stopped (or, with `once`, until none is due now).

    Args:
        engine: the hall.
        secret: the channel's secret (load_secret).
        once: stop when nothing is due.
        interval: seconds between looks at the outbox.
        session: an aiohttp session to use (default: one of its own).

    Returns:
        What this run did: sent, retried, failed, resent (sent again after a crash).
    """
    import aiohttp

    config = (await engine.config()).notify
    done = {"sent": 0, "retried": 0, "failed": 0, "resent": 0}
    recovered = await engine.recover_notifications()
    done["resent"] = len(recovered)
    own = session is None
    http = session or aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=config.timeout_seconds))
    try:
        while True:
            claimed = await engine.claim_notifications()
            for item in claimed:
                await _send_one(engine, http, config, secret, item, done)
            if once and not claimed:
                return done
            if not claimed:
                await asyncio.sleep(interval)
    finally:
        if own:
            await http.close()


async def _send_one(engine: HallEngine, http: aiohttp.ClientSession, config: NotifyConfig, secret: bytes,
                    item: Claimed, done: dict[str, int]) -> None:
    from hallq.db import privacy

    note = item.notification
    masked = privacy.mask_phone(item.phone)
    try:
        await send(http, config, secret, item)
    except SendError as exc:
        row = await engine.mark_unsent(note.id, str(exc))
        if row.state == "failed":
            done["failed"] += 1
            log.error("notification %s (%s %s to %s) failed after %s attempts: %s", note.id, note.kind,
                      note.payload.get("number"), masked, row.attempts, exc)
        else:
            done["retried"] += 1
            log.warning("notification %s (%s to %s) not sent (attempt %s): %s; again at %s", note.id, note.kind,
                        masked, row.attempts, exc, f"{row.due_at:%H:%M:%S}")
        return
    if os.environ.get(CRASH_ENV) == "after-send":
        log.warning("test: dying between the send and the mark of notification %s", note.id)
        os._exit(9)
    await engine.mark_sent(note.id)
    done["sent"] += 1
    log.info("notification %s (%s %s) sent to %s%s", note.id, note.kind, note.payload.get("number"), masked,
             f" (again, {note.resends} resend)" if note.resends else "")


def message_text(payload: dict, lang: str = "zh") -> str:
    """The message a citizen reads, from an outbox row's payload."""
    if payload["kind"] == "called":
        return texts.NOTIFY_CALLED(hall=payload["hall"], number=payload["number"],
                               window=payload.get("window_name") or payload.get("window")).text(lang)
    return texts.NOTIFY_NEAR(hall=payload["hall"], number=payload["number"], n=payload.get("ahead", 0),
                         service=payload.get("service_name", "")).text(lang)


def webhook_body(item: Claimed) -> bytes:
    """The webhook's JSON body: delivery id, kind, the number to text, the text, the data."""
    note = item.notification
    return json.dumps({"id": note.id, "kind": note.kind, "to": item.phone, "text": message_text(note.payload),
                       "data": note.payload, "resend": note.resends > 0},
                      ensure_ascii=False, separators=(",", ":")).encode()


def webhook_signature(secret: bytes, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of the body under the secret (X-Hallq-Signature)."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def aliyun_percent(value: str) -> str:
    """Alibaba Cloud's percent-encoding (RFC 3986: unreserved characters kept; space %20,
    * %2A, ~ kept)."""
    return quote(value, safe="-_.~")


def aliyun_signed(params: dict[str, str], access_key_secret: str, method: str = "POST") -> dict[str, str]:
    """`params` with `Signature` added, as Alibaba Cloud's RPC APIs want (SignatureVersion
    1.0): HMAC-SHA1 under "secret&" of METHOD&%2F&percent(sorted, percent-encoded query).

    Args:
        params: every request parameter but Signature.
        access_key_secret: the AccessKey secret.
        method: the HTTP method.
    """
    query = "&".join(f"{aliyun_percent(k)}={aliyun_percent(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&{aliyun_percent('/')}&{aliyun_percent(query)}"
    digest = hmac.new(f"{access_key_secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return {**params, "Signature": base64.b64encode(digest).decode()}


def aliyun_params(config: NotifyConfig, item: Claimed, now: datetime | None = None) -> dict[str, str]:
    """The SendSms parameters of one message (without Signature)."""
    note = item.notification
    payload = note.payload
    if note.kind == "called":
        template, variables = config.template_called, {"number": payload["number"],
                                                       "window": str(payload.get("window_name") or "")}
    else:
        template, variables = config.template_near, {"number": payload["number"], "ahead": str(payload["ahead"]),
                                                     "service": str(payload.get("service_name", ""))}
    now = now or datetime.now(UTC)
    return {"AccessKeyId": config.access_key_id, "Action": "SendSms", "Format": "JSON", "OutId": str(note.id),
            "PhoneNumbers": item.phone, "RegionId": "cn-hangzhou", "SignName": config.sign_name,
            "SignatureMethod": "HMAC-SHA1", "SignatureNonce": str(uuid.uuid4()), "SignatureVersion": "1.0",
            "TemplateCode": template, "TemplateParam": json.dumps(variables, ensure_ascii=False),
            "Timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "Version": "2017-05-25"}


async def send(http: aiohttp.ClientSession, config: NotifyConfig, secret: bytes, item: Claimed) -> None:
    """Send one message by the hall's channel.

    Raises:
        SendError: an HTTP status other than 2xx, a provider's refusal, a timeout or a
            network error (one line, without the phone number).
    """
    import aiohttp

    try:
        if config.channel == "webhook":
            body = webhook_body(item)
            headers = {"Content-Type": "application/json; charset=utf-8", "X-Hallq-Delivery": str(item.notification.id),
                       "X-Hallq-Signature": webhook_signature(secret, body)}
            async with http.post(config.url, data=body, headers=headers) as response:
                if not 200 <= response.status < 300:
                    raise SendError(f"HTTP {response.status}")
        elif config.channel == "aliyun_sms":
            params = aliyun_signed(aliyun_params(config, item), secret.decode())
            async with http.post(config.url or ALIYUN_ENDPOINT, data=params) as response:
                answer = await response.json(content_type=None)
                if response.status != 200 or answer.get("Code") != "OK":
                    raise SendError(f"HTTP {response.status} {answer.get('Code')}: {answer.get('Message')}")
        else:
            raise SendError(f"no channel {config.channel!r}")
    except TimeoutError:
        raise SendError(f"no answer within {config.timeout_seconds} s") from None
    except aiohttp.ClientError as exc:
        raise SendError(f"{type(exc).__name__}: {exc}") from None
