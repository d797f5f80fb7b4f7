"""Turn a WordPress post body (wpautop text, shortcodes, HTML) into Markdown."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

# Tags that start a block, so wpautop leaves the chunk as it is.
BLOCK_TAGS = (
    "address|article|aside|blockquote|dd|details|div|dl|dt|figcaption|figure|"
    "footer|form|h[1-6]|header|hr|iframe|li|main|nav|ol|p|pre|section|table|"
    "tbody|td|tfoot|th|thead|tr|ul|video|audio|object|embed|script|style"
)
STARTS_BLOCK = re.compile(rf"^\s*</?(?:{BLOCK_TAGS})\b", re.I)
PRE = re.compile(r"<pre\b.*?</pre\s*>", re.I | re.S)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# [name attrs]...[/name], [name attrs /] or a bare [name attrs]; [[x]] escapes.
SHORTCODE = re.compile(
    r"\[(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\s[^\]]*)?)"
    r"(?:/\]|\](?:(?P<inner>.*?)\[/(?P=name)\])?)",
    re.S,
)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
# WordPress core and the most common plugins' shortcodes: bare [name] is one.
KNOWN_SHORTCODES = frozenset(
    {
        "audio", "caption", "code", "embed", "gallery", "playlist", "sourcecode",
        "video", "wp_caption", "youtube", "vimeo", "contact-form", "contact-form-7",
        "latex", "googlemaps", "soundcloud", "twitter", "tweet", "instagram",
    }
)  # fmt: skip
CAPTION_NAMES = ("caption", "wp_caption")
IMG = re.compile(r"<img\b[^>]*>", re.I)
TAG = re.compile(r"<[^>]+>")

LinkMap = Callable[[str], str]


def shortcode_attributes(raw: str) -> dict[str, str]:
    """Read `key="value"` pairs of a shortcode."""
    return {
        m[1].lower(): html.unescape(next(v for v in m.groups()[1:] if v is not None))
        for m in ATTRIBUTE.finditer(raw)
    }


def _caption_html(attrs: str, inner: str) -> str:
    """Rewrite one [caption] as an image paragraph followed by its caption."""
    image = IMG.search(inner or "")
    if image is None:
        return inner or ""
    caption = shortcode_attributes(attrs).get("caption") or ""
    if not caption:
        caption = " ".join(TAG.sub(" ", inner[image.end() :]).split())
    anchor = re.match(r"\s*<a\b[^>]*>", inner[: image.start()], re.I)
    tagged = image[0].replace(
        image[0][:4], f'{image[0][:4]} data-caption="{html.escape(caption)}"', 1
    )
    picture = (anchor[0].strip() if anchor else "") + tagged
    if anchor:
        picture += "</a>"
    caption_html = f"<p><em>{html.escape(caption)}</em></p>" if caption else ""
    return f"\n\n<p>{picture}</p>\n{caption_html}\n\n"


def expand_shortcodes(text: str) -> tuple[str, list[str]]:
    """Turn [caption] into HTML; keep other shortcodes as text and name them."""
    kept: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match["name"].lower()
        whole = match[0]
        if name in CAPTION_NAMES:
            return _caption_html(match["attrs"], match["inner"] or "")
        is_shortcode = (
            name in KNOWN_SHORTCODES
            or match["inner"] is not None
            or "=" in match["attrs"]
            or whole.endswith("/]")
        )
        if is_shortcode and name not in kept:
            kept.append(name)
        return whole

    return SHORTCODE.sub(replace, text), sorted(kept)


def wpautop(text: str) -> str:
    """Wrap WordPress's blank-line paragraphs in <p>, as its wpautop does."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    saved: list[str] = []

    def keep(match: re.Match[str]) -> str:
        saved.append(match[0])
        return f"\x00{len(saved) - 1}\x00"

    text = PRE.sub(keep, text)
    chunks = []
    for chunk in PARAGRAPH_BREAK.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if STARTS_BLOCK.match(chunk) or re.fullmatch(r"\x00\d+\x00", chunk):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + chunk.replace("\n", "<br />\n") + "</p>")
    joined = "\n\n".join(chunks)
    return re.sub(r"\x00(\d+)\x00", lambda m: saved[int(m[1])], joined)


def _file_words(src: str) -> str:
    """Return an image file's name as words, the last resort for its alt text."""
    stem = PurePosixPath(urlsplit(src).path).stem
    return " ".join(re.sub(r"[-_.]+", " ", stem).split()) or "image"


def _give_alt(image: Tag) -> bool:
    """Fill an empty alt from the caption or title; say if the file name was used."""
    caption = image.attrs.pop("data-caption", "")
    if str(image.get("alt") or "").strip():
        return False
    found = str(caption or image.get("title") or "").strip()
    image["alt"] = found or _file_words(str(image.get("src") or ""))
    return not found


def to_markdown(body: str, link_map: LinkMap) -> tuple[str, list[str], int]:
    """Return (Markdown, shortcodes kept as text, images named by file name)."""
    expanded, kept = expand_shortcodes(body)
    soup = BeautifulSoup(wpautop(expanded), "html.parser")
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if isinstance(value, str) and value:
                element[attribute] = link_map(value)
    # Pelican warns about every image without alt text, and readers need one.
    named = sum(_give_alt(image) for image in soup.find_all("img"))
    converter = MarkdownConverter(heading_style="ATX", bullets="-", escape_misc=False)
    markdown = converter.convert_soup(soup)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return markdown, kept, named


def plain_text(fragment: str) -> str:
    """Return the text of an HTML fragment on one line (for Summary and names)."""
    text = BeautifulSoup(fragment, "html.parser").get_text(" ")
    return " ".join(text.split())
