"""Spoken calls: the sound of a call (chime, sentence, repeats), the queue that says calls
one by one, recorded clips and their fallback, and real players (aplay) on a null or file
sink. What is said (the words, the phonemes) is tested in test_speech.py."""
import asyncio
import logging
import math
import shutil
import threading
import time
import wave
from array import array
from datetime import datetime
from pathlib import Path

import pytest

from hallq.db.config import AnnounceConfig, load_demo
from hallq.db.models import Call
from hallq.display import announcer as ann
from hallq.display import texts as T
from hallq.display.announcer import (
    Announcer,
    Audio,
    ClipsSpeaker,
    CommandPlayer,
    EspeakSpeaker,
    NoSpeaker,
    Silent,
    chime,
    join_wavs,
    read_wav,
    render_call,
    write_wav,
)
from hallq.display.speech import Utterance, announcement_for, needed_clips

SPEECH = 20000  # the sample value of FakeSpeaker's "speech": louder than the chime ever is


def call(number="A001", window=3, recall=False, event_id=1):
    return Call(event_id, datetime(2026, 11, 25, 9, 30), number, window, f"综合窗口{window}", number[0], recall)


def tone(path: Path, seconds: float, rate=22050, channels=1, value=SPEECH) -> None:
    write_wav(path, Audio(array("h", [value] * int(rate * seconds) * channels), channels, rate))


def frames(path: Path) -> int:
    with wave.open(str(path), "rb") as w:
        return w.getnframes()


def runs(samples, value=SPEECH) -> int:
    """How many separate runs of `value` there are (FakeSpeaker's sentences in a call's sound)."""
    count, inside = 0, False
    for s in samples:
        if s == value and not inside:
            count += 1
        inside = s == value
    return count


class FakeSpeaker:
    """'Says' a sentence as `seconds` of a constant sample; records what it was asked to say."""

    def __init__(self, seconds=0.02, rate=22050):
        self.seconds, self.rate = seconds, rate
        self.said: list[str] = []

    def render(self, utterance, out):
        self.said.append(utterance.text)
        tone(Path(out), self.seconds, self.rate)

    @property
    def texts(self):
        return self.said


class FakePlayer:
    """'Plays' a file for `seconds`; records each call's sound and when it was played."""

    def __init__(self, seconds=0.02):
        self.seconds = seconds
        self.played: list[tuple[Audio, float, float]] = []
        self.probes = 0
        self.lock = threading.Lock()
        self.playing = 0
        self.overlaps = 0

    def play(self, path):
        if Path(path).name == "probe.wav":
            self.probes += 1
            return
        audio = read_wav(Path(path))
        with self.lock:
            self.playing += 1
            self.overlaps += self.playing > 1
        start = time.monotonic()
        time.sleep(self.seconds)  # the length of the sound being played
        end = time.monotonic()
        with self.lock:
            self.playing -= 1
            self.played.append((audio, start, end))


# ---------------------------------------------------------------- a call's sound
def test_a_call_sounds_like_the_chime_then_the_sentence_repeated(tmp_path):
    speaker = FakeSpeaker(seconds=0.1)
    out = tmp_path / "call.wav"
    parts = render_call(announcement_for(call()), speaker, out, AnnounceConfig(repeat=3), pause=0.2)
    assert [p.kind for p in parts] == ["chime", "pause", "speech", "pause", "speech", "pause", "speech"]
    assert speaker.texts == ["请A零零一号到三号窗口办理"]  # said once, repeated in the sound
    audio = read_wav(out)
    bell = chime(1, 22050)
    assert audio.samples[:len(bell.samples)] == bell.samples  # the chime comes first
    assert runs(audio.samples) == 3
    for p in parts:
        piece = audio.samples[p.start:p.start + p.frames]
        if p.kind == "speech":
            assert set(piece) == {SPEECH}
        elif p.kind == "pause":
            assert set(piece) == {0}
    assert audio.frames == sum(p.frames for p in parts)
    assert parts[3].frames == int(0.2 * 22050)


