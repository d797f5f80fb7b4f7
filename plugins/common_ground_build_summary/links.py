"""Find `{filename}` links that point at no content: pure functions, no pelican.

Pelican warns "Unable to find '<path>'" for such a link without naming the post
that holds it; the build summary plugin adds a warning that does.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urlsplit

# The link attributes Pelican rewrites, with its default {filename} / |filename|.
FILENAME_LINK = re.compile(
    r"""(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*"""
    r"""(["'])[{|]filename[|}](?P<target>.*?)\1""",
    re.IGNORECASE,
)


def linked_paths(html: str) -> Iterator[str]:
    """Yield the target of every `{filename}` link in `html`, as written."""
    for match in FILENAME_LINK.finditer(html):
        yield match.group("target")


def resolve(target: str, source: str) -> str:
    """Return the content-relative path Pelican looks up for `target` in `source`."""
    path = urlsplit(target).path
    if path.startswith("/"):
        return path[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), path))


def broken_links(html: str, source: str, known: Iterable[str]) -> list[str]:
    """Return the `{filename}` targets in `html` that resolve to no known file."""
    known = set(known)
    broken = []
    for target in linked_paths(html):
        if not urlsplit(target).path:
            continue  # a link to the post itself ({filename}#anchor)
        path = resolve(target, source)
        if path not in known and unquote(path) not in known:
            broken.append(target)
    return broken
