"""Write WordPress fields into Pelican metadata so text stays text.

WordPress stores a title as HTML (a reader sees `<em>` as emphasis and
`&lt;script&gt;` as the text "<script>"), term and author names escaped once
(`wp_specialchars`), and an excerpt as HTML. Pelican puts Title into pages as
HTML, keeps Category, Tags and Author as text (the theme escapes them), and
renders Summary as Markdown, so each field is written in the form that shows
the reader what WordPress showed.
"""

from __future__ import annotations

import html
import re

import nh3
from bs4 import BeautifulSoup

from common_ground_core.contract import CONTROL

# The inline elements a WordPress title may show; everything else is text.
TITLE_TAGS = frozenset(
    {"abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s"}
    | {"small", "strong", "sub", "sup", "u"}
)
# `&` only needs escaping where it would start a character reference.
REFERENCE_START = re.compile(r"&(?=[#A-Za-z0-9])")
# Characters Python-Markdown reads as markup anywhere in a line.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#!|])")
# Markup a line may start with: lists, quotes, headings, rules, definitions.
LINE_START = re.compile(r"^(\s*)([-+=:>]|\d+(?=[.)]))")


def _one_line(value: str) -> str:
    """Return `value` without control characters, on one line."""
    return " ".join(CONTROL.sub("", value).split())


def plain_text(fragment: str) -> str:
    """Return the words of an HTML fragment as text on one line."""
    return _one_line(BeautifulSoup(fragment, "html.parser").get_text(" "))


def html_text(text: str) -> str:
    """Return plain text as HTML that shows exactly that text."""
    return REFERENCE_START.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def title_html(raw: str) -> str:
    """Return a WordPress title (HTML) as safe inline HTML on one line."""
    cleaned = nh3.clean(_one_line(raw), tags=set(TITLE_TAGS), attributes={})
    return _one_line(cleaned)


def name_text(raw: str) -> str:
    """Return a term or author name (stored escaped once) as its plain text.

    Pelican keeps these names as text and the theme escapes them where it shows
    them; HTML entities cannot be used here, as Pelican splits Tags at `;`.
    """
    return _one_line(html.unescape(raw))


def tag_text(raw: str) -> str:
    """Return a tag name as text that Pelican's Tags list reads as one tag."""
    return " ".join(re.sub(r"[,;]", " ", name_text(raw)).split())


def markdown_text(text: str) -> str:
    """Return plain text as Markdown that renders exactly that text."""
    text = html_text(text)
    text = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return LINE_START.sub(lambda m: m[1] + "".join(f"&#{ord(c)};" for c in m[2]), text)
