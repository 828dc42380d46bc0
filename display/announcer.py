"""Spoken calls: a chime, then "请A001号到3号窗口办理" said `repeat` times, queued so two
calls never overlap.

No Textual here. What a call says comes from display.speech (one template for the screen
and the voice). Here it becomes sound:

- a Speaker renders one Utterance into a WAV file:
  EspeakSpeaker with espeak-ng (Chinese as tone-numbered pinyin through the
  `cmn-latn-pinyin` voice, English through `en`), ClipsSpeaker from a hall's recorded
  clips (a voice pack: `<folder>/zh/请.wav`, `A.wav`, `零.wav`, …; a clip that is missing or
  unreadable makes that sentence fall back to espeak-ng, with a warning, never to
  silence), NoSpeaker for a silent screen;
- `render_call` makes the one WAV a call sounds like: the chime (two tones made here),
  the sentence, again after a pause (`[announce] repeat`), at `[announce] volume`;
  `hallq display say --out` writes exactly this file, and `call_sound` gives it as bytes
  (for a hall TV that is its own loudspeaker), in the hall's voice (`hall_speaker`);
- a Player plays it and returns when it has been played: `aplay` (alsa-utils) or `paplay`
  (pulseaudio-utils) on `[announce] device` or the default device (`find_player`);
- the Announcer owns one queue and one consumer task: calls are said one after the
  other, none dropped; rendering and playing run in a worker thread so the screen stays
  live.

With no sound (no player, no device, no espeak-ng) the player or speaker raises Silent;
the announcer reports that once through `on_silent` (the hall screen shows it in its
status line), again only after sound has worked in between, and carries on.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from hallq.db.config import AnnounceConfig, HallConfig
from hallq.db.models import Call
from hallq.display import texts as T
from hallq.display.speech import Announcement, Utterance, announcement_for, needed_clips
from hallq.i18n import Text

log = logging.getLogger("hallq.display")

VOICES = {"zh": "cmn-latn-pinyin", "en": "en"}  # espeak-ng voices: Chinese read from pinyin, no switch to English
CHIME_TONES = ((659.25, 0.30), (523.25, 0.55))  # E5 then C5 (Hz, seconds): 叮—咚
CHIME_LEVEL = 0.45        # the chime's peak, part of full scale at volume 100
AFTER_CHIME = 0.25        # seconds of silence between the chime and the sentence
BETWEEN_LANGUAGES = 0.5   # … between the Chinese and the English sentence
PAUSE = 0.8               # … between two sayings of one call
CLIP_PAUSE = 0.25         # … for a comma when clips are joined
PROBE_SECONDS = 0.1       # the silence played to find out whether the device works
PLAYERS = {"aplay": "alsa-utils", "paplay": "pulseaudio-utils"}  # program → its Debian package


class Silent(Exception):
    """Sound cannot be made or played (no player, no device, no espeak-ng).

    Attributes:
        reason: why, as a display text (NO_PLAYER, NO_DEVICE, NO_ESPEAK, ESPEAK_FAILED).
        detail: what the program said (its last line on stderr), for the log.
    """

    def __init__(self, reason: Text, detail: str = "") -> None:
        super().__init__(f"{reason.text('en')}: {detail}" if detail else reason.text("en"))
        self.reason = reason
        self.detail = detail


# ---------------------------------------------------------------------- audio
@dataclass(frozen=True)
class Audio:
    """PCM sound: signed 16-bit samples, channels interleaved.

    Attributes:
        samples: the samples (array of "h").
        channels: 1 mono, 2 stereo.
        rate: frames a second.
    """

    samples: array
    channels: int
    rate: int

    @property
    def frames(self) -> int:
        return len(self.samples) // self.channels

    @property
    def seconds(self) -> float:
        return self.frames / self.rate


def read_wav(path: Path) -> Audio:
    """A PCM WAV file (8, 16, 24 or 32 bit) as 16-bit Audio.

    Raises:
        FileNotFoundError: no such file.
        ValueError: not a PCM WAV file, or empty (the message says which).
    """
    try:
        with wave.open(str(path), "rb") as w:
            params = w.getparams()
            raw = w.readframes(params.nframes)
    except (wave.Error, EOFError) as exc:
        raise ValueError(f"not a PCM WAV file ({exc})" if str(exc) else "not a PCM WAV file") from None
    if params.nframes == 0 or not raw:
        raise ValueError("no sound in it (0 frames)")
    width = params.sampwidth
    if width == 2:
        data = raw
    elif width == 1:  # unsigned 8 bit
        data = array("h", ((b - 128) << 8 for b in raw)).tobytes()
        if sys.byteorder == "big":
            data = _swapped(data)
    elif width in (3, 4):  # keep the two most significant bytes of each little-endian sample
        out = bytearray(len(raw) // width * 2)
        out[0::2] = raw[width - 2::width]
        out[1::2] = raw[width - 1::width]
        data = bytes(out)
    else:
        raise ValueError(f"{width * 8}-bit samples are not supported")
    samples = array("h")
    samples.frombytes(data[:len(data) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return Audio(samples, params.nchannels, params.framerate)


def _swapped(data: bytes) -> bytes:
    a = array("h")
    a.frombytes(data)
    a.byteswap()
    return a.tobytes()


def write_wav(path: Path, audio: Audio) -> None:
    """Write Audio as a 16-bit PCM WAV file."""
    samples = audio.samples
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(audio.channels)
        w.setsampwidth(2)
        w.setframerate(audio.rate)
        w.writeframes(samples.tobytes())


def convert(audio: Audio, channels: int, rate: int) -> Audio:
    """The same sound with another number of channels and rate (linear interpolation)."""
    samples, have = audio.samples, audio.channels
    if have != channels:
        mono = samples if have == 1 else array("h", (
            sum(samples[i:i + have]) // have for i in range(0, len(samples) - have + 1, have)))
        samples = mono if channels == 1 else array("h", (s for s in mono for _ in range(channels)))
    if audio.rate != rate:
        frames = len(samples) // channels
        count = max(1, round(frames * rate / audio.rate))
        step = audio.rate / rate
        out = array("h", bytes(2 * count * channels))
        for i in range(count):
            pos = i * step
            j = min(int(pos), frames - 1)
            k = min(j + 1, frames - 1)
            f = pos - j
            for c in range(channels):
                out[i * channels + c] = int(samples[j * channels + c] * (1 - f) + samples[k * channels + c] * f)
        samples = out
    return Audio(samples, channels, rate)


def silence(seconds: float, channels: int, rate: int) -> Audio:
    """`seconds` of silence."""
    return Audio(array("h", bytes(2 * int(seconds * rate) * channels)), channels, rate)


@functools.lru_cache(maxsize=4)
def chime(channels: int = 1, rate: int = 22050) -> Audio:
    """The call chime: two soft bell tones, high then low (CHIME_TONES), about 0.85 s.

    Args:
        channels, rate: the format of the speech it is played before.

    Returns:
        The chime (made once per format; do not change its samples).
    """
    samples = array("h")
    for freq, seconds in CHIME_TONES:
        n = int(seconds * rate)
        attack = int(0.01 * rate)
        for i in range(n):
            t = i / rate
            envelope = min(1.0, i / attack) * math.exp(-4.0 * t / seconds)
            value = math.sin(2 * math.pi * freq * t) + 0.3 * math.sin(4 * math.pi * freq * t)
            sample = int(32767 * CHIME_LEVEL * envelope * value / 1.3)
            samples.extend([sample] * channels)
    return Audio(samples, channels, rate)


def join(parts: Iterable[Audio], channels: int, rate: int) -> Audio:
    """Audio one after the other, each converted to `channels` and `rate`."""
    out = array("h")
    for part in parts:
        out.extend(part.samples if (part.channels, part.rate) == (channels, rate)
                   else convert(part, channels, rate).samples)
    return Audio(out, channels, rate)


def scaled(audio: Audio, volume: int) -> Audio:
    """The sound at `volume` percent (0–100) of its loudness."""
    if volume >= 100:
        return audio
    factor = max(0, volume) / 100
    return Audio(array("h", (int(s * factor) for s in audio.samples)), audio.channels, audio.rate)


def join_wavs(paths: list[Path], out: Path, gap: float = 0.0) -> None:
    """Concatenate WAV files into one, with `gap` seconds of silence between them; files
    of another format are converted to the first one's.

    Raises:
        ValueError: no files, or a file that is not a PCM WAV.
    """
    if not paths:
        raise ValueError("nothing to join")
    audios = [read_wav(p) for p in paths]
    first = audios[0]
    parts: list[Audio] = []
    for i, audio in enumerate(audios):
        if i and gap:
            parts.append(silence(gap, first.channels, first.rate))
        parts.append(audio)
    write_wav(out, join(parts, first.channels, first.rate))


# ---------------------------------------------------------------------- speakers
class Speaker(Protocol):
    """Turns one sentence into sound."""

    def render(self, utterance: Utterance, out: Path) -> None:
        """Write the utterance as a WAV file at `out`.

        Raises:
            Silent: it cannot be said (no espeak-ng).
        """


class NoSpeaker:
    """A screen that does not speak (the small screen above a window, `voice = "none"`)."""

    def render(self, utterance: Utterance, out: Path) -> None:
        """Write nothing: an announcer with this speaker plays nothing (see Announcer)."""
        log.debug("announcement (voice off): %s", utterance.text)


class EspeakSpeaker:
    """espeak-ng: Chinese from tone-numbered pinyin (`-v cmn-latn-pinyin`), English (`-v en`).

    Args:
        speed: words a minute ([announce] speed).
    """

    def __init__(self, speed: int = 175) -> None:
        self.speed = speed

    def command(self, utterance: Utterance) -> list[str]:
        """The espeak-ng command line that says `utterance` (add `-w FILE`, or `-x -q` for its phonemes).

        Raises:
            Silent: espeak-ng is not installed.
        """
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise Silent(T.NO_ESPEAK)
        return [exe, "-v", VOICES[utterance.lang], "-s", str(self.speed), utterance.espeak_text]

    def render(self, utterance: Utterance, out: Path) -> None:
        """Write the utterance as espeak-ng's WAV (22050 Hz mono).

        Raises:
            Silent: espeak-ng is missing or failed (e.g. its voice is not installed).
        """
        argv = self.command(utterance)
        done = subprocess.run([*argv[:-1], "-w", str(out), argv[-1]], capture_output=True, text=True, timeout=30)
        if done.returncode != 0 or not Path(out).is_file():
            raise Silent(T.ESPEAK_FAILED, (done.stderr or "").strip())


def clip_path(folder: Path, lang: str, clip: str) -> Path:
    """Where a voice pack keeps a clip: `<folder>/<lang>/<clip>.wav` (e.g. clips/zh/请.wav)."""
    return Path(folder) / lang / f"{clip}.wav"


def clip_problem(path: Path) -> str | None:
    """Why a clip cannot be used ("missing", "not a PCM WAV file (…)", …), or None."""
    if not path.is_file():
        return "missing"
    try:
        read_wav(path)
    except (OSError, ValueError) as exc:
        return str(exc)
    return None


class ClipsSpeaker:
    """Joins a hall's recorded clips; a sentence with a missing or unreadable clip is said
    by `fallback` (espeak-ng) instead, with a warning in the log (once per clip).

    Args:
        folder: the voice pack (see clip_path).
        fallback: the speaker for sentences the clips cannot make; default EspeakSpeaker().
        gap: seconds of silence between two clips.

    Raises:
        FileNotFoundError: the folder does not exist (a typo, not a pack with gaps).
    """

    def __init__(self, folder: Path, fallback: Speaker | None = None, gap: float = 0.0) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise FileNotFoundError(str(self.folder))
        self.fallback: Speaker = fallback or EspeakSpeaker()
        self.gap = gap
        self.warned: set[Path] = set()

    def problems(self, utterance: Utterance) -> list[tuple[Path, str]]:
        """The clips of this sentence that cannot be used, with why."""
        found = []
        for clip in dict.fromkeys(utterance.clips):
            path = clip_path(self.folder, utterance.lang, clip)
            problem = clip_problem(path)
            if problem is not None:
                found.append((path, problem))
        return found

    def render(self, utterance: Utterance, out: Path) -> None:
        """Join the sentence's clips into `out`, or let the fallback say it.

        Raises:
            Silent: a clip is missing and the fallback cannot speak either.
        """
        problems = self.problems(utterance)
        if problems:
            for path, problem in problems:
                if path not in self.warned:
                    self.warned.add(path)
                    log.warning("voice pack clip %s: %s; calls that need it are spoken by espeak-ng", path, problem)
            self.fallback.render(utterance, out)
            return
        audios: list[Audio | None] = [None if w.pause else read_wav(clip_path(self.folder, utterance.lang, w.clip))
                                      for w in utterance.words]
        first = next(a for a in audios if a is not None)
        parts: list[Audio] = []
        for i, audio in enumerate(audios):
            if audio is None:
                parts.append(silence(CLIP_PAUSE, first.channels, first.rate))
                continue
            if i and self.gap:
                parts.append(silence(self.gap, first.channels, first.rate))
            parts.append(audio)
        write_wav(out, join(parts, first.channels, first.rate))


def make_clips(folder: Path, config: HallConfig, langs: tuple[str, ...] = ("zh",), speed: int = 175) -> int:
    """Record the hall's clip set with espeak-ng into `<folder>/<lang>/<clip>.wav`: a start
    for a voice pack, to be replaced clip by clip with the hall's own recordings.

    Args:
        folder: the voice pack folder (made if missing).
        config: the hall (which clips its calls need: see speech.needed_clips).
        langs: the languages to record.
        speed: espeak-ng words a minute.

    Returns:
        How many clips were written.

    Raises:
        Silent: espeak-ng is missing or failed.
    """
    count = 0
    speaker = EspeakSpeaker(speed)
    for lang, words in needed_clips(config, langs).items():
        (Path(folder) / lang).mkdir(parents=True, exist_ok=True)
        for clip, word in words.items():
            speaker.render(Utterance(lang, (word,)), clip_path(folder, lang, clip))
            count += 1
    return count


def check_clips(folder: Path, config: HallConfig, langs: tuple[str, ...] = ("zh",)) -> list[ClipCheck]:
    """Every clip the hall's calls need, and whether the voice pack has it usable.

    Args:
        folder: the voice pack folder.
        config: the hall.
        langs: the languages its calls are said in.

    Returns:
        One ClipCheck per needed clip, in the order calls first need them.
    """
    return [ClipCheck(lang, clip, word.text if word.text.isascii() == (lang == "en") else f"{word.text} ({word.say})",
                      clip_path(folder, lang, clip), clip_problem(clip_path(folder, lang, clip)))
            for lang, words in needed_clips(config, langs).items() for clip, word in words.items()]


@dataclass(frozen=True)
class ClipCheck:
    """One clip of a voice pack, as `hallq display check-clips` reports it.

    Attributes:
        lang: "zh" or "en".
        clip: its name (the file is `<clip>.wav`).
        says: what to record in it, e.g. 综合窗口一 for the clip 综合窗口1; a letter in a
            Chinese pack with its pinyin, "A (ei1)".
        path: where it is looked for.
        problem: None when it is usable; "missing" or why it cannot be read.
    """

    lang: str
    clip: str
    says: str
    path: Path
    problem: str | None


# ---------------------------------------------------------------------- a call's sound
@dataclass(frozen=True)
class Part:
    """One piece of a call's sound, as `render_call` laid it out.

    Attributes:
        kind: "chime", "speech" or "pause".
        lang: the language of a speech part ("" for the others).
        start: its first frame in the file.
        frames: its length in frames.
    """

    kind: str
    lang: str
    start: int
    frames: int


def render_call(announcement: Announcement, speaker: Speaker, out: Path,
                announce: AnnounceConfig | None = None, pause: float = PAUSE) -> tuple[Part, ...]:
    """Write the sound of one call: the chime, then its sentences (Chinese, then English if
    it has them) `repeat` times with a pause between, at the hall's volume.

    Args:
        announcement: the call's sentences (speech.announcement_for).
        speaker: who says them.
        out: the WAV file to write (16 bit, in the format of the first sentence).
        announce: the hall's [announce] settings (repeat, chime, volume); None: defaults.
        pause: seconds between two sayings.

    Returns:
        The parts in order, with their place in the file.

    Raises:
        Silent: the speaker cannot say it.
        ValueError: the speaker wrote something that is not a WAV file.
    """
    announce = announce or AnnounceConfig()
    with tempfile.TemporaryDirectory(prefix="hallq-say-") as tmp:
        spoken = []
        for i, utterance in enumerate(announcement.utterances):
            path = Path(tmp) / f"{i}.wav"
            speaker.render(utterance, path)
            spoken.append((utterance.lang, read_wav(path)))
    channels, rate = spoken[0][1].channels, spoken[0][1].rate
    pieces: list[tuple[str, str, Audio]] = []
    if announce.chime:
        pieces += [("chime", "", chime(channels, rate)), ("pause", "", silence(AFTER_CHIME, channels, rate))]
    for n in range(announce.repeat):
        if n:
            pieces.append(("pause", "", silence(pause, channels, rate)))
        for i, (lang, audio) in enumerate(spoken):
            if i:
                pieces.append(("pause", "", silence(BETWEEN_LANGUAGES, channels, rate)))
            pieces.append(("speech", lang, convert(audio, channels, rate)))
    parts, start = [], 0
    for kind, lang, audio in pieces:
        parts.append(Part(kind, lang, start, audio.frames))
        start += audio.frames
    write_wav(out, scaled(join((a for _, _, a in pieces), channels, rate), announce.volume))
    return tuple(parts)


def hall_speaker(announce: AnnounceConfig, voice: str | None = None, clips: str | Path | None = None) -> Speaker:
    """The hall's voice as [announce] sets it: espeak-ng at its speed, its recorded clips
    (espeak-ng at that speed for what they lack), or none.

    Args:
        announce: the hall's [announce] settings (voice, clips, speed).
        voice: "espeak", "clips" or "none" over the hall's setting (a command-line flag).
        clips: the voice pack folder over [announce] clips; default [announce] clips, else ./clips.

    Returns:
        An EspeakSpeaker, ClipsSpeaker or NoSpeaker.

    Raises:
        FileNotFoundError: voice "clips" and the folder does not exist.
    """
    voice = voice or announce.voice
    if voice == "espeak":
        return EspeakSpeaker(announce.speed)
    if voice == "clips":
        return ClipsSpeaker(Path(clips or announce.clips or "clips"), fallback=EspeakSpeaker(announce.speed))
    return NoSpeaker()


def call_sound(call: Call, announce: AnnounceConfig, speaker: Speaker | None = None) -> bytes:
    """The WAV file of one call exactly as the hall screen plays it (the chime, the call
    line of the [announce] template, repeated, at the hall's volume, in the hall's voice):
    for a hall TV that is its own loudspeaker.

    Args:
        call: the call.
        announce: the hall's [announce] settings.
        speaker: the voice; None: the hall's (hall_speaker). A voice pack folder that does
            not exist is spoken by espeak-ng, with a warning: never silence.

    Returns:
        The bytes of a 16-bit PCM WAV file.

    Raises:
        Silent: the hall's voice is "none" (VOICE_OFF), or espeak-ng is missing or failed.
    """
    if speaker is None:
        try:
            speaker = hall_speaker(announce)
        except FileNotFoundError as exc:
            log.warning("voice pack folder %s does not exist; calls are spoken by espeak-ng", exc)
            speaker = EspeakSpeaker(announce.speed)
    if isinstance(speaker, NoSpeaker):
        raise Silent(T.VOICE_OFF)
    with tempfile.TemporaryDirectory(prefix="hallq-sound-") as tmp:
        out = Path(tmp) / "call.wav"
        render_call(announcement_for(call, announce), speaker, out, announce)
        return out.read_bytes()


# ---------------------------------------------------------------------- players
class Player(Protocol):
    """Plays a WAV file on the hall host's sound device."""

    def play(self, path: Path) -> None:
        """Play it and return when it has been played.

        Raises:
            Silent: no such program, or it could not play (no device).
        """


