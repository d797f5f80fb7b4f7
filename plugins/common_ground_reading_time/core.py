"""Count what a reader reads in rendered HTML and turn it into minutes: pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from html import unescape
from itertools import filterfalse
from math import lcm

from .models import ReadingTime

# Han (with its iteration and number marks), Hiragana, Katakana (full and half
# width) and Hangul: scripts written without spaces between words, or whose
# syllable blocks are read at a per-character pace, so they count by character.
CJK_RANGES = (
    "\u2e80-\u2fdf"  # CJK and Kangxi radicals
    "\u3005\u3007\u3021-\u3029\u3038-\u303b"  # 々 〇 Hangzhou numerals
    "\u3041-\u3096\u309d-\u309f"  # Hiragana
    "\u30a1-\u30fa\u30fc-\u30ff"  # Katakana
    "\u3131-\u318e"  # Hangul compatibility jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # Han extension A
    "\u4e00-\u9fff"  # Han unified ideographs
    "\ua960-\ua97f"  # Hangul jamo extended A
    "\uac00-\ud7af"  # Hangul syllables
    "\ud7b0-\ud7ff"  # Hangul jamo extended B
    "\uf900-\ufaff"  # Han compatibility ideographs
    "\uff66-\uff9d"  # halfwidth Katakana
    "\uffa0-\uffdc"  # halfwidth Hangul
    "\u1100-\u11ff"  # Hangul jamo
    "\U0001b000-\U0001b16f"  # Kana supplement and extensions
    "\U00020000-\U0003134f"  # Han extensions B to G, compatibility supplement
    "\U00031350-\U000323af"  # Han extension H
)
CJK_RE = re.compile(f"[{CJK_RANGES}]")

# Elements that never break a word: "un<em>believ</em>able" is one word, while
# "<li>a</li><li>b</li>" is two even with no space between the tags.
INLINE_TAGS = (
    "a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|label|mark|q|s|samp|"
    "small|span|strike|strong|sub|sup|time|tt|u|var|wbr"
)

# The scanner is a few C-level passes over the lower-cased page instead of an
# html.parser subclass: html.parser runs ~6 µs of Python per tag, which alone
# added ~10 % to a build, while these passes cost ~0.1 ms for a 1,200-word
# post. tests/test_reading_time_core.py keeps an html.parser reference scanner
# and checks that both agree. Lower case lets every pattern be case-sensitive
# (much faster in `re`) and changes no count. Tags end at the first ">", as
# Markdown escapes ">" inside attribute values.
# What vanishes without a word break goes in one pass: what is never read
# (comments, doctype/CDATA/processing instructions, whole <script>, <style> and
# <template> elements, a template being inert until cloned; "a<!-- -->b" shows
# one word, as in the browser) and the inline tags around the text.
VANISHING_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    rf"|<[!?][^>]*>|</?(?:{INLINE_TAGS})\b[^>]*>",
    re.DOTALL,
)
# Code blocks: the capture group makes re.split alternate prose and code.
PRE_RE = re.compile(r"<pre\b[^>]*>(.*?)(?:</pre\s*>|\Z)", re.DOTALL)
# Every other tag is a word break.
TAG_RE = re.compile(r"</?[a-z][^>]*>")

# Word counting runs on bytes, in one translate: ASCII punctuation and symbols
# are deleted (so "end." is one word and a lone "-" or "&" none), white space
# becomes " " and letters and digits become "a". Every ASCII word then starts
# at an "a" after a " ", which bytes.count finds without building a token list.
ASCII_PUNCTUATION = bytes(
    code for code in range(128) if not chr(code).isspace() and not chr(code).isalnum()
)
WORD_SHAPES = bytes(
    (ord(" ") if chr(code).isspace() else ord("a") if chr(code).isalnum() else code)
    if code < 128
    else code  # bytes of multi-byte UTF-8 characters stay as they are
    for code in range(256)
)
# Is there a letter or digit? Decides non-ASCII tokens: "café" is a word, "—" not.
WORD_CHAR_RE = re.compile(r"[^\W_]")


@dataclass(frozen=True, slots=True)
class TextStats:
    """What a reader reads in one piece of HTML."""

    prose_words: int = 0
    code_words: int = 0
    cjk_chars: int = 0
    images: int = 0


@dataclass(frozen=True, slots=True)
class Rates:
    """Reading speeds: words, code words and CJK characters per minute; images."""

    wpm: Fraction = Fraction(200)
    code_wpm: Fraction = Fraction(100)
    cjk_cpm: Fraction = Fraction(500)
    image_seconds: int = 12
    image_min_seconds: int = 3


def count_words(text: str) -> tuple[int, int]:
    """Return (words, CJK characters) of plain text.

    A word is a run of non-space characters with at least one letter or digit;
    each CJK character counts on its own and is not part of any word.
    """
    cjk_chars = 0
    if not text.isascii():
        text, cjk_chars = CJK_RE.subn(" ", text)
    data = text.encode("utf-8", "surrogatepass")
    shapes = data.translate(WORD_SHAPES, ASCII_PUNCTUATION)
    if shapes.isascii():
        return shapes.count(b" a") + shapes.startswith(b"a"), cjk_chars
    # Non-ASCII letters, digits, spaces or symbols remain: split on every Unicode
    # space and test only the tokens that are not plainly alphanumeric.
    tokens = shapes.decode("utf-8", "surrogatepass").split()
    unusual = list(filterfalse(str.isalnum, tokens))
    has_word_char = sum(map(bool, map(WORD_CHAR_RE.search, unusual)))
    return len(tokens) - len(unusual) + has_word_char, cjk_chars


def visible_text(html: str) -> str:
    """Return the text of lower-cased HTML without hidden parts or inline tags."""
    return unescape(TAG_RE.sub(" ", html))


def count_text(html: str) -> TextStats:
    """Count the visible prose words, code words, CJK characters and images."""
    page = VANISHING_RE.sub("", html.lower())
    prose, code = page, ""
    if "<pre" in page:
        parts = PRE_RE.split(page)
        prose, code = " ".join(parts[0::2]), " ".join(parts[1::2])
    prose_words, prose_cjk = count_words(visible_text(prose))
    code_words, code_cjk = count_words(visible_text(code)) if code else (0, 0)
    return TextStats(
        prose_words=prose_words,
        code_words=code_words,
        cjk_chars=prose_cjk + code_cjk,
        # Hidden parts are gone, and a "<" in text is always written "&lt;".
        images=page.count("<img"),
    )


def image_seconds(images: int, first: int = 12, floor: int = 3) -> int:
    """Return the seconds `images` images add by Medium's rule.

    The first image takes `first` seconds, each next one a second less, and none
    less than `floor` (12, 11, ... 4, 3, 3, 3 ... by default).
    """
    if images <= 0:
        return 0
    floor = min(floor, first)
    # Images before the floor is reached take first, first - 1, ... seconds.
    descending = min(images, first - floor + 1)
    total = descending * first - descending * (descending - 1) // 2
    return total + (images - descending) * floor


def reading_seconds(stats: TextStats, rates: Rates) -> Fraction:
    """Return the exact reading time of `stats` in seconds."""
    return (
        Fraction(60 * stats.prose_words) / rates.wpm
        + Fraction(60 * stats.code_words) / rates.code_wpm
        + Fraction(60 * stats.cjk_chars) / rates.cjk_cpm
        + image_seconds(stats.images, rates.image_seconds, rates.image_min_seconds)
    )


def minutes_for(stats: TextStats, rates: Rates) -> int:
    """Return whole minutes, rounded up and never below 1."""
    # The same exact sum as reading_seconds, in plain integers: Fraction
    # arithmetic costs more than counting a whole post. Exactness keeps 400
    # words at 200 wpm at 2 minutes, not 2.0000001 rounded up to 3.
    terms = (
        (stats.prose_words, rates.wpm),
        (stats.code_words, rates.code_wpm),
        (stats.cjk_chars, rates.cjk_cpm),
    )
    denominator = lcm(*(rate.numerator for _, rate in terms))
    scaled_seconds = sum(
        60 * count * rate.denominator * (denominator // rate.numerator)
        for count, rate in terms
    ) + denominator * image_seconds(
        stats.images, rates.image_seconds, rates.image_min_seconds
    )
    return max(1, -(-scaled_seconds // (60 * denominator)))


def reading_minutes(html: str, wpm: int = 200) -> int:
    """Return the minutes to read `html` at `wpm` with the default other rates."""
    rates = Rates(wpm=Fraction(wpm), code_wpm=Fraction(wpm, 2))
    return minutes_for(count_text(html), rates)


def parse_override(value: object) -> int:
    """Return a `Reading_time:` metadata value as minutes, or raise ValueError."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        minutes = value
    elif isinstance(value, str) and value.strip().isascii():
        # int() alone would also take "1_0", " +3" and "٣".
        text = value.strip()
        if not text.isdigit():
            raise ValueError(value)
        minutes = int(text)
    else:
        raise ValueError(value)
    if minutes < 1:
        raise ValueError(value)
    return minutes


def estimate(html: str, rates: Rates, override: int | None = None) -> ReadingTime:
    """Return the ReadingTime of `html`; a valid `override` replaces the minutes."""
    stats = count_text(html)
    computed = minutes_for(stats, rates)
    return ReadingTime(
        minutes=computed if override is None else override,
        words=stats.prose_words + stats.code_words + stats.cjk_chars,
        prose_words=stats.prose_words,
        code_words=stats.code_words,
        cjk_chars=stats.cjk_chars,
        images=stats.images,
        computed_minutes=computed,
        overridden=override is not None,
    )
