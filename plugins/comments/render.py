"""Turn untrusted comment Markdown into a small, safe subset of HTML."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Bump when the output for the same input changes, so cached bodies are redone.
RENDER_VERSION = "3"

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
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _QuietImages(Treeprocessor):
    """Replace Markdown images by their alt text and headings by paragraphs."""

    def run(self, root: ET.Element) -> None:
        """Rewrite the tree in place: no remote loads, no page-level headings."""
        for parent in list(root.iter()):
            # Backwards, so removing a child leaves the earlier indexes valid.
            for index in range(len(parent) - 1, -1, -1):
                child = parent[index]
                if child.tag in _HEADINGS:
                    child.tag = "p"
                elif child.tag == "img":
                    _replace_with_text(parent, index, child.get("alt", ""))


def _replace_with_text(parent: ET.Element, index: int, text: str) -> None:
    """Remove parent[index], keeping `text` and its tail in the flow."""
    child = parent[index]
    joined = text + (child.tail or "")
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(child)


class _SafeExtension(Extension):
    """Register the image/heading rewriter after Markdown's inline pass."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - API name
        """Add the tree processor at low priority so inline images exist."""
        md.treeprocessors.register(_QuietImages(md), "comments_quiet_images", 1)


def fingerprint() -> str:
    """Return a short hash of everything that decides the rendered output."""
    parts = [
        RENDER_VERSION,
        markdown.__version__,
        nh3.__version__ if hasattr(nh3, "__version__") else "nh3",
        ",".join(sorted(ALLOWED_TAGS)),
        repr(sorted((k, sorted(v)) for k, v in ALLOWED_ATTRIBUTES.items())),
        ",".join(sorted(URL_SCHEMES)),
        LINK_REL,
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


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


# Most comments are prose with a little *emphasis*, **strong**, `code`, an
# [http link](https://…) or a "> quote" paragraph. For exactly that subset the
# output below is what Python-Markdown produces, at a fraction of the cost;
# anything else (or anything doubtful) returns None and takes the full
# Markdown path. tests/test_comments_sanitize.py checks that the two paths agree
# on generated bodies, near-misses included.
_NOT_PLAIN_CHAR = re.compile(r"[^\w \n.,;:?!'\"()/%$@…–—‘’“”-]|_")
# A line starting with a space, digit or dash, or ending with a space.
_NOT_PLAIN_LINE = re.compile(r"^[ \d-]| $", re.M)
_BLANK_LINES = re.compile(r"\n[ ]*\n\s*")
_WORDS = r"[^\W_](?:(?:[^\W_]|['’ -])*[^\W_])?"
_TOKEN = re.compile(
    rf"\*\*(?P<strong>{_WORDS})\*\*"
    rf"|\*(?P<em>{_WORDS})\*"
    r"|`(?P<code>[^`\s<>&\\](?:[^`\n<>&\\]*[^`\s<>&\\])?)`"
    rf"|\[(?P<text>{_WORDS})\]\((?P<url>https?://[A-Za-z0-9.~/%-]+)\)"
)
_BEFORE_TOKEN = frozenset(" \n(")
_AFTER_TOKEN = frozenset(" \n.,;:!?)")


def _fast_inline(text: str) -> str | None:
    """Return the HTML of one paragraph's inline subset, or None if unsure."""
    out: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        gap = text[pos:start]
        if _NOT_PLAIN_CHAR.search(gap):
            return None
        if start and text[start - 1] not in _BEFORE_TOKEN:
            return None
        if end < len(text) and text[end] not in _AFTER_TOKEN:
            return None
        out.append(gap)
        kind = match.lastgroup
        if kind == "strong":
            out.append(f"<strong>{match['strong']}</strong>")
        elif kind == "em":
            out.append(f"<em>{match['em']}</em>")
        elif kind == "code":
            out.append(f"<code>{match['code']}</code>")
        else:
            out.append(f'<a href="{match["url"]}">{match["text"]}</a>')
        pos = end
    tail = text[pos:]
    if _NOT_PLAIN_CHAR.search(tail):
        return None
    out.append(tail)
    return "".join(out)


def fast_markdown(text: str) -> str | None:
    """Return Python-Markdown's output for a body in the fast subset, else None."""
    if not text or text != text.strip() or _NOT_PLAIN_LINE.search(text):
        return None
    blocks: list[str] = []
    was_quoted = False
    for paragraph in _BLANK_LINES.split(text):
        quoted = paragraph.startswith("> ")
        if quoted:
            paragraph = paragraph[2:]
            # Python-Markdown merges adjacent quotes: leave that case to it.
            if was_quoted or "\n" in paragraph or not paragraph[:1].isalpha():
                return None
        was_quoted = quoted
        inline = _fast_inline(paragraph)
        if inline is None:
            return None
        if quoted:
            blocks.append(f"<blockquote>\n<p>{inline}</p>\n</blockquote>")
        else:
            blocks.append(f"<p>{inline}</p>")
    return "\n".join(blocks)


class Renderer:
    """Render many bodies with one reused Markdown parser and one sanitizer."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=[_SafeExtension()], output_format="html"
        )
        self._cleaner = make_cleaner()

    def render(self, text: str) -> str:
        """Return the safe HTML for one Markdown body."""
        html = fast_markdown(text)
        if html is None:
            return self.markdown(text)
        return self.sanitize(html).strip()

    def markdown(self, text: str) -> str:
        """Return the safe HTML for one body, always through Python-Markdown."""
        self._md.reset()
        return self.sanitize(self._md.convert(text)).strip()

    def sanitize(self, html: str) -> str:
        """Return `html` reduced to the allowlist (balanced, no script, no loads)."""
        return self._cleaner.clean(html)


def cache_key(body: str, fingerprint_: str) -> str:
    """Return the render-cache key of one body under one renderer fingerprint."""
    return hashlib.sha256((fingerprint_ + "\0" + body).encode("utf-8")).hexdigest()
