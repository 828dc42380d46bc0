"""The spoken call as a WAV file, for a hall TV that is its own loudspeaker.

The TV page (web/tv.py, `?sound=1`) fetches `/display/audio/EVENT.wav` for every call and
plays it in the browser; the host's own loudspeaker stays with `hallq display`. The WAV
is what the terminal display says: the same announcement (display.announcer's
`announcement_for`: "请A001号到3号窗口办理", English too if the hall says so), in the
hall's voice ([announce] voice: espeak-ng, or the hall's recorded clips), repeated
[announce] repeat times.

Note (issue 13): this renders the call with the announcer's pieces as they are today. Once
display.announcer has one function that renders a whole call to a WAV exactly as the
display plays it (chime, repeats, corrected Mandarin), `render_call` should call it and
nothing else.

Rendering takes a fraction of a second, so it runs in a worker thread, once per call:
the TV's stream asks for it (`prepare`) as it sends the call, and the browser's request
gets the same result.
"""
from __future__ import annotations

import asyncio
import logging
import tempfile
from collections import OrderedDict
from pathlib import Path

from hallq.db.config import AnnounceConfig
from hallq.db.models import Call
from hallq.display.announcer import ClipsSpeaker, Silent, announcement_for, espeak_wav, join_wavs

log = logging.getLogger("hallq.web")

KEEP = 32            # WAVs kept for calls a TV may still ask for
PAUSE_SECONDS = 0.8  # between two sayings of a call, as the display's Announcer pauses


def render_call(call: Call, announce: AnnounceConfig) -> bytes:
    """The call as one WAV, as the hall's display would say it.

    Args:
        call: the call (number, window).
        announce: the hall's [announce] table: voice, clips folder, repeat, English.

    Returns:
        The bytes of a WAV file (mono PCM, the voice's own rate).

    Raises:
        Silent: espeak-ng is missing or failed.
    """
    announcement = announcement_for(call, announce.english)
    clips = None
    if announce.voice == "clips" and announce.clips:
        try:
            clips = ClipsSpeaker(Path(announce.clips))
        except ValueError as exc:  # clips missing: speak with espeak-ng rather than not at all
            log.warning("hall TV voice: %s; using espeak-ng", exc)
    with tempfile.TemporaryDirectory(prefix="hallq-tv-") as tmp:
        parts = []
        for i, utterance in enumerate(announcement.utterances):
            path = Path(tmp) / f"{i}.wav"
            if clips is not None and utterance.lang == "zh":
                clips.render(utterance, path)
            else:
                espeak_wav(utterance.text, utterance.lang, path)
            parts.append(path)
        out = Path(tmp) / "call.wav"
        join_wavs(parts * max(1, announce.repeat), out, gap=PAUSE_SECONDS)
        return out.read_bytes()


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
