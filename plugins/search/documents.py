"""What Pagefind reads: one small HTML document per searchable post or page.

Pagefind only keeps the title and the body of a page, so indexing these documents
gives the same index as indexing the written pages, without waiting for them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import PurePosixPath
from typing import Any

# Bump when the document layout changes, so cached bundles from before are not reused.
DOCUMENT_FORMAT = "1"


@dataclass(frozen=True)
class IndexDocument:
    """One searchable page: where it is written and the HTML Pagefind reads."""

    path: str
    html: str


def index_document(
    path: str, title_html: str, body_html: str, lang: str
) -> IndexDocument:
    """Return the document for a page saved at `path` (relative to the output).

    `title_html` and `body_html` go in as the theme writes them, so excerpts and
    heading anchors match the page a result links to.
    """
    html = (
        f'<!DOCTYPE html><html lang="{escape(lang, quote=True)}"><head>'
        f'<meta charset="utf-8"><title>{title_html}</title></head>'
        f"<body><h1>{title_html}</h1>\n{body_html}\n</body></html>\n"
    )
    return IndexDocument(path=path, html=html)


def is_indexable_path(path: str) -> bool:
    """Return whether `path` is a relative .html path that stays inside the output."""
    if not path.endswith((".html", ".htm")):
        return False
    parts = PurePosixPath(path).parts
    return bool(parts) and not PurePosixPath(path).is_absolute() and ".." not in parts


class BundleKey:
    """A digest of documents fed one at a time, in path order."""

    def __init__(self, indexer_version: str) -> None:
        self.hash = hashlib.sha256()
        self.hash.update(
            f"format {DOCUMENT_FORMAT}\0indexer {indexer_version}\0".encode()
        )

    def add(self, document: IndexDocument) -> None:
        """Add one document."""
        self.hash.update(document.path.encode("utf-8", "surrogatepass"))
        self.hash.update(b"\0")
        self.hash.update(document.html.encode("utf-8", "surrogatepass"))
        self.hash.update(b"\0")

    def hexdigest(self) -> str:
        """Return the key."""
        return self.hash.hexdigest()


def bundle_key(documents: Iterable[IndexDocument], indexer_version: str) -> str:
    """Return a digest that changes whenever the index built from `documents` could."""
    key = BundleKey(indexer_version)
    for document in sorted(documents, key=lambda d: d.path):
        key.add(document)
    return key.hexdigest()


def documents_for(
    contents: Iterable[Any], lang: str, body_of: Callable[[Any], str]
) -> Iterator[IndexDocument]:
    """Yield the documents of published posts and pages, in path order.

    Each object needs `save_as` and `title`; `body_of` returns its body HTML. One
    saved nowhere (an empty `save_as`) or outside the output is left out, as
    Pagefind would never see it.
    One document at a time: a thousand posts' text is never held twice.
    """
    paths = (
        (str(getattr(c, "save_as", "") or "").replace("\\", "/"), c) for c in contents
    )
    for path, content in sorted(
        ((p, c) for p, c in paths if is_indexable_path(p)), key=lambda pc: pc[0]
    ):
        yield index_document(path, str(content.title), body_of(content) or "", lang)
