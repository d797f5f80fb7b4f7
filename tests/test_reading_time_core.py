"""The pure core of reading_time: counting, minutes, overrides, settings, feeds."""

from __future__ import annotations

import logging
import math
from fractions import Fraction
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican.plugins.common_ground_reading_time.config import (
    DEFAULTS,
    ReadingTimeConfigError,
    get_config,
)
from pelican.plugins.common_ground_reading_time.core import (
    INLINE_TAGS,
    Rates,
    TextStats,
    count_text,
    count_words,
    estimate,
    image_seconds,
    minutes_for,
    parse_override,
    reading_minutes,
    reading_seconds,
)
from pelican.plugins.common_ground_reading_time.feeds import add_badges, item_url
from pelican.plugins.common_ground_reading_time.models import ReadingTime

DEFAULT_RATES = get_config({}).rates


def prose(words: int) -> str:
    """Return `words` words of plain English in one paragraph."""
    vocabulary = ("listen", "first", "then", "ask", "one", "more", "honest", "why")
    return " ".join(vocabulary[i % len(vocabulary)] for i in range(words))


# --- Counting visible text ----------------------------------------------------

COUNT_CASES = [
    pytest.param("", TextStats(), id="empty"),
    pytest.param("<p></p>\n<div> </div>", TextStats(), id="only-markup"),
    pytest.param("<p>Listen before you talk.</p>", TextStats(4), id="plain-prose"),
    pytest.param(
        '<h2 id="x">A heading</h2>\n<p class="lead" data-words="one two three">'
        'An <a href="/a/b" title="many words in a title">honest</a> <em>offer</em>, '
        "<strong>kindly</strong> made.</p>\n<ul><li>one</li><li>two</li></ul>"
        "<table><tr><td>cell</td><td>cell</td></tr></table>",
        TextStats(11),
        id="markup-heavy",
    ),
    pytest.param("<p>un<em>believ</em>able and<br>then</p>", TextStats(3), id="inline"),
    pytest.param("<p>a</p><p>b</p><li>c</li><td>d</td>", TextStats(4), id="blocks"),
    pytest.param(
        "<p>Fish &amp; chips &mdash; caf&eacute; &#8220;quoted&#8221; a&nbsp;b</p>",
        TextStats(6),
        id="entities",
    ),
    pytest.param("<p>&lt;em&gt; is shown, not a tag</p>", TextStats(6), id="escaped"),
    pytest.param(
        "<p>Seen</p><!-- not seen at all --><script>var unseen = 1;</script>"
        "<style>p { color: red }</style><template><p>inert</p></template>"
        "<SCRIPT type='x'>NOT SEEN</SCRIPT>",
        TextStats(1),
        id="hidden",
    ),
    pytest.param(" - * & — … 1. two_", TextStats(2), id="punctuation-only"),
    pytest.param(
        '<p>x <img src="a.png" alt="many words of alt"></p>',
        TextStats(1, images=1),
        id="image-1",
    ),
    pytest.param("<img src=a><IMG src=b />", TextStats(images=2), id="images-2"),
    pytest.param("<p><img src=a></p>" * 15, TextStats(images=15), id="images-15"),
    pytest.param(
        '<p>Run it:</p><div class="highlight"><pre><span></span><code>'
        '<span class="k">def</span> <span class="nf">ask</span>(client):\n'
        '    <span class="k">return</span> client.listen()\n</code></pre></div>',
        TextStats(2, code_words=4),
        id="code-block",
    ),
    pytest.param(
        "<p>Inline <code>code()</code> reads as prose</p>",
        TextStats(5),
        id="inline-code",
    ),
    pytest.param("<p>先倾听再说话。</p>", TextStats(cjk_chars=6), id="cjk-han"),
    pytest.param(
        "<p>ひらがなカタカナ漢字</p><p>한국어 문장</p>",
        TextStats(cjk_chars=15),
        id="cjk-kana-hangul",
    ),
    pytest.param(
        "<p>我们用 Python 3 写了 <em>一个</em> build tool。</p>",
        TextStats(4, cjk_chars=7),
        id="cjk-mixed-english",
    ),
    pytest.param(
        "<p>日本語のtextと英語</p>", TextStats(1, cjk_chars=7), id="cjk-glued"
    ),
]


