"""Map the old blog's addresses to imported files, images and aliases."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

UPLOADS_MARKER = "/wp-content/uploads/"
IMAGES_DIR = "images"
# Old addresses ending in a slug that name a listing, not a post.
NOT_POSTS = tuple(
    f"/{prefix}/"
    for prefix in (
        "category",
        "tag",
        "author",
        "feed",
        "comments",
        "wp-content",
        "wp-admin",
        "wp-includes",
        "search",
        "type",
    )
)


def host_of(url: str) -> str:
    """Return the lower-case host of `url` without a leading www."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def address_path(path: str) -> str:
    """Return an address as the import compares it: `/a/b` (index.php too)."""
    path = posixpath.normpath("/" + unquote(path).lstrip("/"))
    path = path.removesuffix("/index.html").removesuffix("/index.php")
    return path.rstrip("/") or "/"


def alias_of(url: str, hosts: set[str]) -> str | None:
    """Return the old permalink's path as an alias, or None if it cannot be one."""
    parts = urlsplit(url)
    if parts.query or parts.fragment or host_of(url) not in hosts:
        return None
    path = address_path(parts.path)
    if path == "/":
        return None
    last = path.rsplit("/", 1)[-1]
    return path if "." in last else path + "/"


@dataclass
class LinkIndex:
    """Where old addresses of imported items point now, and what links did."""

    hosts: set[str]
    base: str
    uploads: frozenset[str] | None = None
    by_id: dict[str, str] = field(default_factory=dict)
    by_path: dict[str, str] = field(default_factory=dict)
    by_slug: dict[str, str] = field(default_factory=dict)
    copies: dict[str, str] = field(default_factory=dict)  # images/x -> uploads/x
    missing_uploads: set[str] = field(default_factory=set)
    kept_uploads: set[str] = field(default_factory=set)
    internal: int = 0
    # Items the old blog kept from the public: target -> how messages name it.
    hidden: dict[str, str] = field(default_factory=dict)
    # What the post being converted used: missing images, links to hidden items.
    # `start_post` empties them, so each post names all of its own.
    post_missing: set[str] = field(default_factory=set)
    post_hidden_links: list[str] = field(default_factory=list)
    source_hidden: bool = False

    def start_post(self, *, hidden: bool) -> None:
        """Begin converting one post; `hidden`: the old blog kept it from the public."""
        self.post_missing = set()
        self.post_hidden_links = []
        self.source_hidden = hidden

    def add(
        self,
        wp_id: str,
        urls: list[str],
        target: str,
        slug: str = "",
        hidden_label: str = "",
    ) -> None:
        """Record that the item `wp_id`, known by `urls`, now lives in `target`.

        `hidden_label` names an item the old blog kept from the public.
        """
        if hidden_label:
            self.hidden.setdefault(target, hidden_label)
        self.by_id.setdefault(wp_id, target)
        if slug:
            self.by_slug.setdefault(slug, target)
        for url in urls:
            if url and self.is_local(url):
                parts = urlsplit(url)
                if not parts.query:
                    self.by_path.setdefault(address_path(parts.path), target)

    def is_local(self, url: str) -> bool:
        """Return whether `url` addresses the old blog (absolute or root-relative)."""
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            return host_of(url) in self.hosts
        return not parts.scheme and not parts.netloc and url.startswith("/")

    def find(self, url: str) -> str | None:
        """Return the content path an old address of an imported item maps to."""
        if not self.is_local(url):
            return None
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        for key in ("p", "page_id"):
            if query.get(key):
                return self.by_id.get(query[key][0].strip())
        for key in ("name", "pagename"):
            if query.get(key):
                return self.by_slug.get(query[key][0].strip().strip("/"))
        if parts.query:
            return None
        path = address_path(parts.path)
        found = self.by_path.get(path)
        if found is None and not path.startswith(NOT_POSTS):
            # WordPress answers any permalink structure ending in a post's
            # slug with that post (and redirects an old one to it).
            last = path.rsplit("/", 1)[-1]
            last = last.removesuffix(".html").removesuffix(".php")
            # A number is a year, month or listing page, not a post's slug.
            found = None if last.isdigit() else self.by_slug.get(last)
        return found

    def _upload(self, url: str) -> str:
        """Point an uploads link at content/images, or keep its absolute address."""
        parts = urlsplit(url)
        relative = unquote(parts.path.split(UPLOADS_MARKER, 1)[1]).lstrip("/")
        absolute = url
        if not parts.scheme:
            base = urlsplit(self.base)
            absolute = urlunsplit((base.scheme, base.netloc, *parts[2:]))
        if self.uploads is None:
            self.kept_uploads.add(relative)
            return absolute
        if relative not in self.uploads or ".." in relative.split("/"):
            self.missing_uploads.add(relative)
            self.post_missing.add(relative)
            return absolute
        target = f"{IMAGES_DIR}/{relative}"
        self.copies[target] = relative
        return "{static}/" + target

    def _on_old_site(self, url: str) -> str:
        """Return a root-relative address of the old blog as an absolute one.

        It named a file of the old site (a theme image, an archive page); on the
        new site the same path would name nothing.
        """
        parts = urlsplit(url)
        base = urlsplit(self.base)
        if parts.scheme or not base.netloc:
            return url
        return urlunsplit((base.scheme, base.netloc, *parts[2:]))

    def rewrite(self, url: str) -> str:
        """Return the address a link or image should use in the imported post.

        "" means: drop the link, keep its text. A public post's link to an item
        the old blog kept from the public would lead nowhere on the new site and
        would point readers at the old, still-private address.
        """
        url = url.strip()
        if not self.is_local(url):
            return url
        if UPLOADS_MARKER in urlsplit(url).path:
            return self._upload(url)
        target = self.find(url)
        if target is None:
            return self._on_old_site(url)
        if target in self.hidden and not self.source_hidden:
            self.post_hidden_links.append(self.hidden[target])
            return ""
        self.internal += 1
        fragment = urlsplit(url).fragment
        return "{filename}/" + target + (f"#{fragment}" if fragment else "")
