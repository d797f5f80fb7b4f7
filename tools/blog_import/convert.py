"""Turn a WordPress post body (wpautop text, shortcodes, HTML) into Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from typing import NamedTuple
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

from common_ground_core.contract import CONTROL

from .embeds import embed_links
from .fields import TITLE_TAGS, markdown_text
from .records import Attachment
from .shortcodes import CAPTIONED_ATTRIBUTE, expand_shortcodes

# Tags that start a block, so wpautop leaves the chunk as it is.
BLOCK_TAGS = (
    "address|article|aside|blockquote|dd|details|div|dl|dt|figcaption|figure|"
    "footer|form|h[1-6]|header|hr|iframe|li|main|nav|ol|p|pre|section|table|"
    "tbody|td|tfoot|th|thead|tr|ul|video|audio|object|embed|script|style"
)
STARTS_BLOCK = re.compile(rf"^\s*</?(?:{BLOCK_TAGS})\b", re.I)
PRE = re.compile(r"<pre\b.*?</pre\s*>", re.I | re.S)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:")

LinkMap = Callable[[str], str]
# Python-Markdown nests a list only when it is indented by four.
LIST_INDENT = 4
# What a post body may keep: WordPress's post markup (kses for authors) plus the
# media and embeds of the block editor. Script, styles, forms and event
# handlers are dropped, and each drop is named in the summary.
BODY_TAGS = frozenset(
    {"a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi"}
    | {"bdo", "big", "blockquote", "br", "caption", "cite", "code", "col"}
    | {"colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em"}
    | {"figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i"}
    | {"iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s"}
    | {"samp", "section", "small", "source", "span", "strike", "strong", "sub"}
    | {"summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time"}
    | {"tr", "track", "tt", "u", "ul", "var", "video", "wbr"}
)
_MEDIA = {"src", "controls", "loop", "muted", "preload", "poster", "width", "height"}
BODY_ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title"},
    "a": {"href", "name", "hreflang"},
    "img": {"src", "alt", "width", "height", CAPTIONED_ATTRIBUTE},
    "audio": _MEDIA,
    "video": _MEDIA | {"playsinline"},
    "source": {"src", "type", "media"},
    "track": {"src", "kind", "label", "srclang", "default"},
    "iframe": {"src", "width", "height", "allowfullscreen", "allow", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"datetime"},
    "ins": {"datetime"},
}


class Converted(NamedTuple):
    """A converted body and what the conversion could not keep as it was."""

    markdown: str
    kept: list[str]  # shortcodes left as text
    named: int  # images whose alt text is their file name
    lost: list[str]  # markup dropped by the sanitiser


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
    """Fill an empty alt from the title or file name; say if the file name was used.

    A captioned image needs no alt of its own: the figcaption names it, and
    repeating the caption as alt makes screen readers read it twice. HTML allows
    leaving alt out there, and Pelican only warns about an empty one.
    """
    captioned = image.attrs.pop(CAPTIONED_ATTRIBUTE, None) is not None
    if str(image.get("alt") or "").strip():
        return False
    figure = image.find_parent("figure")
    if captioned or (figure is not None and figure.find("figcaption")):
        image.attrs.pop("alt", None)
        return False
    found = str(image.get("title") or "").strip()
    image["alt"] = found or _file_words(str(image.get("src") or ""))
    return not found


# Alt text, title or address that reads the same inside `![...](... "...")`.
PLAIN_ATTRIBUTE = re.compile(r"[^\[\]()<>&\\`*_\"{}]*")
URL_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.I)


def _dropped(soup: BeautifulSoup, allowed: frozenset[str]) -> list[str]:
    """Name the elements, handlers and link schemes the sanitiser will drop."""
    lost: list[str] = []
    for element in soup.find_all(True):
        name = element.name.lower()
        if name not in allowed:
            lost.append(f"<{name}>")
            continue
        for attribute, value in element.attrs.items():
            if str(attribute).lower().startswith("on"):
                lost.append(f"{attribute}= on <{name}>")
            elif attribute in ("href", "src") and isinstance(value, str):
                scheme = URL_SCHEME.match(value)
                if scheme and scheme[1].lower() not in ("http", "https", "mailto"):
                    lost.append(f"{scheme[1].lower()}: {attribute} on <{name}>")
    return lost


def dropped_markup(fragment: str, allowed: frozenset[str]) -> list[str]:
    """Name what sanitising an HTML field (a title, an excerpt) to `allowed` drops."""
    return list(
        dict.fromkeys(_dropped(BeautifulSoup(fragment, "html.parser"), allowed))
    )


def _sanitise(body: str) -> tuple[str, list[str]]:
    """Return the body through the allowlist, and what it had to drop."""
    soup = BeautifulSoup(body, "html.parser")
    lost = _dropped(soup, BODY_TAGS)
    for element in soup.find_all("iframe"):
        src = str(element.get("src") or "")
        if not src.lower().startswith("https://"):
            lost.append(f"<iframe> from {src or 'nowhere'} (only https is kept)")
            element.decompose()
    cleaned = nh3.clean(
        str(soup),
        tags=set(BODY_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in BODY_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    return cleaned, list(dict.fromkeys(lost))


class BodyConverter(MarkdownConverter):
    """markdownify for Python-Markdown: text stays text, structure stays."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """Return a text node as Markdown that shows exactly its characters."""
        return markdown_text(text) if text else ""

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Indent list items by four, the width Python-Markdown nests lists at."""
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            first = int(start) if start.isdigit() else 1
            bullet = f"{first + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        bullet = bullet.ljust(LIST_INDENT - 1) + " "
        indented = re.sub(
            r"^(.*)$",
            lambda m: " " * len(bullet) + m[1] if m[1] else "",
            text,
            flags=re.M,
        )
        return bullet + indented[len(bullet) :] + "\n"

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Keep an image as HTML when it has a size or markup-like text; else Markdown.

        A size (width, size-medium) keeps a 300 px image 300 px wide; alt text with
        brackets or `*` would be read as Markdown.
        """
        plain = all(
            PLAIN_ATTRIBUTE.fullmatch(str(el.get(name) or ""))
            for name in ("alt", "title", "src")
        )
        if not plain or any(el.get(name) for name in ("width", "height", "class")):
            return str(el)
        return super().convert_img(el, text, parent_tags)

    def _raw(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Keep the element as HTML: Markdown has no form for it."""
        markup = re.sub(r"\n\s*\n", "\n", str(el))
        if "_inline" in parent_tags or "li" in parent_tags:
            return markup
        return f"\n\n{markup}\n\n"

    convert_table = _raw
    convert_figure = _raw
    convert_iframe = _raw
    convert_dl = _raw

    def convert_audio(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Keep the player; a bare one goes in a figure to stand as a block."""
        if el.parent is not None and el.parent.name == "figure":
            return str(el)
        markup = f"<figure>{el}</figure>"
        return markup if "_inline" in parent_tags else f"\n\n{markup}\n\n"

    convert_video = convert_audio


def to_markdown(
    body: str, link_map: LinkMap, attachments: Mapping[str, Attachment] | None = None
) -> Converted:
    """Return the Markdown of a post body and what could not be kept as it was.

    `attachments` are the export's uploads by id, for [gallery].
    """
    expanded, kept, gone = expand_shortcodes(body, attachments)
    # WordPress runs wpautop only on classic content; block content is HTML.
    is_blocks = BLOCK_COMMENT.search(expanded) is not None
    cleaned, lost = _sanitise(expanded if is_blocks else wpautop(expanded))
    lost = gone + lost
    soup = BeautifulSoup(cleaned, "html.parser")
    lost += embed_links(soup)
    for tag, attribute in (("a", "href"), ("img", "src"), ("source", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if isinstance(value, str) and value:
                new = link_map(value)
                if new:
                    element[attribute] = new
                elif tag == "a":
                    # A link that must not be kept: its text stays.
                    element.unwrap()
    for tag in ("audio", "video"):
        for element in soup.find_all(tag):
            value = element.get("src")
            if isinstance(value, str) and value:
                element["src"] = link_map(value)
    # Pelican warns about every image without alt text, and readers need one.
    named = sum(_give_alt(image) for image in soup.find_all("img"))
    converter = BodyConverter(heading_style="ATX", bullets="-")
    markdown = converter.convert_soup(soup)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return Converted(markdown, kept, named, lost)


def comment_markdown(body: str) -> str:
    """Return a WordPress or Disqus comment (HTML text) as Markdown showing it."""
    if "<" not in body and "&" not in body:
        # Plain text (most comments): wpautop's paragraphs and line breaks,
        # without the cost of parsing HTML, thousands of times per import.
        text = body.replace("\r\n", "\n").replace("\r", "\n")
        return "\n\n".join(
            "  \n".join(
                markdown_text(" ".join(line.split()))
                for line in chunk.split("\n")
                if line.strip()
            )
            for chunk in PARAGRAPH_BREAK.split(text)
            if chunk.strip()
        )
    soup = BeautifulSoup(wpautop(body), "html.parser")
    markdown = BodyConverter(heading_style="ATX", bullets="-").convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


def summary_markdown(excerpt: str) -> str:
    """Return a WordPress excerpt (HTML) as one line of Markdown showing it.

    Only inline emphasis stays markup (a Summary is one line); text, including
    text that shows tags, stays text.
    """
    inline = nh3.clean(
        CONTROL.sub("", excerpt).replace("\n", " "),
        tags=set(TITLE_TAGS),
        clean_content_tags={"script", "style"},
        attributes={},
    )
    soup = BeautifulSoup(inline, "html.parser")
    markdown = BodyConverter(heading_style="ATX").convert_soup(soup)
    return " ".join(markdown.split())
