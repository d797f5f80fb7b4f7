"""Which HTML files Pagefind must read: the folders of pages it can index."""

from __future__ import annotations

from collections.abc import Iterable

# Pagefind drops every page without this attribute once any page has it, so the
# other pages need not be read at all. Attribute names are case-insensitive.
BODY_MARK = b"data-pagefind-body"
# Folder names with these would need escaping in a glob; such sites read everything.
_GLOB_SPECIAL = frozenset("*?[]{}!,\\")


def has_body_mark(html: bytes) -> bool:
    """Return whether a page's HTML may carry `data-pagefind-body`."""
    # A mention of the attribute in prose also matches: reading one page too many
    # costs a little time, never a page missing from the index.
    return BODY_MARK in html or BODY_MARK in html.lower()


def index_glob(pages: Iterable[tuple[str, bool]]) -> str | None:
    """Return a glob over the top-level folders of marked pages, or None for all.

    `pages` are (path relative to the site, with "/", marked) pairs. None keeps
    Pagefind's default glob: when no page is marked Pagefind indexes every page,
    and when every page is marked there is nothing to leave out.
    """
    patterns: set[str] = set()
    unmarked = False
    for path, marked in pages:
        if not marked:
            unmarked = True
            continue
        top, sep, _ = path.partition("/")
        if _GLOB_SPECIAL.intersection(top):
            return None
        # A whole folder is read even if it also holds listings: a superset of the
        # marked pages gives the same index and keeps the glob short.
        patterns.add(f"{top}/**/*.html" if sep else top)
    if not patterns or not unmarked:
        return None
    ordered = sorted(patterns)
    return ordered[0] if len(ordered) == 1 else "{" + ",".join(ordered) + "}"
