"""Parse `Aliases:`, settle who owns each old address, and write the pages.

Pure: nothing here imports Pelican or touches files. An alias is a
root-relative path such as `/2012/12/19/meh-sales/` or `/old/page.html`.
"""

from __future__ import annotations

import html
import posixpath
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from common_ground_core.contract import title_text

MAP_HEADER = (
    "# Old address -> new address, one pair per line, separated by one space.\n"
    "# Written by the aliases plugin from the Aliases: metadata of each post.\n"
)


@dataclass(frozen=True)
class Claim:
    """A post's claim on an old address."""

    alias: str
    source_path: str
    url: str  # the post's own URL, relative to the site root
    title: str


@dataclass(frozen=True)
class Redirect:
    """One alias that gets a redirect page."""

    alias: str
    save_as: str
    url: str
    title: str
    source_path: str


# The longest alias the server map takes, in bytes of UTF-8: the documented nginx
# map (map_hash_bucket_size 512) holds keys up to about 490 bytes.
MAX_ALIAS_BYTES = 400
# Characters written as themselves in the map file; every other ASCII character
# (space, quotes, `;`, `{`, `}`, `#`, `$`, `\`, `%`, ...) is percent-encoded, as
# is any non-ASCII whitespace, so nginx and Apache read each line as two words.
MAP_SAFE_ASCII = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~!&()*+,=:@"
)
# nginx compares map keys ignoring ASCII case (and only ASCII case).
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _alias_problem(value: str, path: str) -> str | None:
    """Return why a decoded alias path cannot be served, or None when it can."""
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in path):
        return (
            f"alias {value!r} holds a control character or a byte that is not "
            "UTF-8; no file or server map can hold it"
        )
    if any(s in (".", "..") for s in path.split("/")):
        return f"alias {value!r} is not a plain path"
    if len(map_token(path).encode("utf-8")) > MAX_ALIAS_BYTES:
        return (
            f"alias {value!r} is longer than the {MAX_ALIAS_BYTES} bytes the "
            "server map takes"
        )
    return None


def parse_aliases(raw: str) -> tuple[list[str], list[str]]:
    """Return (aliases, problems) for an `Aliases:` value; commas separate paths."""
    aliases: list[str] = []
    problems: list[str] = []
    for part in raw.split(","):
        value = part.strip()
        if not value:
            continue
        try:
            parts = urlsplit(value)
        except ValueError:  # an unbalanced `[` or `]` after `//`
            problems.append(f"alias {value!r} must be a path starting with /")
            continue
        path = unquote(parts.path, errors="surrogateescape")
        if parts.scheme or parts.netloc or not value.startswith("/"):
            problems.append(f"alias {value!r} must be a path starting with /")
        elif parts.query or parts.fragment:
            problems.append(
                f"alias {value!r} has a query or fragment; a static site cannot "
                "serve it"
            )
        elif problem := _alias_problem(value, path):
            problems.append(problem)
        elif path == "/":
            problems.append("alias '/' would replace the home page")
        else:
            last = path.split("/")[-1]
            aliases.append(path if (last == "" or "." in last) else path + "/")
    return aliases, problems


def map_token(path: str) -> str:
    """Return `path` as one word of the map file (see MAP_SAFE_ASCII)."""
    return "".join(
        c
        if c in MAP_SAFE_ASCII or (not c.isascii() and not c.isspace())
        else quote(c, safe="")
        for c in path
    )


def fold(path: str) -> str:
    """Return `path` with ASCII letters lowered, as nginx compares map keys."""
    return path.translate(ASCII_LOWER)


def save_as_of(alias: str) -> str:
    """Return the output path of an alias's redirect page."""
    path = alias.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def _clean(save_as: str) -> str:
    """Normalise an output path so `a/b/` and `a/b/index.html` compare equal.

    Only a whole `index.html` segment names its folder: `a/myindex.html` stays.
    """
    path = posixpath.normpath("/" + save_as).lstrip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path.removesuffix("index.html").rstrip("/")
    return fold(path)


