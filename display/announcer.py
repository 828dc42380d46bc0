"""Spoken announcements of calls: "请A001号到3号窗口办理", queued so two never overlap.

No Textual here. The Announcer owns one queue and one consumer task: every call is
spoken (repeated `repeat` times, optionally followed by English), one after the other,
none dropped. A Speaker turns one Utterance into sound and blocks until it has been
played; it runs in a worker thread so the screen stays live. Speakers:

- EspeakSpeaker: espeak-ng's Mandarin voice (`espeak-ng -v cmn`) writes a WAV, then
  `aplay` or `paplay` plays it on the default device;
- ClipsSpeaker: recorded clips (digits, letters, phrases) joined into one WAV with the
  stdlib `wave` module; `make_clips(folder)` records a set once with espeak-ng;
- NoSpeaker: silence.

With no sound device the speaker raises Silent; the announcer reports that once (and
again only after sound has worked in between) and carries on.
"""
from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from hallq.db.models import Call
from hallq.display import texts as T

log = logging.getLogger("hallq.display")

ZH_DIGITS = "零一二三四五六七八九"
EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# The clip set: clip id -> the text recorded for it, per language.
CLIP_TEXTS: dict[str, dict[str, str]] = {
    "zh": {"qing": "请", "hao_dao": "号到", "hao_chuangkou_banli": "号窗口办理", "shi": "十", "bai": "百",
           **{str(d): ZH_DIGITS[d] for d in range(10)}, **{c: c for c in LETTERS}},
    "en": {"number": "number", "please_go_to_window": "please go to window",
           **{str(d): EN_DIGITS[d] for d in range(10)}, **{c: c for c in LETTERS}},
}
VOICES = {"zh": "cmn", "en": "en"}


@dataclass(frozen=True)
class Utterance:
    """One sentence in one language, as clip ids (the text is what they say)."""

    lang: str
    clips: tuple[str, ...]

    @property
    def text(self) -> str:
        words = [CLIP_TEXTS[self.lang][c] for c in self.clips]
        return "".join(words) if self.lang == "zh" else " ".join(words)


@dataclass(frozen=True)
class Announcement:
    call: Call
    utterances: tuple[Utterance, ...]

    @property
    def text(self) -> str:
        """What is announced, as a person would write it: 请A001号到3号窗口办理."""
        return announcement_text(self.call)


def announcement_text(call: Call, lang: str = "zh") -> str:
    return T.ANNOUNCEMENT(number=call.number, window=call.window).text(lang)


def window_zh(n: int) -> tuple[str, ...]:
    """A window number read as a count (十五, 一百零五), as clip ids."""
    if n < 10:
        return (str(n),)
    if n < 20:
        return ("shi",) + ((str(n - 10),) if n > 10 else ())
    if n < 100:
        tens, ones = divmod(n, 10)
        return (str(tens), "shi") + ((str(ones),) if ones else ())
    hundreds, rest = divmod(n, 100)
    out: tuple[str, ...] = (str(hundreds), "bai")
    if rest == 0:
        return out
    if rest < 10:
        return out + ("0", str(rest))
    tens, ones = divmod(rest, 10)
    return out + (str(tens), "shi") + ((str(ones),) if ones else ())


def number_clips(number: str) -> tuple[str, ...]:
    """A ticket number letter by letter, digit by digit: A001 -> A 零 零 一."""
    return tuple(ch.upper() for ch in number if ch.isalnum())


def announcement_for(call: Call, english: bool = False) -> Announcement:
    zh = Utterance("zh", ("qing",) + number_clips(call.number) + ("hao_dao",) + window_zh(call.window)
                   + ("hao_chuangkou_banli",))
    utterances: tuple[Utterance, ...] = (zh,)
    if english:
        en = Utterance("en", ("number",) + number_clips(call.number) + ("please_go_to_window",)
                       + tuple(str(call.window)))
        utterances += (en,)
    return Announcement(call, utterances)


# ---------------------------------------------------------------------- speakers
class Silent(Exception):
    """Sound cannot be played (no device, no player, no engine); the text says why."""


class Speaker(Protocol):
    def speak(self, utterance: Utterance) -> None:
        """Say it and return when it has been said (blocking). Raise Silent if impossible."""


class NoSpeaker:
    def speak(self, utterance: Utterance) -> None:
        log.debug("announcement (voice off): %s", utterance.text)


def play(path: Path) -> None:
    """Play a WAV on the default device with aplay or paplay, whichever works."""
    problems = []
    for player in (["aplay", "-q"], ["paplay"]):
        exe = shutil.which(player[0])
        if exe is None:
            continue
        done = subprocess.run([exe, *player[1:], str(path)], capture_output=True, text=True, timeout=60)
        if done.returncode == 0:
            return
        problems.append(f"{player[0]}: {(done.stderr or '').strip().splitlines()[-1:] or done.returncode}")
    raise Silent("; ".join(problems) if problems else "no audio player (aplay or paplay) installed")