class CommandPlayer:
    """aplay or paplay on a device.

    Args:
        program: "aplay" or "paplay".
        device: ALSA device (`plughw:1,0`, `null`) or PulseAudio sink; None: the default.
    """

    def __init__(self, program: str = "aplay", device: str | None = None) -> None:
        self.program = program
        self.device = device

    def argv(self, path: Path) -> list[str]:
        """The command line that plays `path`."""
        if self.program == "paplay":
            return ["paplay", *([f"--device={self.device}"] if self.device else []), str(path)]
        return [self.program, "-q", *(["-D", self.device] if self.device else []), str(path)]

    def play(self, path: Path) -> None:
        """Play the file (blocks for its length).

        Raises:
            Silent: NO_PLAYER when the program is not installed, NO_DEVICE when it fails.
        """
        argv = self.argv(path)
        exe = shutil.which(argv[0])
        if exe is None:
            raise Silent(T.NO_PLAYER(player=self.program, package=PLAYERS.get(self.program, self.program)))
        try:
            with wave.open(str(path), "rb") as w:
                seconds = w.getnframes() / w.getframerate()
        except (wave.Error, EOFError, OSError):
            seconds = 60.0
        try:
            done = subprocess.run([exe, *argv[1:]], capture_output=True, text=True, timeout=seconds + 30)
        except subprocess.TimeoutExpired:
            raise Silent(T.NO_DEVICE(device=self.device or "default"), f"{self.program} did not finish") from None
        if done.returncode != 0:
            lines = (done.stderr or "").strip().splitlines()
            raise Silent(T.NO_DEVICE(device=self.device or "default"),
                         lines[-1] if lines else f"{self.program}: exit status {done.returncode}")


