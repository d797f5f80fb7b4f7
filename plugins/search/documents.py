"""What Pagefind reads: one small HTML document per searchable post or page.

Pagefind only keeps the title and the body of a page, so indexing these documents
gives the same index as indexing the written pages, without waiting for them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from html import escape
from itertools import chain, islice
from pathlib import PurePosixPath
from typing import Any

# Bump when the document layout changes, so cached bundles from before are not reused.
DOCUMENT_FORMAT = "2"


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


# Marks the vocabulary page, so the search page can leave it out of every result.
VOCABULARY_FILTER = {"vocabulary": "all"}
_TAG = re.compile(r"<[^>]*>")


class Vocabulary:
    """Every word of the site's documents, so each index part can know them all.

    Pagefind answers a word it has not indexed with the pages of the longest
    indexed word it starts with ("invitation" falls back to "in"), and drops a
    query word no page has. Within one index that is a useful guess; across parts
    it would let a part without the word answer with unrelated pages while
    another part has the real ones. A page holding the whole vocabulary in every
    part makes each part know what the whole site knows; the search page filters
    that page out of the results (`VOCABULARY_FILTER`).
    """

    def __init__(self) -> None:
        self.words: set[str] = set()

    def add(self, html: str) -> None:
        """Add the words of one document's text (markup stripped, as written)."""
        # Entities are kept as written: Pagefind decodes the page the same way.
        self.words.update(_TAG.sub(" ", html).split())

    def page(self, lang: str) -> str:
        """Return the vocabulary page: each word once, in order, with the filter."""
        ((name, value),) = VOCABULARY_FILTER.items()
        return (
            f'<!DOCTYPE html><html lang="{escape(lang, quote=True)}"><head>'
            f'<meta charset="utf-8"><title>{name}</title></head><body>'
            f'<p data-pagefind-filter="{name}:{value}">'
            + " ".join(sorted(self.words))
            + "</p></body></html>\n"
        )


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


def source_key(
    entries: Iterable[tuple[str, str, str]],
    link_targets: Iterable[tuple[str, str]],
    settings: Mapping[str, Any],
    versions: Iterable[str],
) -> str | None:
    """Return a digest of everything the documents are made from, or None.

    `entries` are each searchable page's (path, title, body before Pelican
    rewrites its links), in search order; `link_targets` every (source, URL) a
    `{filename}` link can point to; `settings` Pelican's. Equal keys mean equal
    documents, so a rebuild can reuse the index without making them at all.
    None when a setting cannot be described stably: then documents are made.
    """
    hasher = hashlib.sha256(f"format {DOCUMENT_FORMAT}\0".encode())
    try:
        described = json.dumps(
            {key: value for key, value in settings.items() if key.isupper()},
            sort_keys=True,
            default=_described_by_type,
        )
    except (TypeError, ValueError):
        return None
    for part in (*versions, described):
        hasher.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for source, url in sorted(link_targets):
        hasher.update(f"link {source}\0{url}\0".encode("utf-8", "surrogatepass"))
    for path, title, body in entries:
        for field_ in (path, title, body):
            hasher.update(field_.encode("utf-8", "surrogatepass") + b"\0")
    return hasher.hexdigest()


def _described_by_type(value: object) -> str:
    # Functions and classes in settings (Jinja filters, say) never change a
    # page's body; their reprs hold addresses that differ on every run.
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def search_order(path: str, date: datetime | None) -> tuple[int, float, str]:
    """Return the sort key that puts undated pages first, then posts oldest first.

    Index parts are cut from this order, so a new post only ever lands in the last
    part and the parts before it keep their cached bundles.
    """
    if date is None:
        return (0, 0.0, path)
    return (1, date.timestamp(), path)


def documents_for(
    pages: Iterable[tuple[str, Any]], lang: str, body_of: Callable[[Any], str]
) -> Iterator[IndexDocument]:
    """Yield the document of each (path, content) that `searchable` returned.

    Each content needs `title`; `body_of` returns its body HTML.
    One document at a time: a thousand posts' text is never held twice.
    """
    for path, content in pages:
        yield index_document(path, str(content.title), body_of(content) or "", lang)


def searchable(contents: Iterable[Any]) -> list[tuple[str, Any]]:
    """Return (path, content) of each indexable page, in `search_order`.

    Each object needs `save_as` (and may have `date`). One saved nowhere (an empty
    `save_as`) or outside the output is left out, as Pagefind would never see it.
    """
    paths = (
        (str(getattr(c, "save_as", "") or "").replace("\\", "/"), c) for c in contents
    )
    keyed = [
        (search_order(path, getattr(content, "date", None)), path, content)
        for path, content in paths
        if is_indexable_path(path)
    ]
    keyed.sort(key=lambda kpc: kpc[0])
    return [(path, content) for _, path, content in keyed]


def in_parts(
    documents: Iterable[IndexDocument], size: int
) -> Iterator[Iterator[IndexDocument]]:
    """Cut `documents` into consecutive parts of at most `size` documents.

    Pagefind holds every page it indexes in memory at once (about 0.3 MiB per
    1,200-word post), so each part is indexed on its own to bound that memory.
    Like `itertools.groupby`, each part must be used up before asking for the next;
    that way no part is ever held in memory whole.
    """
    documents = iter(documents)
    for first in documents:
        yield chain((first,), islice(documents, size - 1))
