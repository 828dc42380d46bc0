import asyncio
import threading
import time
import wave
from datetime import datetime
from pathlib import Path

import pytest

from hallq.db.models import Call
from hallq.display import announcer as ann
from hallq.display.announcer import (
    Announcer,
    ClipsSpeaker,
    EspeakSpeaker,
    NoSpeaker,
    Silent,
    Utterance,
    announcement_for,
    join_wavs,
    window_zh,
)


def call(number="A001", window=3, recall=False, event_id=1):
    return Call(event_id, datetime(2026, 11, 25, 9, 30), number, window, f"综合窗口{window}", number[0], recall)


class FakeSpeaker:
    """Records what it says and when; each utterance 'plays' for `seconds`."""

    def __init__(self, seconds=0.03):
        self.seconds = seconds
        self.said: list[tuple[str, float, float]] = []
        self.lock = threading.Lock()
        self.speaking = 0
        self.overlaps = 0

    def speak(self, utterance):
        with self.lock:
            self.speaking += 1
            self.overlaps += self.speaking > 1
        start = time.monotonic()
        time.sleep(self.seconds)  # the length of the sound being played
        end = time.monotonic()
        with self.lock:
            self.speaking -= 1
            self.said.append((utterance.text, start, end))

    @property
    def texts(self):
        return [text for text, _, _ in self.said]


def test_the_announcement_text_and_what_is_spoken():
    a = announcement_for(call("A001", 3))
    assert a.text == "请A001号到3号窗口办理"
    assert [u.text for u in a.utterances] == ["请A零零一号到三号窗口办理"]
    en = announcement_for(call("M016", 15), english=True)
    assert [u.text for u in en.utterances] == [
        "请M零一六号到十五号窗口办理", "number M zero one six please go to window one five"]


@pytest.mark.parametrize("n, spoken", [(1, "一"), (10, "十"), (15, "十五"), (20, "二十"), (42, "四十二"),
                                       (100, "一百"), (105, "一百零五"), (120, "一百二十"), (999, "九百九十九")])
def test_window_numbers_are_read_as_counts(n, spoken):
    assert Utterance("zh", window_zh(n)).text == spoken


async def test_calls_are_said_in_order_repeated_and_never_overlap():
    speaker = FakeSpeaker()
    announcer = Announcer(speaker, repeat=2, pause=0.01)
    for i, number in enumerate(["A001", "B001", "M016"]):
        announcer.announce(call(number, 3 + i, event_id=i))
    assert announcer.pending == 3
    await asyncio.wait_for(announcer.wait_idle(), 2)
    assert speaker.texts == ["请A零零一号到三号窗口办理"] * 2 + ["请B零零一号到四号窗口办理"] * 2 + [
        "请M零一六号到五号窗口办理"] * 2
    assert speaker.overlaps == 0
    for (_, _, end), (_, start, _) in zip(speaker.said, speaker.said[1:], strict=False):
        assert start >= end
    # the pause between the two times of one call
    assert speaker.said[1][1] - speaker.said[0][2] >= 0.009
    await announcer.stop()


async def test_a_burst_of_calls_loses_none_and_a_recall_is_said_again():
    speaker = FakeSpeaker(seconds=0.005)
    announcer = Announcer(speaker, repeat=1, pause=0)
    announcer.announce(call("A001"))
    for i in range(2, 12):
        announcer.announce(call(f"A{i:03d}", event_id=i))
    announcer.announce(call("A001", recall=True, event_id=99))
    await asyncio.wait_for(announcer.wait_idle(), 2)
    assert len(speaker.texts) == 12
    assert speaker.texts[0] == speaker.texts[-1] == "请A零零一号到三号窗口办理"
    assert speaker.overlaps == 0
    await announcer.stop()


async def test_english_follows_chinese_each_time():
    speaker = FakeSpeaker(seconds=0.001)
    announcer = Announcer(speaker, repeat=2, english=True, pause=0)
    announcer.announce(call("A001", 3))
    await asyncio.wait_for(announcer.wait_idle(), 2)
    assert [t[:6] for t in speaker.texts] == ["请A零零一号", "number", "请A零零一号", "number"]
    await announcer.stop()