def _parents(path: str) -> Iterator[str]:
    """Yield every folder above an output path (`a/b/c` gives `a/b`, `a`)."""
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        yield path


class Taken:
    """Every output path the build writes, with the folders they need."""

    def __init__(self, written: Iterable[str]) -> None:
        """Index `written` (output-relative file paths) by their clean form."""
        self.files: dict[str, str] = {}
        self.folders: dict[str, str] = {}
        for path in sorted(written):
            self.add(path)

    def add(self, save_as: str) -> None:
        """Record one more file the build writes."""
        path = fold(posixpath.normpath("/" + save_as).lstrip("/"))
        self.files.setdefault(_clean(save_as), save_as)
        self.files.setdefault(path, save_as)
        for folder in _parents(path):
            self.folders.setdefault(folder, save_as)

    def clash(self, save_as: str) -> str | None:
        """Say why a redirect page at `save_as` would clash, or None if it fits."""
        path = fold(posixpath.normpath("/" + save_as).lstrip("/"))
        for key in (_clean(save_as), path):
            if key in self.files:
                return f"is the address of {self.files[key]}, which the build writes"
        if path in self.folders:
            return f"is a folder the build writes {self.folders[path]} into"
        for folder in _parents(path):
            if folder in self.files:
                return f"lies inside {self.files[folder]}, a file the build writes"
        return None


def resolve(
    claims: Iterable[Claim], written: Iterable[str]
) -> tuple[list[Redirect], list[str]]:
    """Return the redirects to write and a warning for every conflict.

    `written` holds the output path of every file the build writes; a real
    file always wins, an alias never takes a path inside one nor a folder one
    needs, and of two posts claiming one alias (ignoring ASCII case, as nginx
    does) the first by source path keeps it.
    """
    taken = Taken(written)
    owners: dict[str, Redirect] = {}
    warnings: list[str] = []
    for claim in sorted(claims, key=lambda c: (c.source_path, c.alias)):
        save_as = save_as_of(claim.alias)
        key = _clean(save_as)
        if key in owners:
            owner = owners[key]
            if owner.source_path != claim.source_path:
                warnings.append(
                    f"{claim.source_path}: alias {claim.alias} is also claimed by "
                    f"{owner.source_path}, which keeps it"
                )
            continue
        clash = taken.clash(save_as)
        if clash:
            warnings.append(
                f"{claim.source_path}: alias {claim.alias} {clash}; the real page "
                "wins, no redirect written"
            )
            continue
        owners[key] = Redirect(
            claim.alias, save_as, claim.url, claim.title, claim.source_path
        )
        taken.add(save_as)
    return sorted(owners.values(), key=lambda r: r.save_as), warnings


def relative_href(save_as: str, url: str) -> str:
    """Return the link from the page at `save_as` to the site URL `url`."""
    start = posixpath.dirname(save_as) or "."
    target = url or "."
    href = posixpath.relpath("/" + target, "/" + start)
    if url.endswith("/") and not href.endswith("/"):
        href += "/"
    return href


def redirect_fields(redirect: Redirect, *, siteurl: str, lang: str) -> dict[str, str]:
    """Return the values a redirect page template shows, each HTML-escaped once."""
    return {
        "lang": html.escape(lang),
        "target_url": html.escape(relative_href(redirect.save_as, redirect.url)),
        "canonical_url": html.escape(f"{siteurl}/{redirect.url}"),
        "target_title": html.escape(title_text(redirect.title), quote=False)
        or html.escape(redirect.url),
        "alias": html.escape(redirect.alias),
    }


def map_text(redirects: Iterable[Redirect], *, siteurl: str) -> str:
    """Return the map file: `old new` per line, sorted, both root-relative."""
    prefix = urlsplit(siteurl).path.rstrip("/")
    lines = sorted(
        f"{map_token(prefix + r.alias)} {map_token(prefix + '/' + r.url)}"
        for r in redirects
    )
    return MAP_HEADER + "".join(line + "\n" for line in lines)
