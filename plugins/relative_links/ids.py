"""Make a listed post's ids unique on a listing page. Pure: no Pelican import.

A listing shows several posts' text on one page; each keeps heading ids such as
`introduction`, which then repeat. Prefixing every id of one post with its slug
makes them unique, and its `#fragment` links follow: to the prefixed id when the
target is on the listing, else to the post's own page.
"""

from __future__ import annotations

import re

from .core import replace_value

START_TAG = re.compile(r"<[A-Za-z][^<>]*>")
ID = re.compile(
    r"""(?P<lead>\s)(?P<name>id)(?P<eq>\s*=\s*)(?P<quote>["'])(?P<value>.*?)(?P=quote)""",
    re.I | re.S,
)
# Attributes that name ids of the same document (ARIA relations, labels, tables).
ID_REFERENCES = re.compile(
    r"""(?P<lead>\s)(?P<name>for|headers|aria-labelledby|aria-describedby|"""
    r"""aria-controls|aria-owns|aria-details|list|form)(?P<eq>\s*=\s*)"""
    r"""(?P<quote>["'])(?P<value>.*?)(?P=quote)""",
    re.I | re.S,
)
FRAGMENT_HREF = re.compile(
    r"""(?P<lead>\s)(?P<name>href)(?P<eq>\s*=\s*)(?P<quote>["'])#(?P<value>.*?)(?P=quote)""",
    re.I | re.S,
)


def unique_ids(html: str, prefix: str, page_url: str) -> str:
    """Prefix every id in `html` with `prefix-`; point `#x` links at the new ids.

    A `#x` link whose target is not in `html` (a truncated summary) goes to
    `page_url#x`, the post's own page.
    """
    if not html or not prefix:
        return html
    ids = {m.group("value") for m in ID.finditer(html)}

    def renamed(name: str) -> str:
        return f"{prefix}-{name}"

    def one_id(match: re.Match[str]) -> str:
        return replace_value(match, renamed(match.group("value")))

    def references(match: re.Match[str]) -> str:
        names = [renamed(n) if n in ids else n for n in match.group("value").split()]
        return replace_value(match, " ".join(names))

    def fragment(match: re.Match[str]) -> str:
        target = match.group("value")
        if not target:  # "#" alone: the top of whatever page shows it
            return match.group(0)
        href = f"#{renamed(target)}" if target in ids else f"{page_url}#{target}"
        return replace_value(match, href)

    def tag(match: re.Match[str]) -> str:
        text = ID.sub(one_id, match.group(0))
        text = ID_REFERENCES.sub(references, text)
        return FRAGMENT_HREF.sub(fragment, text)

    return START_TAG.sub(tag, html)
