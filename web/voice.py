"""The spoken call as a WAV file, for a hall TV that is its own loudspeaker.

The TV page (web/tv.py, `?sound=1`) fetches `/display/audio/EVENT.wav` for every call and
plays it in the browser; the host's own loudspeaker stays with `hallq display`. The WAV
is what the terminal display plays (display.announcer.call_sound): the chime, the call
line of the hall's [announce] template ("请A001号到3号窗口办理", English too if the hall
says so) in the hall's voice, repeated, at the hall's volume.

Rendering takes a fraction of a second, so it runs in a worker thread, once per call:
the TV's stream asks for it (`prepare`) as it sends the call, and the browser's request
gets the same result.
"""
from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from hallq.db.config import AnnounceConfig
from hallq.db.models import Call
from hallq.display.announcer import Silent, call_sound

log = logging.getLogger("hallq.web")

KEEP = 32  # WAVs kept for calls a TV may still ask for


def render_call(call: Call, announce: AnnounceConfig) -> bytes:
    """The call as one WAV, exactly as the hall's display plays it (display.announcer.call_sound).

    Raises:
        Silent: the hall's voice is off, or espeak-ng is missing or failed.
    """
    return call_sound(call, announce)


class CallVoice:
    """WAVs of recent calls, each rendered once, in a worker thread."""

    def __init__(self) -> None:
        self._wavs: OrderedDict[int, asyncio.Future[bytes]] = OrderedDict()

    def prepare(self, call: Call, announce: AnnounceConfig) -> asyncio.Future[bytes]:
        """Start rendering this call (if not already) and return its future WAV."""
        future = self._wavs.get(call.event_id)
        if future is None or (future.done() and future.exception() is not None):
            future = asyncio.ensure_future(asyncio.to_thread(render_call, call, announce))
            future.add_done_callback(_quiet)
            self._wavs[call.event_id] = future
            while len(self._wavs) > KEEP:
                self._wavs.popitem(last=False)
        return future

    async def wav(self, call: Call, announce: AnnounceConfig) -> bytes:
        """The call's WAV. Raises Silent if it cannot be rendered."""
        return await asyncio.shield(self.prepare(call, announce))


def _quiet(future: asyncio.Future[bytes]) -> None:
    """A render nobody awaited must not log 'exception was never retrieved'."""
    if not future.cancelled() and isinstance(future.exception(), Silent):
        log.warning("hall TV voice: %s", future.exception())