async def test_no_sound_device_is_reported_once_and_announcing_goes_on():
    reasons = []

    class Deaf:
        def __init__(self):
            self.tries = 0

        def speak(self, utterance):
            self.tries += 1
            raise Silent("no audio player (aplay or paplay) installed")

    speaker = Deaf()
    announcer = Announcer(speaker, repeat=2, pause=0, on_silent=reasons.append)
    for i in range(3):
        announcer.announce(call(f"A00{i}", event_id=i))
    await asyncio.wait_for(announcer.wait_idle(), 2)
    assert reasons == ["no audio player (aplay or paplay) installed"]
    assert speaker.tries == 3  # each call tried (once: no repeat into silence)
    await announcer.stop()


async def test_a_broken_speaker_does_not_stop_the_queue():
    class Flaky(FakeSpeaker):
        def speak(self, utterance):
            if "A001" in utterance.text or "零零一" in utterance.text:
                raise RuntimeError("boom")
            super().speak(utterance)

    speaker = Flaky(seconds=0.001)
    announcer = Announcer(speaker, repeat=1, pause=0)
    announcer.announce(call("A001"))
    announcer.announce(call("A002", event_id=2))
    await asyncio.wait_for(announcer.wait_idle(), 2)
    assert speaker.texts == ["请A零零二号到三号窗口办理"]
    await announcer.stop()


def tone(path: Path, seconds: float, rate=22050, channels=1) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x01\x02" * channels * int(rate * seconds))


def frames(path: Path) -> int:
    with wave.open(str(path), "rb") as w:
        return w.getnframes()


def test_join_wavs_concatenates_with_gaps(tmp_path):
    parts = [tmp_path / "a.wav", tmp_path / "b.wav", tmp_path / "c.wav"]
    for p, s in zip(parts, (0.1, 0.2, 0.3), strict=True):
        tone(p, s)
    join_wavs(parts, tmp_path / "out.wav", gap=0.05)
    assert frames(tmp_path / "out.wav") == 2205 + 4410 + 6615 + 2 * 1102
    with wave.open(str(tmp_path / "out.wav"), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)


def test_join_wavs_refuses_mixed_formats(tmp_path):
    tone(tmp_path / "a.wav", 0.1)
    tone(tmp_path / "b.wav", 0.1, rate=16000)
    with pytest.raises(ValueError, match="16000 Hz"):
        join_wavs([tmp_path / "a.wav", tmp_path / "b.wav"], tmp_path / "out.wav")


def test_clips_speaker_joins_the_clips_of_an_announcement(tmp_path):
    for lang in ("zh", "en"):
        (tmp_path / lang).mkdir()
        for clip in ann.CLIP_TEXTS[lang]:
            tone(tmp_path / lang / f"{clip}.wav", 0.01 if clip.isdigit() else 0.02)
    played = []
    speaker = ClipsSpeaker(tmp_path, player=lambda p: played.append(frames(p)))
    speaker.speak(announcement_for(call("M016", 15)).utterances[0])
    # 请 M 零 一 六 号到 十 五 号窗口办理: 4 digit clips of 0.01 s, 5 others of 0.02 s
    assert played == [4 * 220 + 5 * 441]


def test_clips_speaker_says_how_to_record_missing_clips(tmp_path):
    with pytest.raises(ValueError, match="make-clips"):
        ClipsSpeaker(tmp_path)


def test_a_real_espeak_announcement_has_a_plausible_length(tmp_path):
    kept = []

    def keep(path):
        kept.append(frames(path) / 22050)

    EspeakSpeaker(player=keep).speak(announcement_for(call("M016", 15)).utterances[0])
    assert 2.0 < kept[0] < 10.0  # about a dozen syllables at 140 words a minute


def test_make_clips_records_a_usable_set(tmp_path):
    count = ann.make_clips(tmp_path, langs=("zh",))
    assert count == len(ann.CLIP_TEXTS["zh"])
    out = tmp_path / "joined.wav"
    ClipsSpeaker(tmp_path).render(announcement_for(call("A001", 3)).utterances[0], out)
    assert 1.0 < frames(out) / 22050 < 15.0


def test_no_speaker_is_silent_and_fine():
    NoSpeaker().speak(announcement_for(call()).utterances[0])


def test_play_without_a_player_is_silent(monkeypatch, tmp_path):
    monkeypatch.setattr(ann.shutil, "which", lambda name: None)
    with pytest.raises(Silent, match="no audio player"):
        ann.play(tmp_path / "x.wav")
