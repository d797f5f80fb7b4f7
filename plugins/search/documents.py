"""What Pagefind reads: one small HTML document per searchable post or page.

Pagefind only keeps the title and the body of a page, so indexing these documents
gives the same index as indexing the written pages, without waiting for them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import PurePosixPath

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


def bundle_key(documents: Iterable[IndexDocument], indexer_version: str) -> str:
    """Return a digest that changes whenever the index built from `documents` could."""
    digest = hashlib.sha256()
    digest.update(f"format {DOCUMENT_FORMAT}\0indexer {indexer_version}\0".encode())
    for document in sorted(documents, key=lambda d: d.path):
        digest.update(document.path.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
        digest.update(document.html.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def documents_for(contents: Iterable[object], lang: str) -> list[IndexDocument]:
    """Return the documents of published posts and pages (Pelican content objects).

    Each object needs `save_as`, `title` and `content`; one saved nowhere (an empty
    `save_as`) or outside the output is left out, as Pagefind would never see it.
    """
    documents = []
    for content in contents:
        path = getattr(content, "save_as", "") or ""
        path = path.replace("\\", "/")
        if not is_indexable_path(path):
            continue
        documents.append(
            index_document(path, str(content.title), content.content or "", lang)
        )
    return documents