@pytest.mark.parametrize(("html", "expected"), COUNT_CASES)
def test_count_text(html, expected):
    assert count_text(html) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one two  three\n\tfour", (4, 0)),
        ("naïve café — déjà vu", (4, 0)),
        ("«» ¿? —", (0, 0)),
        ("it's end. (x) C++ 3.14 e-mail", (6, 0)),
        ("东京 and 서울", (1, 4)),
        ("", (0, 0)),
    ],
)
def test_count_words(text, expected):
    assert count_words(text) == expected


# --- Minutes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "minutes"),
    [
        pytest.param("", 1, id="empty-post-is-1"),
        pytest.param(prose(1), 1, id="one-word"),
        pytest.param(prose(160), 1, id="160-words"),
        pytest.param(prose(200), 1, id="200-words-exactly"),
        pytest.param(prose(201), 2, id="201-words"),
        pytest.param(prose(230), 2, id="230-words"),
        pytest.param(prose(400), 2, id="400-words-exactly"),
        pytest.param(f"<p>{prose(200_000)}</p>", 1000, id="200k-words"),
        # 100 words (30 s) + 1 image (12 s) = 42 s.
        pytest.param(prose(100) + "<img src=a>", 1, id="image-1"),
        # 180 words (54 s) + 2 images (12 + 11 s) = 77 s.
        pytest.param(prose(180) + "<img src=a>" * 2, 2, id="images-2"),
        # 15 images: 12 + 11 + ... + 3 (75 s) + 5 x 3 s = 90 s.
        pytest.param("<img src=a>" * 15, 2, id="images-15"),
        # 60 code words at 100 wpm = 36 s, 100 prose words = 30 s: 66 s.
        pytest.param(prose(100) + f"<pre><code>{prose(60)}</code></pre>", 2, id="code"),
        # The same 160 words as prose take under a minute.
        pytest.param(f"<pre>{prose(80)}</pre>", 1, id="code-80-words"),
        pytest.param(f"<pre>{prose(101)}</pre>", 2, id="code-101-words"),
        # 600 Han characters at 500 cpm = 72 s.
        pytest.param("<p>" + "先倾听再说话。" * 100 + "</p>", 2, id="cjk-only"),
        pytest.param("<p>" + "先倾听再说话" * 80 + "</p>", 1, id="cjk-480-chars"),
        # 480 characters (57.6 s) + 10 words (3 s) = 60.6 s.
        pytest.param(
            "<p>" + "先倾听再说话" * 80 + prose(10) + "</p>", 2, id="cjk-mixed"
        ),
    ],
)
def test_reading_minutes(html, minutes):
    assert minutes_for(count_text(html), DEFAULT_RATES) == minutes


def test_reading_minutes_takes_a_rate():
    assert reading_minutes(prose(230)) == 2
    assert reading_minutes(prose(230), wpm=250) == 1
    assert reading_minutes(f"<pre>{prose(230)}</pre>", wpm=460) == 1


@pytest.mark.parametrize(
    ("images", "seconds"),
    [(0, 0), (1, 12), (2, 23), (3, 33), (9, 72), (10, 75), (11, 78), (15, 90)],
)
def test_image_seconds_follow_mediums_rule(images, seconds):
    assert image_seconds(images) == seconds


def test_image_seconds_with_other_first_and_floor():
    assert image_seconds(4, first=5, floor=4) == 5 + 4 + 4 + 4
    assert image_seconds(3, first=0, floor=0) == 0


def test_estimate_builds_the_documented_object():
    html = f"<p>{prose(150)}</p><pre>{prose(20)}</pre><p>漢字</p><img src=a>"
    rt = estimate(html, DEFAULT_RATES)
    assert rt == ReadingTime(
        minutes=2,
        words=172,
        prose_words=150,
        code_words=20,
        cjk_chars=2,
        images=1,
        computed_minutes=2,
        overridden=False,
    )
    assert rt.iso_duration == "PT2M"
    with pytest.raises(AttributeError):
        rt.minutes = 3  # type: ignore[misc]


