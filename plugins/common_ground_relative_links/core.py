"""Resolve raw relative references the way a flat Pelican site meant them.

Pure: no Pelican import. A reference is resolved to Pelican's own intrasite
syntax (`{filename}/posts/x.md`, `{static}/images/x.png`), so Pelican writes the
final URL for every page, listing and feed that shows the text, and copies
every static file so linked.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from common_ground_core.contract import url_path

# Attributes whose whole value is one URL (those Pelican's own {filename}
# replacement also reads), on any element: <a href>, <img src>, <video poster>,
# <source src>, <object data>, <blockquote cite>, <form action> ...
URL_ATTRIBUTES = frozenset(
    {"href", "src", "poster", "data", "cite", "action", "formaction"}
)
# A start tag; tags inside code blocks are escaped (&lt;) and never match.
START_TAG = re.compile(r"<[A-Za-z][^<>]*>")
ATTRIBUTE = re.compile(
    r"""(?P<lead>\s)(?P<name>[A-Za-z_:][-A-Za-z0-9_:.]*)(?P<eq>\s*=\s*)"""
    r"""(?P<quote>["'])(?P<value>.*?)(?P=quote)""",
    re.S,
)
# Pelican's intrasite markers: {filename}, |static|, {attach}, {tag} ...
INTRASITE = re.compile(r"^[{|]\w+[|}]")
PAGE_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True, slots=True)
class Document:
    """Where one article or page lives now and where flat Pelican put it."""

    source_path: str  # relative to the content folder, with "/"
    old_url: str  # e.g. "other-post.html" or "pages/about.html"
    url: str  # its address on this site, e.g. "posts/other-post/"
    slug: str = ""  # a bare `/other-post` names it too


@dataclass(frozen=True, slots=True)
class LinkTargets:
    """What a reference may name: content files and the posts' addresses."""

    # Source path of every article and page (they are linked with {filename}).
    sources: frozenset[str]
    # url_key() of an old or current address -> what Pelican links it with:
    # "{filename}/posts/x.md", "{category}slug", "{tag}slug", "{index}" ...
    addresses: Mapping[str, str]
    # Whether a path relative to the content folder is an existing file.
    is_file: Callable[[str], bool]
    # Content-relative folders Pelican copies as static files (STATIC_PATHS).
    static_paths: tuple[str, ...] = ()


@dataclass(slots=True)
class Rewrite:
    """The text with its references resolved, and what could not be."""

    html: str
    unresolved: list[str] = field(default_factory=list)
    # Unresolved reference -> the link it now has: where it pointed from the
    # post's old flat address (a video deployed beside the site keeps working).
    as_on_old_page: dict[str, str] = field(default_factory=dict)
    # Files named only in a srcset that Pelican will not copy to the output.
    uncopied: list[str] = field(default_factory=list)


def url_key(path: str) -> str:
    """Reduce an address so `x.html`, `x`, `/x/` and `x/index.html` compare equal."""
    key = url_path(path)
    for suffix in PAGE_SUFFIXES:
        if key.endswith(suffix):
            return key[: -len(suffix)]
    return key


def needs_resolving(reference: str) -> bool:
    """Tell whether a reference is relative and not already Pelican's syntax."""
    reference = reference.strip()
    if not reference or reference.startswith(("#", "//")) or INTRASITE.match(reference):
        return False
    parts = urlsplit(reference)
    return not parts.scheme and not parts.netloc and bool(parts.path)


def _inside(path: str) -> str | None:
    """Return the normalised content-relative path, or None if it leaves the tree."""
    path = posixpath.normpath(path)
    if path == ".":
        return ""  # the site's root: its home page
    if path == ".." or path.startswith(("../", "/")):
        return None
    return path


def _candidates(path: str, document: Document) -> list[str]:
    """Return where `path` may point, most likely first, relative to the content."""
    if path.startswith("/"):
        found = [_inside(path.lstrip("/"))]
    else:
        url_folder = (
            document.url
            if document.url.endswith("/")
            else posixpath.dirname(document.url)
        )
        bases = (
            posixpath.dirname(document.source_path),
            posixpath.dirname(document.old_url),
            url_folder,
        )
        found = [_inside(posixpath.join(base, path)) for base in bases]
    unique: list[str] = []
    for candidate in found:
        if candidate is not None and candidate not in unique:
            unique.append(candidate)
    return unique


def _encode(path: str) -> str:
    """Escape what a URL cannot hold as written (Pelican unquotes it again)."""
    return path.replace("%", "%25").replace(" ", "%20")


def resolve(reference: str, document: Document, site: LinkTargets) -> str | None:
    """Return the reference in Pelican's intrasite syntax, or None if it names nothing.

    A file in the content tree wins (relative to the source file, then to the old
    flat address, then to the current one); otherwise an old or current address
    of a post or page. Query and fragment are kept as written.
    """
    reference = reference.strip()
    parts = urlsplit(reference)
    rest = reference[len(parts.path) :]
    candidates = _candidates(unquote(parts.path), document)
    for candidate in filter(None, candidates):
        if candidate in site.sources:
            return "{filename}/" + _encode(candidate) + rest
        if site.is_file(candidate):
            return "{static}/" + _encode(candidate) + rest
    for candidate in candidates:
        target = site.addresses.get(url_key(candidate))
        if target is not None:
            return target + rest
    return None


