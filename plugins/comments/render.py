"""Turn untrusted comment Markdown into a small, safe subset of HTML."""

from __future__ import annotations

from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

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


def make_cleaner() -> nh3.Cleaner:
    """Return the one allowlist sanitizer used for every comment body."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )


class Renderer:
    """Render many bodies with one CommonMark parser and one sanitizer."""

    def __init__(self) -> None:
        self._md = MarkdownIt("commonmark")
        rules = self._md.add_render_rule
        # A stranger's image would load a remote file; its alt text says enough.
        rules("image", _image_as_text)
        # Headings would compete with the page's own outline.
        rules("heading_open", _paragraph_open)
        rules("heading_close", _paragraph_close)
        self._cleaner = make_cleaner()

    def render(self, text: str) -> str:
        """Return the safe HTML for one Markdown body."""
        return self.sanitize(self._md.render(text)).strip()

    def sanitize(self, html: str) -> str:
        """Return `html` reduced to the allowlist (balanced, no script, no loads)."""
        return self._cleaner.clean(html)


def _image_as_text(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """Render an image as its escaped alt text."""
    token = tokens[idx]
    return escapeHtml(self.renderInlineAsText(token.children or [], options, env))


def _paragraph_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """Open a paragraph where the author opened a heading."""
    return "<p>"


def _paragraph_close(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """Close the paragraph opened instead of a heading."""
    return "</p>\n"