def test_estimate_override_replaces_minutes_only():
    rt = estimate(prose(230), DEFAULT_RATES, override=75)
    assert (rt.minutes, rt.computed_minutes, rt.words) == (75, 2, 230)
    assert rt.overridden
    assert rt.iso_duration == "PT75M"


@pytest.mark.parametrize(("value", "minutes"), [("5", 5), (" 12 ", 12), (3, 3)])
def test_parse_override_accepts_positive_integers(value, minutes):
    assert parse_override(value) == minutes


@pytest.mark.parametrize(
    "value",
    ["0", "-2", "soon", "2.5", "", "1_0", "+3", "٣", "5 min", 0, True, 2.0, None],
)
def test_parse_override_rejects_anything_else(value):
    with pytest.raises(ValueError, match=r".*"):
        parse_override(value)


# --- Properties ---------------------------------------------------------------

WORDS = st.lists(
    st.text(
        alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzéßø0123456789'"),
        min_size=1,
        max_size=8,
    ).filter(lambda word: any(ch.isalnum() for ch in word)),
    max_size=60,
)
WRAPPERS = [
    "{}",
    "<em>{}</em>",
    "<strong>{}</strong>",
    '<a href="https://x.example/a b" title="alt words here">{}</a>',
    "<p>{}</p>",
    "<li>{}</li>",
    '<span class="k">{}</span>',
    "<code>{}</code>",
    "<!-- hidden words -->{}",
    "{}<br>",
    '<img alt="words in alt" src="a.png">{}',
    "<div><p>{}</p></div>",
    "<script>hidden words</script>{}",
]
SEPARATORS = [" ", "\n", "\t", " \n  ", "</p><p>", "<br />", "</li>\n<li>"]


STATS = st.builds(
    TextStats,
    st.integers(0, 3000),
    st.integers(0, 3000),
    st.integers(0, 3000),
    st.integers(0, 40),
)
RATES = st.builds(
    Rates,
    st.fractions(min_value=1, max_value=2000),
    st.fractions(min_value=1, max_value=2000),
    st.fractions(min_value=1, max_value=2000),
    st.integers(0, 30),
    st.integers(0, 30),
)


@settings(max_examples=150, deadline=None)
@given(stats=STATS, rates=RATES)
def test_minutes_never_below_one(stats, rates):
    assert minutes_for(stats, rates) >= 1


@settings(max_examples=300, deadline=None)
@given(stats=STATS, rates=RATES)
def test_integer_minutes_match_the_exact_seconds(stats, rates):
    exact = reading_seconds(stats, rates) / 60
    assert minutes_for(stats, rates) == max(1, math.ceil(exact))


@settings(max_examples=100, deadline=None)
@given(html=st.text(max_size=200))
def test_any_text_reads_in_at_least_a_minute(html):
    assert reading_minutes(html) >= 1


@settings(max_examples=150, deadline=None)
@given(
    base=STATS,
    more=st.integers(1, 3000),
    kind=st.sampled_from(["prose_words", "code_words", "cjk_chars", "images"]),
)
def test_adding_words_never_lowers_the_time(base, more, kind):
    grown = TextStats(
        **{f: getattr(base, f) + (more if f == kind else 0) for f in base.__slots__}
    )
    assert minutes_for(grown, DEFAULT_RATES) >= minutes_for(base, DEFAULT_RATES)


@settings(max_examples=150, deadline=None)
@given(words=WORDS, extra=WORDS)
def test_adding_words_to_html_never_lowers_the_time(words, extra):
    html = "<p>" + " ".join(words) + "</p>"
    longer = "<p>" + " ".join(words + extra) + "</p>"
    assert reading_minutes(longer) >= reading_minutes(html)


@settings(max_examples=200, deadline=None)
@given(
    words=WORDS,
    data=st.data(),
)
def test_markup_never_changes_the_count(words, data):
    parts = []
    for word in words:
        wrapper = data.draw(st.sampled_from(WRAPPERS))
        separator = data.draw(st.sampled_from(SEPARATORS))
        parts.append(wrapper.format(word) + separator)
    html = "".join(parts)
    assert count_text(html).prose_words == len(words)
    assert count_text(html).prose_words == count_text(" ".join(words)).prose_words


