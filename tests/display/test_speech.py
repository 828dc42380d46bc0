"""What a call says: one template for the screen line and the spoken line, numbers read
digit by digit, windows as counts, letters by name, and the proof that espeak-ng speaks
it as Mandarin: its phonemes (`espeak-ng -x`) have no switch to English and are, syllable
by syllable, the pinyin that was meant."""
import re
import subprocess
from datetime import datetime

import pytest

from hallq.db.config import AnnounceConfig, demo_text, load_demo, parse_config
from hallq.db.models import Call
from hallq.display.announcer import EspeakSpeaker
from hallq.display.speech import (
    Utterance,
    announcement_for,
    count_words,
    needed_clips,
    screen_line,
    spoken,
)


def call(number="A001", window=3, name=None):
    return Call(1, datetime(2026, 11, 25, 9, 30), number, window, name or f"综合窗口{window}", number[0], False)


# ---------------------------------------------------------------- one template, two lines
def test_one_template_makes_the_screen_line_and_the_spoken_line():
    a = announcement_for(call("A001", 3))
    assert a.line == screen_line(call("A001", 3), AnnounceConfig()) == "请A001号到3号窗口办理"
    assert [u.text for u in a.utterances] == ["请A零零一号到三号窗口办理"]
    assert a.utterances[0].espeak_text == "qing3 ei1 ling2 ling2 yi1 hao4 dao4 san1 hao4 chuang1 kou3 ban4 li3"


def test_a_hall_template_with_window_names_is_shown_and_said_alike():
    hall = AnnounceConfig(template="请{number}号，到{window_name}办理")
    a = announcement_for(call("B010", 10, "一件事窗口10"), hall)
    assert a.line == "请B010号，到一件事窗口10办理"
    assert a.utterances[0].text == "请B零一零号，到一件事窗口十办理"
    assert a.utterances[0].clips == ("请", "B", "零", "一", "零", "号", "到", "一件事窗口10", "办理")
    assert a.utterances[0].espeak_text == ("qing3 bi4 ling2 yi1 ling2 hao4 , dao4 yi1 jian4 shi4 chuang1 kou3 shi2"
                                           " ban4 li3")


def test_the_english_line_and_voice_read_window_ten_as_ten():
    a = announcement_for(call("A010", 10), english=True)
    assert screen_line(call("A010", 10), AnnounceConfig(), "en") == "Number A010, please go to window 10"
    assert a.utterances[1].text == "Number A zero one zero, please go to window ten"
    assert "one zero" not in a.utterances[1].text.split("window")[1]


@pytest.mark.parametrize("n, zh, en", [
    (1, "一", "one"), (10, "十", "ten"), (11, "十一", "eleven"), (15, "十五", "fifteen"), (20, "二十", "twenty"),
    (42, "四十二", "forty two"), (100, "一百", "one hundred"), (105, "一百零五", "one hundred five"),
    (110, "一百一十", "one hundred ten"), (120, "一百二十", "one hundred twenty"),
    (999, "九百九十九", "nine hundred ninety nine")])
def test_window_numbers_are_read_as_counts(n, zh, en):
    assert Utterance("zh", tuple(count_words(n, "zh"))).text == zh
    assert Utterance("en", tuple(count_words(n, "en"))).text == en


def test_ticket_numbers_are_read_digit_by_digit():
    assert spoken(call("A001"), AnnounceConfig(), "zh").text.startswith("请A零零一号")
    assert spoken(call("B100"), AnnounceConfig(), "zh").text.startswith("请B一零零号")


def test_letters_have_their_usual_names_unless_the_hall_names_them():
    assert spoken(call("F999"), AnnounceConfig(), "zh").words[1].say == "ai4 fu5"
    hall = parse_config(demo_text() + '\n[announce.letters]\nF = "fu2"\n')
    assert spoken(call("F999"), hall.announce, "zh").words[1].say == "fu2"
    assert spoken(call("F999"), hall.announce, "en").words[1].say == "[['Ef]]"


def test_the_clips_a_hall_needs():
    config = load_demo()
    zh = needed_clips(config)["zh"]
    assert set(zh) == {"请", "号", "到", "窗口", "办理", "十", *"零一二三四五六七八九", *"ABCDEF"}
    named = parse_config(demo_text().replace('template = "请{number}号到{window}号窗口办理"',
                                             'template = "请{number}号到{window_name}办理"'))
    zh = needed_clips(named)["zh"]
    assert "综合窗口1" in zh and zh["不动产窗口11"].text == "不动产窗口十一" and "十" not in zh


# ---------------------------------------------------------------- the phonemes espeak-ng says
#: espeak-ng's phonemes (its -x notation, stress marks and tone numbers taken out) of each
#: Mandarin syllable these calls use, as its cmn voices say them: p/ph are b/p, t/th d/t,
#: tS;/tS;h j/q, s. sh, ts.h ch, X h.
PHONEMES = {
    "tS;hiN": "qing", "ei": "ei", "liN": "ling", "ji": "yi", "@r": "er", "san": "san", "si[": "si", "wu": "wu",
    "liou": "liu", "tS;hi": "qi", "pA": "ba", "tS;iou": "jiu", "s.i.": "shi", "pai": "bai", "XAu": "hao",
    "tAu": "dao", "ts.hwAN": "chuang", "khou": "kou", "pan": "ban", "li": "li", "pi": "bi", "ai": "ai", "fu": "fu",
    "tsong": "zong", "Xo-": "he",
}
#: the pitch contours espeak-ng gives each tone (a third tone is 21 before another tone,
#: 214 at the end and 35 before another third tone; the neutral tone is low and level)
CONTOURS = {"1": {"55"}, "2": {"35"}, "3": {"21", "214", "35"}, "4": {"51"}, "5": {"11", "22", "33", ""}}

