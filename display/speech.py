"""What a call says: one template makes the screen's call line and the spoken sentence.

The hall's `[announce] template` ("请{number}号到{window}号窗口办理") is filled twice from
the same call: for the screen with the number as printed (A001, 3, 综合窗口3) and for the
voice with the number read as people read it. A ticket number is read letter by letter
and digit by digit (A001: A 零 零 一); a window number as a count (10: 十, 11: 十一,
100: 一百), and so are the digits in a window's name (综合窗口10: 综合窗口十). So the
screen and the voice can never disagree: they are one template.

The spoken sentence is a tuple of `Word`s, each with what it says, how espeak-ng says
it and the name of its recorded clip. Chinese is spoken as tone-numbered pinyin through
espeak-ng's `cmn-latn-pinyin` voice: espeak-ng's own Chinese voice (`cmn`, 1.51 on
Debian 12) turns hanzi into pinyin but then reads the pinyin's tone digits in English
("qing three") and switches to English for them. Pinyin comes from pypinyin (phrases,
polyphones such as 银行 yin2 hang2, 不 before a fourth tone); digits and counts from the
tables below (a ticket's 一 stays yi1). Letters are said by their usual Chinese names
(A ei1, B bi4, F ai4 fu5, …) unless the hall's `[announce.letters]` says otherwise.
English is spoken with espeak-ng's `en` voice, letters given as phonemes so that "A" is
the letter's name, not the article.

No sound here, no Textual: display.announcer turns Words into WAVs, and the screens
(display.latest_call) take their line from `screen_line`.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import datetime
from itertools import product

from hallq.db.config import AnnounceConfig, HallConfig
from hallq.db.models import Call
from hallq.display import texts as T

LANGS = ("zh", "en")

ZH_DIGITS = "零一二三四五六七八九"
ZH_DIGIT_PINYIN = ("ling2", "yi1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3")

#: a prefix letter's usual spoken name in Chinese halls (the English name, said in
#: Mandarin syllables); a hall overrides any of them in [announce.letters]
ZH_LETTERS: dict[str, str] = {
    "A": "ei1", "B": "bi4", "C": "xi1", "D": "di4", "E": "yi4", "F": "ai4 fu5", "G": "ji4",
    "H": "ei1 qi1", "I": "ai4", "J": "zhei4", "K": "kei4", "L": "ai4 le5", "M": "ai4 mu5",
    "N": "en1", "O": "ou1", "P": "pi4", "Q": "qiu1", "R": "a1 er5", "S": "ai4 si1", "T": "ti4",
    "U": "you1", "V": "wei1", "W": "da2 bu5 liu3", "X": "ai4 ke4 si1", "Y": "wai1", "Z": "zei4",
}
#: the words a Chinese template is cut into, longest first where they overlap; text
#: between them becomes one word of its own (one clip)
ZH_WORDS = ("窗口", "办理", "请", "号", "到")

EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
EN_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen")
EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
#: the English letter names as espeak-ng phonemes ([[...]] in its input): the plain letter
#: "A" before a number would be read as the article
EN_LETTERS: dict[str, str] = {
    "A": "'eI", "B": "b'i:", "C": "s'i:", "D": "d'i:", "E": "'i:", "F": "'Ef", "G": "dZ'i:", "H": "'eItS",
    "I": "'aI", "J": "dZ'eI", "K": "k'eI", "L": "'El", "M": "'Em", "N": "'En", "O": "'oU", "P": "p'i:",
    "Q": "kj'u:", "R": "'A@", "S": "'Es", "T": "t'i:", "U": "j'u:", "V": "v'i:", "W": "d'Vb@Lju:",
    "X": "'Eks", "Y": "w'aI", "Z": "z'Ed",
}

PAUSE_MARKS = set("，。、；：！？,.;:!?")
HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
#: a run of hanzi, a run of digits, a run of other letters, a pause mark, or anything else
PIECES = re.compile(r"(?P<hanzi>[\u3400-\u4dbf\u4e00-\u9fff]+)|(?P<digits>\d+)|(?P<latin>[A-Za-z]+)"
                    r"|(?P<pause>[，。、；：！？,.;:!?])|(?P<other>.)", re.S)


@dataclass(frozen=True)
class Word:
    """One spoken word of an announcement.

    Attributes:
        text: what it says, as written: "号", "A", "零", "综合窗口十", "please go to window".
        say: what espeak-ng is given: pinyin with tone numbers ("hao4") for Chinese,
            words or [[phonemes]] for English; "," for a pause.
        clip: the name of its recorded clip (the file `<clip>.wav` of a voice pack):
            what it says as written, a window's name as configured; "" for a pause.
    """

    text: str
    say: str
    clip: str

    @property
    def pause(self) -> bool:
        """A short pause (a comma in the template), not a word."""
        return not self.clip


PAUSE = Word("，", ",", "")
ZH_TEN = Word("十", "shi2", "十")
ZH_HUNDRED = Word("百", "bai3", "百")
_NEVER = datetime(2000, 1, 1)  # the time of the made-up calls of needed_clips


@dataclass(frozen=True)
class Utterance:
    """One call in one language, as words.

    Attributes:
        lang: "zh" or "en".
        words: the words, pauses included.
    """

    lang: str
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """What is said, as a person would write it: 请A零零一号到十号窗口办理."""
        if self.lang == "zh":
            return "".join(w.text for w in self.words)
        return " ".join(w.text for w in self.words).replace(" ，", ",")

    @property
    def espeak_text(self) -> str:
        """The input for espeak-ng: "qing3 ei1 ling2 ling2 yi1 hao4 …" or English words."""
        return " ".join(w.say for w in self.words)

    @property
    def clips(self) -> tuple[str, ...]:
        """The clip names in order, pauses left out."""
        return tuple(w.clip for w in self.words if not w.pause)


@dataclass(frozen=True)
class Announcement:
    """A call as shown and as spoken.

    Attributes:
        call: the call.
        line: the screen's call line in Chinese (the template filled with the number as printed).
        utterances: what is said, Chinese first, then English when the hall says calls in English too.
    """

    call: Call
    line: str
    utterances: tuple[Utterance, ...]

    @property
    def text(self) -> str:
        """The call line as shown: 请A001号到3号窗口办理."""
        return self.line


# ------------------------------------------------------------------ the template
def template_of(announce: AnnounceConfig, lang: str) -> str:
    """The hall's announcement template in `lang`, else the display's default (T.ANNOUNCEMENT).

    Args:
        announce: the hall's [announce] settings.
        lang: "zh" or "en".
    """
    own = announce.template_en if lang == "en" else announce.template
    return own or T.ANNOUNCEMENT.text(lang)


def screen_line(call: Call, announce: AnnounceConfig, lang: str = "zh") -> str:
    """The call line the screen shows, from the same template the voice says.

    Args:
        call: the call.
        announce: the hall's [announce] settings (its template).
        lang: "zh" or "en".

    Returns:
        E.g. "请A001号到3号窗口办理" or "Number A001, please go to window 3".
    """
    return template_of(announce, lang).format(number=call.number, window=call.window,
                                              window_name=call.window_name)


def announcement_for(call: Call, announce: AnnounceConfig | None = None, english: bool | None = None) -> Announcement:
    """The call as the screen shows it and as the voice says it.

    Args:
        call: the call.
        announce: the hall's [announce] settings; None: the defaults.
        english: also say it in English; None: as `announce.english` says.

    Returns:
        The Announcement: the Chinese call line and one Utterance per language.
    """
    announce = announce or AnnounceConfig()
    say_english = announce.english if english is None else english
    utterances = tuple(spoken(call, announce, lang) for lang in (LANGS if say_english else LANGS[:1]))
    return Announcement(call, screen_line(call, announce, "zh"), utterances)


def spoken(call: Call, announce: AnnounceConfig, lang: str) -> Utterance:
    """The template filled for the voice: the words said for this call in `lang`.

    Args:
        call: the call.
        announce: the hall's [announce] settings (template, letters).
        lang: "zh" or "en".

    Returns:
        The Utterance: literal text cut into words, the number letter by letter and digit
        by digit, the window number as a count, the window's name as one word.
    """
    words: list[Word] = []
    for literal, field, _, _ in string.Formatter().parse(template_of(announce, lang)):
        words += text_words(literal, lang, announce)
        if field == "number":
            words += number_words(call.number, lang, announce)
        elif field == "window":
            words += count_words(call.window, lang)
        elif field == "window_name":
            words += name_words(call.window_name, call.window, lang, announce)
    return Utterance(lang, tuple(words))


# ------------------------------------------------------------------ words
def letter_word(letter: str, lang: str, announce: AnnounceConfig | None = None) -> Word:
    """A letter said by its name: Chinese from the hall's [announce.letters] or ZH_LETTERS.

    Args:
        letter: one letter A–Z (either case).
        lang: "zh" or "en".
        announce: the hall's settings (its letters), or None for the defaults.
    """
    letter = letter.upper()
    if lang == "en":
        return Word(letter, f"[[{EN_LETTERS[letter]}]]", letter)
    own = announce.letter(letter) if announce is not None else None
    return Word(letter, own or ZH_LETTERS[letter], letter)


def digit_word(digit: int, lang: str) -> Word:
    """One digit said on its own: 零 ling2, 一 yi1 … or zero, one …"""
    if lang == "en":
        return Word(EN_DIGITS[digit], EN_DIGITS[digit], EN_DIGITS[digit])
    return Word(ZH_DIGITS[digit], ZH_DIGIT_PINYIN[digit], ZH_DIGITS[digit])


def number_words(number: str, lang: str, announce: AnnounceConfig | None = None) -> list[Word]:
    """A ticket number letter by letter, digit by digit: A001 → A 零 零 一 (A zero zero one).

    Args:
        number: the ticket number as printed; signs other than letters and digits are not said.
        lang: "zh" or "en".
        announce: the hall's settings (its letters).
    """
    words = []
    for ch in number:
        if ch.isdigit() and ch.isascii():
            words.append(digit_word(int(ch), lang))
        elif ch.isascii() and ch.isalpha():
            words.append(letter_word(ch, lang, announce))
    return words


def count_words(n: int, lang: str) -> list[Word]:
    """A number said as a count, as a window number is: 十, 十一, 二十, 一百零五;
    ten, eleven, twenty, one hundred five.

    Args:
        n: 0–999 (window numbers are 1–999).
        lang: "zh" or "en".

    Raises:
        ValueError: n outside 0–999.
    """
    if not 0 <= n <= 999:
        raise ValueError(f"{n} is not 0–999")
    if lang == "en":
        return [Word(w, w, w) for w in _count_en(n)]
    ten, hundred = ZH_TEN, ZH_HUNDRED
    if n < 10:
        return [digit_word(n, lang)]
    if n < 20:
        return [ten] + ([digit_word(n - 10, lang)] if n > 10 else [])
    if n < 100:
        tens, ones = divmod(n, 10)
        return [digit_word(tens, lang), ten] + ([digit_word(ones, lang)] if ones else [])
    hundreds, rest = divmod(n, 100)
    out = [digit_word(hundreds, lang), hundred]
    if rest == 0:
        return out
    if rest < 10:
        return out + [digit_word(0, lang), digit_word(rest, lang)]
    tens, ones = divmod(rest, 10)  # 110: 一百一十, the ten said with its 一
    return out + [digit_word(tens, lang), ten] + ([digit_word(ones, lang)] if ones else [])


def _count_en(n: int) -> list[str]:
    if n < 10:
        return [EN_DIGITS[n]]
    if n < 20:
        return [EN_TEENS[n - 10]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [EN_TENS[tens]] + ([EN_DIGITS[ones]] if ones else [])
    hundreds, rest = divmod(n, 100)
    return [EN_DIGITS[hundreds], "hundred"] + (_count_en(rest) if rest else [])


def name_words(name: str, window: int, lang: str, announce: AnnounceConfig | None = None) -> list[Word]:
    """A window's name as one word (one clip): 综合窗口10 is said 综合窗口十.

    English cannot say a Chinese name: it says "window" and the window's number instead.

    Args:
        name: the window's name as configured.
        window: its number (for English when the name has hanzi).
        lang: "zh" or "en".
        announce: the hall's settings (its letters).
    """
    if lang == "en" and HANZI.search(name):
        return [Word("window", "window", "window")] + count_words(window, lang)
    parts = [w for w in text_words(name, lang, announce, split=False) if not w.pause]
    if not parts:
        return []
    return [Word("".join(w.text for w in parts) if lang == "zh" else " ".join(w.text for w in parts),
                 " ".join(w.say for w in parts), name)]


def text_words(text: str, lang: str, announce: AnnounceConfig | None = None, split: bool = True) -> list[Word]:
    """Literal text said as it is written: hanzi as pinyin (pypinyin), digits as counts,
    letters by name, punctuation as a pause.

    Args:
        text: a piece of a template or a name.
        lang: "zh" or "en".
        announce: the hall's settings (its letters).
        split: cut Chinese into the words of ZH_WORDS (the template's clips); False keeps
            each run of hanzi whole.

    Returns:
        The words; signs that cannot be said (spaces, brackets) are left out.
    """
    if lang == "en":
        return _english_words(text)
    words: list[Word] = []
    for m in PIECES.finditer(text):
        kind, piece = m.lastgroup, m.group()
        if kind == "hanzi":
            for run in (_cut(piece) if split else [piece]):
                words.append(Word(run, " ".join(pinyin(run)), run))
        elif kind == "digits":
            words += count_words(int(piece), lang) if len(piece) <= 3 else [digit_word(int(d), lang) for d in piece]
        elif kind == "latin":
            words += [letter_word(ch, lang, announce) for ch in piece]
        elif kind == "pause":
            words.append(PAUSE)
    return words


def _english_words(text: str) -> list[Word]:
    """English literal text: phrases between punctuation (one clip each), numbers as counts."""
    words: list[Word] = []
    for part in re.split(r"([,.;:!?]|\d+)", text):
        phrase = " ".join(part.split())
        if not phrase:
            continue
        if phrase in PAUSE_MARKS:
            words.append(PAUSE)
        elif phrase.isdigit():
            words += count_words(int(phrase), "en") if len(phrase) <= 3 else [
                digit_word(int(d), "en") for d in phrase]
        else:
            words.append(Word(phrase, phrase, phrase.lower()))
    return words


def _cut(hanzi: str) -> list[str]:
    """Cut a run of hanzi at the words of ZH_WORDS; the text between them stays whole."""
    out, rest, i = [], "", 0
    while i < len(hanzi):
        word = next((w for w in ZH_WORDS if hanzi.startswith(w, i)), None)
        if word is None:
            rest += hanzi[i]
            i += 1
            continue
        if rest:
            out.append(rest)
            rest = ""
        out.append(word)
        i += len(word)
    if rest:
        out.append(rest)
    return out


def pinyin(hanzi: str) -> list[str]:
    """Tone-numbered pinyin of a run of hanzi, by phrase (pypinyin, with its tone sandhi of
    不 and 一; neutral tone as 5).

    Args:
        hanzi: Chinese characters only.

    Returns:
        One syllable per character, e.g. ["chuang1", "kou3"].
    """
    from pypinyin import Style, lazy_pinyin  # 0.3 s to import: only once a call is spoken

    return [s.replace("v", "ü") for s in lazy_pinyin(hanzi, style=Style.TONE3, neutral_tone_with_five=True,
                                                     tone_sandhi=True)]


# ------------------------------------------------------------------ the clips a hall needs
def needed_clips(config: HallConfig, langs: tuple[str, ...] = ("zh",)) -> dict[str, dict[str, Word]]:
    """Every clip the hall's calls can need, per language: clip name → the word it says.

    The set is found by building the announcement of every window with a number of every
    service that holds all ten digits, so it is exactly what speaking needs.

    Args:
        config: the hall (its services' prefixes, its windows, its [announce] template).
        langs: the languages to cover.

    Returns:
        {"zh": {"请": Word("请", "qing3", "请"), …, "综合窗口1": Word("综合窗口一", …)}, …}
    """
    needed: dict[str, dict[str, Word]] = {lang: {} for lang in langs}
    for service, window in product(config.services, config.windows):
        call = Call(0, _NEVER, f"{service.prefix}0123456789", window.number, window.name, service.prefix, False)
        for lang in langs:
            for word in spoken(call, config.announce, lang).words:
                if not word.pause:
                    needed[lang].setdefault(word.clip, word)
    return needed