def old_page_path(reference: str, document: Document) -> str | None:
    """Return the site path a reference named from the post's old flat address.

    `video/clip.mp4` in a post plain Pelican put at `first-steps.html` meant
    `video/clip.mp4` at the site's root. None if it leaves the site's root.
    Query and fragment are kept as written.
    """
    reference = reference.strip()
    parts = urlsplit(reference)
    rest = reference[len(parts.path) :]
    path = unquote(parts.path)
    if not path.startswith("/"):
        path = posixpath.join(posixpath.dirname(document.old_url), path)
    inside = _inside(path.lstrip("/"))
    if inside is None:
        return None
    if path.endswith("/") and inside:
        inside += "/"
    return _encode(inside) + rest


def site_addresses(
    documents: Iterable[Document],
    others: Iterable[tuple[str, Iterable[str]]] = (),
) -> dict[str, str]:
    """Map every address a reference may use to Pelican's link for it.

    `documents` come most important first (the first claim of an address wins);
    `others` are (link, addresses) for pages that are not content, e.g.
    ("{category}seo", ["category/seo.html", "category/seo/"]). The site's root
    is its home page.
    """
    found = {"": "{index}"}
    for document in documents:
        for address in (document.old_url, document.url, document.slug):
            found.setdefault(
                url_key(address), "{filename}/" + _encode(document.source_path)
            )
    for link, addresses in others:
        for address in addresses:
            found.setdefault(url_key(address), link)
    return found


def _is_static(path: str, site: LinkTargets) -> bool:
    """Tell whether Pelican copies this content file as a static file anyway."""
    return any(
        folder in {"", "."}
        or path == folder
        or path.startswith(folder.rstrip("/") + "/")
        for folder in site.static_paths
    )


def _resolve_srcset(
    value: str,
    document: Document,
    site: LinkTargets,
    static_url: Callable[[str], str],
    result: Rewrite,
) -> str:
    """Resolve each candidate URL of a srcset (Pelican leaves srcset alone)."""
    pieces = []
    for candidate in value.split(","):
        words = candidate.split()
        if words and needs_resolving(words[0]):
            resolved = resolve(words[0], document, site)
            if resolved is None or not resolved.startswith("{static}/"):
                result.unresolved.append(words[0])
            else:
                target = unquote(urlsplit(resolved[len("{static}/") :]).path)
                linked = "{static}/" + _encode(target)
                if not _is_static(target, site) and linked not in result.html:
                    result.uncopied.append(target)
                words[0] = static_url(_encode(target))
        pieces.append(" ".join(words))
    return ", ".join(pieces)


def rewrite_html(
    html: str,
    document: Document,
    site: LinkTargets,
    static_url: Callable[[str], str],
) -> Rewrite:
    """Resolve every raw relative reference in the tags of `html`.

    `static_url(path)` gives the address of a static file for a srcset, which
    Pelican's own replacement does not read.
    """
    result = Rewrite(html=html)

    def single(match: re.Match[str]) -> str:
        value = match.group("value")
        if match.group("name").lower() not in URL_ATTRIBUTES or not needs_resolving(
            value
        ):
            return match.group(0)
        resolved = resolve(value, document, site)
        if resolved is None:
            result.unresolved.append(value.strip())
            old_page = old_page_path(value, document)
            if old_page is None:
                return match.group(0)
            result.as_on_old_page[value.strip()] = static_url(old_page)
            return replace_value(match, static_url(old_page))
        return replace_value(match, resolved)

    def srcset(match: re.Match[str]) -> str:
        if match.group("name").lower() != "srcset":
            return match.group(0)
        value = _resolve_srcset(
            match.group("value"), document, site, static_url, result
        )
        return replace_value(match, value)

    # URL attributes first, so a srcset file also linked as {static} is known
    # to be copied.
    for handler in (single, srcset):
        result.html = START_TAG.sub(
            lambda tag, handler=handler: ATTRIBUTE.sub(handler, tag.group(0)),
            result.html,
        )
    result.unresolved = list(dict.fromkeys(result.unresolved))
    result.uncopied = list(dict.fromkeys(result.uncopied))
    return result


def replace_value(match: re.Match[str], value: str) -> str:
    """Return a matched attribute (lead, name, eq, quote groups) with a new value."""
    quote = match.group("quote")
    return f"{match['lead']}{match['name']}{match['eq']}{quote}{value}{quote}"


def outside_folder(path: str, folder: str) -> bool:
    """Tell whether `path` (after `..` is resolved) lies outside `folder`."""
    normal, root = posixpath.normpath(path), posixpath.normpath(folder)
    return posixpath.commonpath([normal, root]) != root