def find_player(name: str = "auto", device: str | None = None) -> CommandPlayer:
    """The player the hall named, or for "auto" the first installed of aplay and paplay.

    Args:
        name: "auto", "aplay" or "paplay" ([announce] player).
        device: [announce] device, or None for the default device.

    Returns:
        A CommandPlayer; with none installed, aplay's (it raises NO_PLAYER when played).
    """
    if name == "auto":
        name = next((p for p in PLAYERS if shutil.which(p)), "aplay")
    return CommandPlayer(name, device)


# ---------------------------------------------------------------------- the queue
class Announcer:
    """Says calls one after another. `announce(call)` never blocks and never drops.

    Args:
        speaker: who says the sentences; NoSpeaker: nothing is played (not even the chime).
        player: what plays a call's sound; None: find_player from `announce`.
        announce: the hall's [announce] settings (template, letters, repeat, english,
            chime, volume); None: the defaults.
        repeat: times each call is said, over the hall's setting (hallq display --repeat).
        english: also say calls in English, over the hall's setting (--english).
        pause: seconds between two sayings of one call.
        on_silent: told the reason when sound stops working, and None when it works again.
    """

    def __init__(self, speaker: Speaker, player: Player | None = None, announce: AnnounceConfig | None = None, *,
                 repeat: int | None = None, english: bool | None = None, pause: float = PAUSE,
                 on_silent: Callable[[Text | None], None] | None = None) -> None:
        self.speaker = speaker
        self.overrides = (repeat, english)
        self.settings = announcer_settings(announce or AnnounceConfig(), repeat=repeat, english=english)
        self.player: Player = player or find_player(self.settings.player, self.settings.device)
        self.pause = pause
        self.on_silent = on_silent
        self.silent: Text | None = None
        self._queue: asyncio.Queue[Announcement | None] = asyncio.Queue()  # None: a probe
        self._task: asyncio.Task[None] | None = None

    def configure(self, announce: AnnounceConfig) -> None:
        """Take the hall's [announce] settings (after a config reload), keeping the
        command line's --repeat and --english; the espeak-ng voice takes the new speed;
        the player stays."""
        repeat, english = self.overrides
        self.settings = announcer_settings(announce, repeat=repeat, english=english)
        for speaker in (self.speaker, getattr(self.speaker, "fallback", None)):
            if isinstance(speaker, EspeakSpeaker):
                speaker.speed = announce.speed

    def announce(self, call: Call) -> Announcement:
        """Queue the call; returns what will be said."""
        announcement = announcement_for(call, self.settings)
        self._put(announcement)
        return announcement

    def probe(self) -> None:
        """Queue a check that sound can be played (PROBE_SECONDS of silence), so a screen
        with no sound device says so when it starts, not at its first call."""
        if not isinstance(self.speaker, NoSpeaker):
            self._put(None)

    def _put(self, item: Announcement | None) -> None:
        self._queue.put_nowait(item)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="announcer")

    @property
    def pending(self) -> int:
        """Calls queued and not yet taken up."""
        return self._queue.qsize()

    async def wait_idle(self) -> None:
        """Return when everything queued has been said."""
        await self._queue.join()

    async def stop(self) -> None:
        """Stop saying calls (what is being played finishes in its thread)."""
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

    async def _say(self, announcement: Announcement | None) -> None:
        if announcement is not None:
            log.info("announcing %s", announcement.text)
        if isinstance(self.speaker, NoSpeaker):
            return
        try:
            await asyncio.to_thread(self._sound, announcement, self.settings)
        except Silent as exc:
            self._went_silent(exc)
            return
        except Exception:  # a broken speaker must not stop the announcer
            log.exception("announcement of %s failed", announcement.text if announcement else "(probe)")
            return
        if self.silent is not None:
            log.info("sound is back")
            self.silent = None
            if self.on_silent:
                self.on_silent(None)

    def _sound(self, announcement: Announcement | None, settings: AnnounceConfig) -> None:
        """Render and play one call (None: the probe), in a worker thread that owns its files."""
        with tempfile.TemporaryDirectory(prefix="hallq-call-") as tmp:
            path = Path(tmp) / ("call.wav" if announcement is not None else "probe.wav")
            if announcement is None:
                write_wav(path, silence(PROBE_SECONDS, 1, 22050))
            else:
                render_call(announcement, self.speaker, path, settings, self.pause)
            self.player.play(path)

    def _went_silent(self, exc: Silent) -> None:
        if self.silent is None:
            self.silent = exc.reason
            log.warning("announcements are silent: %s", exc)
            if self.on_silent:
                self.on_silent(exc.reason)


def announcer_settings(announce: AnnounceConfig, *, repeat: int | None = None,
                       english: bool | None = None) -> AnnounceConfig:
    """The hall's [announce] settings with the command line's --repeat and --english over them."""
    return replace(announce, repeat=repeat or announce.repeat,
                   english=announce.english if english is None else english)
