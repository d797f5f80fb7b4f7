"""Turn untrusted comment Markdown into a small, safe subset of HTML."""

from __future__ import annotations

import re

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

from common_ground_core.contract import safe_url

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "strong",
        "sub",
        "sup",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "q": {"cite"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
# Their text is dropped with the tag: it is code or markup, not prose.
CLEAN_CONTENT_TAGS = frozenset(
    {"script", "style", "template", "textarea", "title", "noscript", "xmp"}
)


def _absolute_cite(tag: str, attribute: str, value: str) -> str | None:
    """Drop a `cite` that is not an absolute URL of an allowed scheme.

    nh3 applies `url_relative="deny"` to links, not to `cite`, so a quote in a
    stranger's comment could otherwise point into this site.
    """
    if attribute == "cite":
        return safe_url(value, schemes=tuple(sorted(URL_SCHEMES)))
    return value


def make_cleaner() -> nh3.Cleaner:
    """Return the one allowlist sanitizer used for every comment body."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        attribute_filter=_absolute_cite,
        link_rel=LINK_REL,
        strip_comments=True,
    )


# cmark writes images and headings in exactly these shapes; an image becomes its
# alt text (a stranger's image would load a remote file) and a heading becomes a
# paragraph (it would compete with the page's own outline). Raw HTML in the body
# that looks the same is treated the same, and nh3 decides what survives.
_IMAGE = re.compile(r'<img src="[^"]*" alt="([^"]*)"(?: title="[^"]*")? />')
_HEADING = re.compile(r"<(/?)h[1-6]>")


class Renderer:
    """Render many bodies with one CommonMark parser and one sanitizer."""

    def __init__(self) -> None:
        self._cleaner = make_cleaner()

    def render(self, text: str) -> str:
        """Return the safe HTML for one Markdown body."""
        # Raw HTML is let through to nh3, the one gate for what may appear.
        html = cmarkgfm.markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
        html = _HEADING.sub(r"<\1p>", _IMAGE.sub(r"\1", html))
        return self.sanitize(html).strip()

    def sanitize(self, html: str) -> str:
        """Return `html` reduced to the allowlist (balanced, no script, no loads)."""
        return self._cleaner.clean(html)