NUMBERS = {"A001": "ei1 ling2 ling2 yi1", "A010": "ei1 ling2 yi1 ling2", "B100": "bi4 yi1 ling2 ling2",
           "F999": "ai4 fu5 jiu3 jiu3 jiu3"}
WINDOWS = {1: "yi1", 10: "shi2", 11: "shi2 yi1", 20: "er4 shi2", 100: "yi1 bai3"}
#: every announcement template of the project: the default, the demo hall's, and one with window names
TEMPLATES = {
    "default": (None, "qing3 {number} hao4 dao4 {window} hao4 chuang1 kou3 ban4 li3"),
    "demo hall": (load_demo().announce.template, "qing3 {number} hao4 dao4 {window} hao4 chuang1 kou3 ban4 li3"),
    "window names": ("请{number}号，到{window_name}办理",
                     "qing3 {number} hao4 dao4 zong1 he2 chuang1 kou3 {window} ban4 li3"),
}


def phonemes(utterance: Utterance) -> str:
    """What espeak-ng says for the utterance, exactly as the announcer runs it, in phonemes."""
    argv = EspeakSpeaker().command(utterance)
    done = subprocess.run([*argv[:-1], "-x", "-q", argv[-1]], capture_output=True, text=True, timeout=30, check=True)
    return done.stdout


def heard(phoneme_text: str) -> list[str]:
    """The phonemes read back as pinyin syllables with their tone contours: ["qing21", …].

    Raises:
        AssertionError: a language switch, or a syllable that is not one of PHONEMES.
    """
    assert "(" not in phoneme_text, f"espeak-ng switched language: {phoneme_text}"
    out = []
    for token in phoneme_text.split():
        token = re.sub(r"_[|:!]*$|^_+", "", token)
        if not token:
            continue
        contour = "".join(re.findall(r"\d", token))
        segments = re.sub(r"[\d',]", "", token)
        assert segments in PHONEMES, f"not a Mandarin syllable of this call: {token!r} in {phoneme_text!r}"
        out.append(PHONEMES[segments] + contour)
    return out


def matches(heard_syllables: list[str], pinyin: str) -> bool:
    expected = pinyin.split()
    if len(heard_syllables) != len(expected):
        return False
    for got, want in zip(heard_syllables, expected, strict=True):
        base, contour = re.match(r"([a-z]+)(\d*)", got).groups()
        if base != want[:-1] or contour not in CONTOURS[want[-1]]:
            return False
    return True


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("window", WINDOWS)
def test_every_call_is_spoken_as_mandarin(template, number, window):
    own, expected = TEMPLATES[template]
    utterance = spoken(call(number, window), AnnounceConfig(template=own), "zh")
    pinyin = expected.format(number=NUMBERS[number], window=WINDOWS[window])
    syllables = heard(phonemes(utterance))
    assert matches(syllables, pinyin), f"{utterance.text}: heard {syllables}, meant {pinyin}"


#: espeak-ng's English phonemes, stress marks left out
EN_WINDOWS = {1: "w0n", 10: "tEn", 11: "I2lEv@n", 20: "twEnti", 100: "w0n hVndrI2d"}
EN_NUMBERS = {"A001": "eI zi@roU zi@roU w0n", "A010": "eI zi@roU w0n zi@roU", "B100": "bi: w0n zi@roU zi@roU",
              "F999": "Ef naIn naIn naIn"}


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("window", WINDOWS)
def test_every_english_call_stays_english_and_reads_windows_as_counts(number, window):
    said = phonemes(spoken(call(number, window), AnnounceConfig(), "en"))
    assert "(" not in said, f"espeak-ng switched language: {said}"
    flat = re.sub(r"[',]", "", " ".join(said.split()))
    assert re.match(rf"nVmb3(r-)? {re.escape(EN_NUMBERS[number])} pli:z goU t@ wIndoU", flat), flat
    assert flat.endswith(f"wIndoU {EN_WINDOWS[window]}"), flat


def test_the_check_fails_on_the_voice_the_issue_heard():
    """espeak-ng's `cmn` voice given the hanzi, as before: the check must not pass."""
    utterance = spoken(call("A001", 3), AnnounceConfig(), "zh")
    done = subprocess.run(["espeak-ng", "-v", "cmn", "-x", "-q", utterance.text], capture_output=True, text=True,
                          timeout=30)
    with pytest.raises(AssertionError):
        heard(done.stdout)
    pinyin_as_english = subprocess.run(["espeak-ng", "-v", "cmn", "-x", "-q", utterance.espeak_text],
                                       capture_output=True, text=True, timeout=30)
    with pytest.raises(AssertionError):
        heard(pinyin_as_english.stdout)