class ReferenceScanner(HTMLParser):
    """An html.parser scanner with the core's rules, as a slow reference."""

    INLINE = frozenset(INLINE_TAGS.split("|"))
    HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.prose: list[str] = []
        self.code: list[str] = []
        self.images = 0
        self.pre = 0
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.INLINE:
            return
        if tag in self.HIDDEN:
            self.hidden += 1
            return
        if tag == "pre":
            self.pre = 1
        elif tag == "img" and not self.hidden:
            self.images += 1
        self.text(" ")

    def handle_endtag(self, tag):
        if tag in self.INLINE:
            return
        if tag in self.HIDDEN:
            # Hidden elements vanish without a word break.
            self.hidden = max(0, self.hidden - 1)
            return
        if tag == "pre":
            self.pre = 0  # pre cannot nest in valid HTML: the first end closes
        self.text(" ")

    def handle_data(self, data):
        self.text(data)

    def text(self, data):
        if not self.hidden:
            (self.code if self.pre else self.prose).append(data)


def reference_count(html: str) -> TextStats:
    """Count with html.parser: what the fast scanner must agree with."""
    scanner = ReferenceScanner()
    scanner.feed(html)
    scanner.close()
    prose_words, prose_cjk = count_words("".join(scanner.prose))
    code_words, code_cjk = count_words("".join(scanner.code))
    return TextStats(prose_words, code_words, prose_cjk + code_cjk, scanner.images)


TOKENS = st.sampled_from(
    [
        "word",
        "café",
        "漢字",
        "カナ",
        "한글",
        "&amp;",
        "&mdash;",
        "&lt;b&gt;",
        " ",
        "\n",
        "-",
        "<p>",
        "</p>",
        "<em>",
        "</em>",
        '<a href="x">',
        "</a>",
        "<br>",
        "<img src=a>",
        "<pre>",
        "</pre>",
        "<code>",
        "</code>",
        "<!-- c -->",
        "<script>x y</script>",
        "<li>",
        "</li>",
        '<span class="n">',
        "</span>",
        "<EM>",
        "</EM>",
        '<P CLASS="x">',
        "<IMG SRC=a />",
        "<Pre>",
        "</PRE>",
        "<template><p>t</p></template>",
        "<style>p { x: y }</style>",
        "<td>",
        "<hr>",
        "<wbr>",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(TOKENS, max_size=40))
def test_fast_scanner_agrees_with_html_parser(tokens):
    html = "".join(tokens)
    assert count_text(html) == reference_count(html)


def test_fast_scanner_agrees_on_rendered_markdown():
    import markdown

    source = (
        "# Title\n\nSome *emphasis*, a [link](https://x.example), `code()`.\n\n"
        "- one\n- two\n\n> quoted words\n\n```\ndef f(x):\n    return x\n```\n\n"
        "| a | b |\n|---|---|\n| c | d |\n\n![alt text](a.png)\n\n先倾听再说话。\n"
    )
    html = markdown.markdown(source, extensions=["extra", "codehilite", "toc"])
    assert count_text(html) == reference_count(html)


# --- Settings -----------------------------------------------------------------


def test_defaults_reproduce_the_source_blog():
    config = get_config({})
    assert config.rates == Rates(
        wpm=Fraction(200), code_wpm=Fraction(100), cjk_cpm=Fraction(500)
    )
    assert config.badge_text(2) == "Reading time: 2 min."
    assert config.show
    assert config.in_feeds


def test_code_rate_defaults_to_half_the_prose_rate():
    assert get_config({"READING_TIME_WPM": 300}).rates.code_wpm == 150
    assert get_config({"READING_TIME_CODE_WPM": 90}).rates.code_wpm == 90


def test_badge_text_uses_singular_and_plural():
    config = get_config(
        {
            "READING_TIME_LABEL": "",
            "READING_TIME_UNIT_SINGULAR": "minute",
            "READING_TIME_UNIT_PLURAL": "minutes",
        }
    )
    assert config.badge_text(1) == "1 minute"
    assert config.badge_text(3) == "3 minutes"


def test_get_config_does_not_touch_the_settings():
    settings = {"READING_TIME_WPM": 250}
    get_config(settings)
    assert settings == {"READING_TIME_WPM": 250}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("READING_TIME_WPM", 0),
        ("READING_TIME_WPM", -200),
        ("READING_TIME_WPM", "200"),
        ("READING_TIME_WPM", True),
        ("READING_TIME_WPM", float("nan")),
        ("READING_TIME_CODE_WPM", 0),
        ("READING_TIME_CJK_CPM", None),
        ("READING_TIME_IMAGE_SECONDS", 1.5),
        ("READING_TIME_IMAGE_MIN_SECONDS", -1),
        ("READING_TIME_IMAGE_MIN_SECONDS", 20),
        ("READING_TIME_LABEL", None),
        ("READING_TIME_UNIT_SINGULAR", ""),
        ("READING_TIME_UNIT_PLURAL", 5),
        ("READING_TIME_IN_FEEDS", "yes"),
        ("SHOW_READING_TIME", 1),
        ("READING_TIME_WMP", 250),
    ],
)
def test_bad_setting_is_an_error_naming_it(name, value, caplog):
    with caplog.at_level(logging.ERROR), pytest.raises(ReadingTimeConfigError) as err:
        get_config({name: value})
    assert name in str(err.value)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert errors[0].startswith(f"reading_time: bad setting {name}=")