def espeak_wav(text: str, lang: str, path: Path, speed: int = 140) -> None:
    """Render text with espeak-ng into a WAV file."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise Silent("espeak-ng is not installed (apt-get install espeak-ng)")
    done = subprocess.run([exe, "-v", VOICES[lang], "-s", str(speed), "-w", str(path), text],
                          capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise Silent(f"espeak-ng failed: {done.stderr.strip()}")


class EspeakSpeaker:
    def __init__(self, speed: int = 140, player: Callable[[Path], None] = play):
        self.speed = speed
        self.player = player

    def speak(self, utterance: Utterance) -> None:
        with tempfile.TemporaryDirectory(prefix="hallq-say-") as tmp:
            path = Path(tmp) / "say.wav"
            espeak_wav(utterance.text, utterance.lang, path, self.speed)
            self.player(path)


def join_wavs(paths: list[Path], out: Path, gap: float = 0.0) -> None:
    """Concatenate WAV files of the same format into one, with `gap` seconds of silence
    between them."""
    if not paths:
        raise ValueError("nothing to join")
    with wave.open(str(paths[0]), "rb") as first:
        params = first.getparams()
    silence = b"\0" * (int(params.framerate * gap) * params.sampwidth * params.nchannels)
    with wave.open(str(out), "wb") as dst:
        dst.setnchannels(params.nchannels)
        dst.setsampwidth(params.sampwidth)
        dst.setframerate(params.framerate)
        for i, path in enumerate(paths):
            with wave.open(str(path), "rb") as src:
                p = src.getparams()
                if (p.nchannels, p.sampwidth, p.framerate) != (params.nchannels, params.sampwidth, params.framerate):
                    raise ValueError(f"{path} is {p.nchannels} ch, {p.sampwidth * 8} bit, {p.framerate} Hz; expected"
                                     f" {params.nchannels} ch, {params.sampwidth * 8} bit, {params.framerate} Hz")
                if i and silence:
                    dst.writeframes(silence)
                dst.writeframes(src.readframes(p.nframes))


def clip_path(folder: Path, lang: str, clip: str) -> Path:
    return Path(folder) / lang / f"{clip}.wav"


def missing_clips(folder: Path, langs=("zh", "en")) -> list[Path]:
    return [clip_path(folder, lang, c) for lang in langs for c in CLIP_TEXTS[lang]
            if not clip_path(folder, lang, c).is_file()]


def make_clips(folder: Path, langs=("zh", "en"), speed: int = 140) -> int:
    """Record the clip set with espeak-ng into folder/<lang>/<clip>.wav; returns how many."""
    count = 0
    for lang in langs:
        (Path(folder) / lang).mkdir(parents=True, exist_ok=True)
        for clip, text in CLIP_TEXTS[lang].items():
            espeak_wav(text, lang, clip_path(folder, lang, clip), speed)
            count += 1
    return count


class ClipsSpeaker:
    def __init__(self, folder: Path, player: Callable[[Path], None] = play, gap: float = 0.0):
        self.folder = Path(folder)
        self.player = player
        self.gap = gap
        missing = missing_clips(self.folder, ("zh",))
        if missing:
            raise ValueError(f"{self.folder}: {len(missing)} clips missing (e.g. {missing[0]});"
                             f" record them with: hallq display make-clips {self.folder}")

    def render(self, utterance: Utterance, out: Path) -> None:
        join_wavs([clip_path(self.folder, utterance.lang, c) for c in utterance.clips], out, self.gap)

    def speak(self, utterance: Utterance) -> None:
        with tempfile.TemporaryDirectory(prefix="hallq-say-") as tmp:
            path = Path(tmp) / "say.wav"
            self.render(utterance, path)
            self.player(path)


# ---------------------------------------------------------------------- the queue
class Announcer:
    """Speaks calls one after another. `announce(call)` never blocks and never drops."""

    def __init__(self, speaker: Speaker, repeat: int = 2, english: bool = False, pause: float = 0.8,
                 on_silent: Callable[[str], None] | None = None):
        self.speaker = speaker
        self.repeat = max(1, repeat)
        self.english = english
        self.pause = pause
        self.on_silent = on_silent
        self.silent: str | None = None
        self._queue: asyncio.Queue[Announcement] = asyncio.Queue()
        self._task: asyncio.Task | None = None

    def announce(self, call: Call) -> Announcement:
        announcement = announcement_for(call, self.english)
        self._queue.put_nowait(announcement)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="announcer")
        return announcement

    @property
    def pending(self) -> int:
        return self._queue.qsize()

    async def wait_idle(self) -> None:
        """Return when everything queued has been said."""
        await self._queue.join()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _run(self) -> None:
        while True:
            announcement = await self._queue.get()
            try:
                await self._say(announcement)
            finally:
                self._queue.task_done()

    async def _say(self, announcement: Announcement) -> None:
        log.info("announcing %s", announcement.text)
        for i in range(self.repeat):
            if i:
                await asyncio.sleep(self.pause)
            for utterance in announcement.utterances:
                try:
                    await asyncio.to_thread(self.speaker.speak, utterance)
                except Silent as exc:
                    self._went_silent(str(exc))
                    return
                except Exception:  # a broken speaker must not stop the announcer
                    log.exception("announcement of %s failed", announcement.text)
                    return
                if self.silent is not None:
                    log.info("sound is back")
                    self.silent = None

    def _went_silent(self, reason: str) -> None:
        if self.silent is None:
            self.silent = reason
            log.warning("announcements are silent: %s", reason)
            if self.on_silent:
                self.on_silent(reason)