def test_english_follows_chinese_each_time_and_the_chime_can_be_off(tmp_path):
    speaker = FakeSpeaker()
    parts = render_call(announcement_for(call(), english=True), speaker, tmp_path / "c.wav",
                        AnnounceConfig(repeat=2, chime=False))
    assert [(p.kind, p.lang) for p in parts if p.kind != "pause"] == [("speech", "zh"), ("speech", "en")] * 2
    assert speaker.texts == ["请A零零一号到三号窗口办理", "Number A zero zero one, please go to window three"]
    assert read_wav(tmp_path / "c.wav").samples[0] == SPEECH  # no chime


def test_the_volume_scales_chime_and_speech(tmp_path):
    render_call(announcement_for(call()), FakeSpeaker(), tmp_path / "full.wav", AnnounceConfig(repeat=1))
    render_call(announcement_for(call()), FakeSpeaker(), tmp_path / "half.wav", AnnounceConfig(repeat=1, volume=50))
    full, half = read_wav(tmp_path / "full.wav"), read_wav(tmp_path / "half.wav")
    assert max(half.samples) == pytest.approx(max(full.samples) / 2, abs=1)
    assert runs(half.samples, SPEECH // 2) == 1


def test_the_chime_is_two_tones_high_then_low():
    bell = chime(1, 22050)
    (f1, s1), (f2, s2) = ann.CHIME_TONES
    assert f1 > f2 and 0.5 < bell.seconds < 1.5
    first, second = bell.samples[:int(s1 * 22050)], bell.samples[int(s1 * 22050):]

    def pitch(samples):  # from the zero crossings of the strongest part
        part = samples[len(samples) // 10:len(samples) // 2]
        crossings = sum(1 for a, b in zip(part, part[1:], strict=False) if a < 0 <= b)
        return crossings / (len(part) / 22050)

    assert pitch(first) == pytest.approx(f1, rel=0.05)
    assert pitch(second) == pytest.approx(f2, rel=0.05)
    assert max(abs(s) for s in bell.samples) < 32767 * 0.5  # not clipped


def test_stereo_chime_for_stereo_speech(tmp_path):
    render_call(announcement_for(call()), FakeSpeaker(rate=44100), tmp_path / "c.wav", AnnounceConfig(repeat=1))
    audio = read_wav(tmp_path / "c.wav")
    assert (audio.channels, audio.rate) == (1, 44100)


def test_join_wavs_concatenates_with_gaps_and_converts_formats(tmp_path):
    parts = [tmp_path / "a.wav", tmp_path / "b.wav", tmp_path / "c.wav"]
    tone(parts[0], 0.1)
    tone(parts[1], 0.2, rate=44100, channels=2)  # a clip recorded at another rate, in stereo
    tone(parts[2], 0.3)
    join_wavs(parts, tmp_path / "out.wav", gap=0.05)
    out = read_wav(tmp_path / "out.wav")
    assert (out.channels, out.rate) == (1, 22050)
    assert out.frames == pytest.approx(2205 + 4410 + 6615 + 2 * 1102, abs=2)
    assert runs(out.samples) == 3


def test_8_24_and_32_bit_clips_are_read(tmp_path):
    for width, sample in ((1, bytes([128 + 4])), (3, (SPEECH << 8).to_bytes(3, "little", signed=True)),
                          (4, (SPEECH << 16).to_bytes(4, "little", signed=True))):
        path = tmp_path / f"{width}.wav"
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(width)
            w.setframerate(16000)
            w.writeframes(sample * 100)
        audio = read_wav(path)
        assert audio.frames == 100 and audio.rate == 16000
        assert set(audio.samples) == {4 << 8 if width == 1 else SPEECH}


def test_a_file_that_is_not_a_wav_is_refused(tmp_path):
    (tmp_path / "x.wav").write_bytes(b"ID3 an mp3 file really")
    with pytest.raises(ValueError, match="not a PCM WAV"):
        read_wav(tmp_path / "x.wav")


# ---------------------------------------------------------------- the queue
async def test_calls_are_said_in_order_and_never_overlap():
    speaker, player = FakeSpeaker(), FakePlayer()
    announcer = Announcer(speaker, player, AnnounceConfig(repeat=2), pause=0.01)
    for i, number in enumerate(["A001", "B001", "M016"]):
        announcer.announce(call(number, 3 + i, event_id=i))
    assert announcer.pending == 3
    await asyncio.wait_for(announcer.wait_idle(), 5)
    assert speaker.texts == ["请A零零一号到三号窗口办理", "请B零零一号到四号窗口办理", "请M零一六号到五号窗口办理"]
    assert [runs(audio.samples) for audio, _, _ in player.played] == [2, 2, 2]  # each said twice
    assert player.overlaps == 0
    for (_, _, end), (_, start, _) in zip(player.played, player.played[1:], strict=False):
        assert start >= end
    await announcer.stop()


async def test_a_burst_of_calls_loses_none_and_a_recall_is_said_again():
    speaker, player = FakeSpeaker(seconds=0.005), FakePlayer(seconds=0.001)
    announcer = Announcer(speaker, player, repeat=1, pause=0)
    announcer.announce(call("A001"))
    for i in range(2, 12):
        announcer.announce(call(f"A{i:03d}", event_id=i))
    announcer.announce(call("A001", recall=True, event_id=99))
    await asyncio.wait_for(announcer.wait_idle(), 5)
    assert len(speaker.texts) == len(player.played) == 12
    assert speaker.texts[0] == speaker.texts[-1] == "请A零零一号到三号窗口办理"
    await announcer.stop()


async def test_the_hall_settings_and_the_command_line_overrides():
    speaker, player = FakeSpeaker(), FakePlayer(seconds=0)
    hall = AnnounceConfig(repeat=3, template="请{number}号到{window_name}办理")
    announcer = Announcer(speaker, player, hall, repeat=1, english=True, pause=0)
    assert announcer.announce(call("A001", 3)).line == "请A001号到综合窗口3办理"
    await asyncio.wait_for(announcer.wait_idle(), 5)
    assert speaker.texts == ["请A零零一号到综合窗口三办理", "Number A zero zero one, please go to window three"]
    assert runs(player.played[0][0].samples) == 2  # once (--repeat 1), in two languages
    announcer.configure(AnnounceConfig(repeat=4, template="{number}请到{window}号窗口"))
    assert announcer.settings.repeat == 1 and announcer.settings.english  # the overrides stay
    assert announcer.announce(call("B002", 9)).line == "B002请到9号窗口"
    await asyncio.wait_for(announcer.wait_idle(), 5)
    await announcer.stop()


async def test_a_config_reload_changes_the_speed_of_the_voice(tmp_path):
    """A hall that slows its voice in hall.toml hears it at the next call, fallback voice included."""
    espeak = EspeakSpeaker(175)
    clips = ClipsSpeaker(tmp_path, fallback=EspeakSpeaker(175))
    for speaker in (espeak, clips):
        announcer = Announcer(speaker, FakePlayer(seconds=0), AnnounceConfig(speed=175))
        announcer.configure(AnnounceConfig(speed=120))
    assert espeak.speed == clips.fallback.speed == 120
    utterance = announcement_for(call()).utterances[0]
    espeak.render(utterance, tmp_path / "slow.wav")
    EspeakSpeaker(175).render(utterance, tmp_path / "fast.wav")
    assert frames(tmp_path / "slow.wav") > 1.2 * frames(tmp_path / "fast.wav")


async def test_no_sound_is_reported_once_and_again_only_after_it_worked():
    reasons = []

    class Flaky(FakePlayer):
        deaf = True

        def play(self, path):
            if self.deaf:
                raise Silent(T.NO_DEVICE(device="default"), "aplay: audio open error")
            super().play(path)

    player = Flaky(seconds=0)
    announcer = Announcer(FakeSpeaker(), player, repeat=2, pause=0, on_silent=reasons.append)
    announcer.probe()
    for i in range(3):
        announcer.announce(call(f"A00{i}", event_id=i))
    await asyncio.wait_for(announcer.wait_idle(), 5)
    assert len(reasons) == 1 and reasons[0].is_from(T.NO_DEVICE)
    assert announcer.silent is reasons[0]
    player.deaf = False
    announcer.announce(call("A009", event_id=9))
    await asyncio.wait_for(announcer.wait_idle(), 5)
    assert reasons[1:] == [None] and announcer.silent is None
    await announcer.stop()


async def test_a_broken_speaker_does_not_stop_the_queue():
    class Flaky(FakeSpeaker):
        def render(self, utterance, out):
            if "零零一" in utterance.text:
                raise RuntimeError("boom")
            super().render(utterance, out)

    speaker, player = Flaky(), FakePlayer(seconds=0)
    announcer = Announcer(speaker, player, repeat=1, pause=0)
    announcer.announce(call("A001"))
    announcer.announce(call("A002", event_id=2))
    await asyncio.wait_for(announcer.wait_idle(), 5)
    assert speaker.texts == ["请A零零二号到三号窗口办理"] and len(player.played) == 1
    await announcer.stop()


async def test_no_speaker_plays_nothing_not_even_a_probe():
    player = FakePlayer(seconds=0)
    announcer = Announcer(NoSpeaker(), player)
    announcer.probe()
    announcer.announce(call())
    await asyncio.wait_for(announcer.wait_idle(), 5)
    assert player.played == [] and player.probes == 0
    await announcer.stop()


# ---------------------------------------------------------------- recorded clips
def make_pack(folder: Path, config, langs=("zh",), seconds=0.01, **tone_args):
    for lang, words in needed_clips(config, langs).items():
        (folder / lang).mkdir(parents=True, exist_ok=True)
        for clip in words:
            tone(folder / lang / f"{clip}.wav", seconds, **tone_args)


class Counting(FakeSpeaker):
    """The fallback voice: counts what it had to say."""


def test_clips_speaker_joins_the_clips_of_a_sentence(tmp_path):
    make_pack(tmp_path, load_demo(), rate=16000)
    fallback = Counting()
    speaker = ClipsSpeaker(tmp_path, fallback=fallback)
    utterance = announcement_for(call("A010", 15)).utterances[0]
    assert utterance.clips == ("请", "A", "零", "一", "零", "号", "到", "十", "五", "号", "窗口", "办理")
    speaker.render(utterance, tmp_path / "out.wav")
    assert frames(tmp_path / "out.wav") == 12 * 160
    assert fallback.texts == []


def test_a_missing_or_unreadable_clip_falls_back_to_tts_with_a_warning(tmp_path, caplog):
    make_pack(tmp_path, load_demo())
    (tmp_path / "zh" / "窗口.wav").unlink()
    (tmp_path / "zh" / "B.wav").write_bytes(b"not a wav")
    fallback = Counting(seconds=0.5)
    speaker = ClipsSpeaker(tmp_path, fallback=fallback)
    with caplog.at_level(logging.WARNING, logger="hallq.display"):
        speaker.render(announcement_for(call("B001", 9)).utterances[0], tmp_path / "b.wav")
        speaker.render(announcement_for(call("B002", 9)).utterances[0], tmp_path / "b2.wav")
    assert fallback.texts == ["请B零零一号到九号窗口办理", "请B零零二号到九号窗口办理"]
    assert frames(tmp_path / "b.wav") == int(0.5 * 22050)  # spoken, not silent
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 2  # once per clip, not once per call
    assert any("窗口.wav" in w and "missing" in w for w in warned)
    assert any("B.wav" in w and "not a PCM WAV" in w for w in warned)


def test_clips_speaker_wants_an_existing_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        ClipsSpeaker(tmp_path / "nope")


def test_make_clips_records_a_usable_pack_with_espeak(tmp_path):
    config = load_demo()
    count = ann.make_clips(tmp_path, config)
    assert count == len(needed_clips(config)["zh"])
    assert all(c.problem is None for c in ann.check_clips(tmp_path, config))
    fallback = Counting()
    ClipsSpeaker(tmp_path, fallback=fallback).render(announcement_for(call("A001", 3)).utterances[0],
                                                     tmp_path / "joined.wav")
    assert fallback.texts == [] and 1.0 < frames(tmp_path / "joined.wav") / 22050 < 10.0


# ---------------------------------------------------------------- real espeak-ng and aplay
def test_a_real_espeak_sentence_has_a_plausible_length(tmp_path):
    EspeakSpeaker().render(announcement_for(call("M016", 15)).utterances[0], tmp_path / "m.wav")
    assert 2.0 < frames(tmp_path / "m.wav") / 22050 < 8.0  # 15 syllables at 175 a minute


def appending_sink(path: Path) -> str:
    """An ALSA device that writes what aplay plays, as raw samples, to the end of `path`:
    the file plugin piping into `cat >>`, so the calls of one run land one after the other."""
    return f"file:FILE=|cat >>{path},FORMAT=raw"


def played_in_order(sink: Path, sounds: list[array]) -> list[int]:
    """Where each sound starts in what the sink received, each found after the one before.

    Raises:
        AssertionError: a sound is not there, or not after the one before it.
    """
    got, places, at = sink.read_bytes(), [], 0
    for i, sound in enumerate(sounds):
        place = got.find(sound.tobytes(), at)
        assert place >= 0, f"sound {i} ({len(sound)} samples) is not in what aplay played after byte {at}"
        places.append(place // 2)
        at = place + 2 * len(sound)
    return places


@pytest.mark.slow
async def test_calls_play_through_aplay_in_order_with_the_chime_first_and_repeated(tmp_path):
    """The announcer, its real espeak-ng and real aplay processes: what reaches the sound
    device is the probe, then each call in the order they were made, each the chime then
    the sentence twice."""
    if shutil.which("aplay") is None:
        pytest.fail("aplay is not installed: ./run installs alsa-utils")
    sink = tmp_path / "sink.raw"
    player = CommandPlayer("aplay", device=appending_sink(sink))
    settings = AnnounceConfig(repeat=2)
    reasons = []
    announcer = Announcer(EspeakSpeaker(), player, settings, pause=0.3, on_silent=reasons.append)
    announcer.probe()
    calls = [call("A001", 3), call("B100", 10, event_id=2), call("F999", 20, event_id=3)]
    for c in calls:
        announcer.announce(c)
    await asyncio.wait_for(announcer.wait_idle(), 60)
    await announcer.stop()
    assert reasons == [] and announcer.silent is None
    bell = chime(1, 22050).samples
    gap = array("h", bytes(2 * int(ann.AFTER_CHIME * 22050)))
    pause = array("h", bytes(2 * int(0.3 * 22050)))
    expected = []
    for c in calls:  # the sentence, said apart by espeak-ng: the chime, it, a pause, it again
        path = tmp_path / f"{c.number}.wav"
        EspeakSpeaker().render(announcement_for(c, settings).utterances[0], path)
        speech = read_wav(path).samples
        expected.append(bell + gap + speech + pause + speech)
    starts = played_in_order(sink, expected)
    assert starts[0] >= int(ann.PROBE_SECONDS * 22050)  # after the probe's silence
    # nothing else was played in between: each call follows the one before, apart from
    # aplay rounding each file up to whole periods of silence
    for i in range(1, len(starts)):
        between = starts[i] - starts[i - 1] - len(expected[i - 1])
        assert 0 <= between < 22050 // 2, f"{between} samples between call {i} and call {i + 1}"


@pytest.mark.slow
async def test_calls_play_on_the_alsa_null_device_without_a_silence_warning():
    """aplay -D null: the device a hall host without speakers can still be set to."""
    if shutil.which("aplay") is None:
        pytest.fail("aplay is not installed: ./run installs alsa-utils")
    reasons = []
    announcer = Announcer(EspeakSpeaker(), CommandPlayer("aplay", device="null"), AnnounceConfig(repeat=1),
                          on_silent=reasons.append)
    announcer.probe()
    announcer.announce(call("A010", 10))
    await asyncio.wait_for(announcer.wait_idle(), 30)
    await announcer.stop()
    assert reasons == [] and announcer.silent is None


@pytest.mark.slow
def test_aplay_to_a_file_sink_receives_the_chime_then_the_call(tmp_path):
    if shutil.which("aplay") is None:
        pytest.fail("aplay is not installed: ./run installs alsa-utils")
    wav, sink = tmp_path / "call.wav", tmp_path / "sink.raw"
    render_call(announcement_for(call("F999", 20)), EspeakSpeaker(), wav, AnnounceConfig(repeat=1))
    CommandPlayer("aplay", device=f"file:FILE={sink},FORMAT=raw").play(wav)
    played = array("h")
    played.frombytes(sink.read_bytes()[:frames(wav) * 2])
    assert played == read_wav(wav).samples  # what aplay wrote out is the whole call, chime first
    bell = chime(1, 22050).samples
    assert played[:len(bell)] == bell


@pytest.mark.slow
def test_a_missing_device_is_silent_with_the_reason(tmp_path):
    tone(tmp_path / "x.wav", 0.05)
    with pytest.raises(Silent) as err:
        CommandPlayer("aplay", device="hallq_no_such_device").play(tmp_path / "x.wav")
    assert err.value.reason.is_from(T.NO_DEVICE) and err.value.reason.value("device") == "hallq_no_such_device"
    assert "hallq_no_such_device" in err.value.detail or "audio open error" in err.value.detail


def test_play_without_a_player_is_silent(monkeypatch, tmp_path):
    monkeypatch.setattr(ann.shutil, "which", lambda name: None)
    with pytest.raises(Silent) as err:
        ann.find_player().play(tmp_path / "x.wav")
    assert err.value.reason.is_from(T.NO_PLAYER) and err.value.reason.value("package") == "alsa-utils"


def test_the_player_is_named_or_found(monkeypatch):
    assert ann.find_player("paplay", "hall_sink").argv(Path("c.wav")) == ["paplay", "--device=hall_sink", "c.wav"]
    assert ann.find_player("aplay", "plughw:1,0").argv(Path("c.wav")) == ["aplay", "-q", "-D", "plughw:1,0", "c.wav"]
    assert ann.find_player("aplay").argv(Path("c.wav")) == ["aplay", "-q", "c.wav"]
    monkeypatch.setattr(ann.shutil, "which", lambda name: "/usr/bin/paplay" if name == "paplay" else None)
    assert ann.find_player("auto").program == "paplay"


def test_espeak_missing_is_silent(monkeypatch, tmp_path):
    monkeypatch.setattr(ann.shutil, "which", lambda name: None)
    with pytest.raises(Silent) as err:
        EspeakSpeaker().render(Utterance("zh", ()), tmp_path / "x.wav")
    assert err.value.reason.is_from(T.NO_ESPEAK)


def test_no_speaker_is_silent_and_fine(tmp_path):
    NoSpeaker().render(announcement_for(call()).utterances[0], tmp_path / "x.wav")


def test_the_chime_sounds_like_two_tones_not_noise():
    bell = chime(2, 8000)
    left, right = bell.samples[0::2], bell.samples[1::2]
    assert left == right and math.isclose(bell.seconds, sum(s for _, s in ann.CHIME_TONES), abs_tol=0.01)