def test_every_default_is_valid():
    assert get_config(dict(DEFAULTS)) == get_config({})


# --- Feeds --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "site_url", "url"),
    [
        ("https://example.org/posts/a/", "https://example.org", "posts/a/"),
        ("https://example.org/posts/a/", "https://example.org/", "posts/a/"),
        (
            "https://example.org/blog/a.html?ref=feed",
            "https://example.org/blog",
            "a.html",
        ),
        ("posts/a/", "", "posts/a/"),
        ("https://example.org/posts/a/#comment-1", "https://example.org", None),
        ("https://example.org/posts/a/?page=2", "https://example.org", None),
        ("https://elsewhere.example/posts/a/", "https://example.org", None),
        ("https://example.org/blogroll/a/", "https://example.org/blog", None),
    ],
)
def test_item_url(link, site_url, url):
    assert item_url(link, site_url) == url


def test_add_badges_prefixes_summary_and_content():
    items = [
        {
            "link": "https://x.org/posts/a/",
            "description": "<p>S</p>",
            "content": "C",
        },
        {"link": "https://x.org/posts/b/", "description": None, "content": "<p>C</p>"},
        {"link": "https://x.org/posts/c/", "description": "", "content": None},
        {"link": "https://x.org/elsewhere/", "description": "<p>S</p>"},
        {"link": "https://x.org/posts/a/#comment-2", "description": "<p>S</p>"},
    ]
    badges = {"posts/a/": "Reading time: 2 min.", "posts/b/": "R & 1", "posts/c/": "x"}
    assert add_badges(items, badges, "https://x.org") == 3
    badge = '<p class="reading-time">Reading time: 2 min.</p>'
    assert items[0]["description"] == badge + "<p>S</p>"
    assert items[0]["content"] == badge + "C"
    assert items[1]["description"] is None
    assert items[1]["content"] == '<p class="reading-time">R &amp; 1</p><p>C</p>'
    assert items[2]["description"] == '<p class="reading-time">x</p>'
    assert items[3]["description"] == "<p>S</p>"
    assert items[4]["description"] == "<p>S</p>"


def test_config_for_validates_each_set_of_values_once_and_follows_changes():
    from pelican.plugins.common_ground_reading_time.config import config_for

    first = config_for({"READING_TIME_WPM": 200, "OTHER": 1})
    assert config_for({"READING_TIME_WPM": 200, "OTHER": 2}) is first
    changed = config_for({"READING_TIME_WPM": 100})
    assert changed is not first
    assert changed.rates.wpm == 100
    with pytest.raises(ReadingTimeConfigError):
        config_for({"READING_TIME_WPM": 0})
    with pytest.raises(ReadingTimeConfigError):
        config_for({"READING_TIME_LABEL": ["not", "hashable"]})
