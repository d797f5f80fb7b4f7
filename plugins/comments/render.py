"""Turn untrusted comment Markdown into a small, safe subset of HTML."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Bump when the output for the same input changes, so cached bodies are redone.
RENDER_VERSION = "1"

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
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
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


class Renderer:
    """Render many bodies with one reused Markdown parser and one sanitizer."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=[_SafeExtension()], output_format="html"
        )
        self._cleaner = make_cleaner()

    def render(self, text: str) -> str:
        """Return the safe HTML for one Markdown body."""
        self._md.reset()
        return self.sanitize(self._md.convert(text)).strip()

    def sanitize(self, html: str) -> str:
        """Return `html` reduced to the allowlist (balanced, no script, no loads)."""
        return self._cleaner.clean(html)


def cache_key(body: str, fingerprint_: str) -> str:
    """Return the render-cache key of one body under one renderer fingerprint."""
    return hashlib.sha256((fingerprint_ + "\0" + body).encode("utf-8")).hexdigest()
