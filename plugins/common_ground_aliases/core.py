"""Parse `Aliases:`, settle who owns each old address, and write the pages.

Pure: nothing here imports Pelican or touches files. An alias is a
root-relative path such as `/2012/12/19/meh-sales/` or `/old/page.html`.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

TAG = re.compile(r"<[^>]*>")
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


def parse_aliases(raw: str) -> tuple[list[str], list[str]]:
    """Return (aliases, problems) for an `Aliases:` value; commas separate paths."""
    aliases: list[str] = []
    problems: list[str] = []
    for part in raw.split(","):
        value = part.strip()
        if not value:
            continue
        parts = urlsplit(value)
        path = unquote(parts.path)
        segments = path.split("/")
        if parts.scheme or parts.netloc or not value.startswith("/"):
            problems.append(f"alias {value!r} must be a path starting with /")
        elif parts.query or parts.fragment:
            problems.append(
                f"alias {value!r} has a query or fragment; a static site cannot "
                "serve it"
            )
        elif any(s in (".", "..") for s in segments) or any(c.isspace() for c in path):
            problems.append(f"alias {value!r} is not a plain path")
        elif path == "/":
            problems.append("alias '/' would replace the home page")
        else:
            last = segments[-1]
            aliases.append(path if (last == "" or "." in last) else path + "/")
    return aliases, problems


def save_as_of(alias: str) -> str:
    """Return the output path of an alias's redirect page."""
    path = alias.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def _clean(save_as: str) -> str:
    """Normalise an output path so `a/b/` and `a/b/index.html` compare equal."""
    path = posixpath.normpath("/" + save_as).lstrip("/")
    return path.removesuffix("index.html").rstrip("/")


def resolve(
    claims: Iterable[Claim], pages: dict[str, str]
) -> tuple[list[Redirect], list[str]]:
    """Return the redirects to write and a warning for every conflict.

    `pages` maps the save_as of every real output page to what made it; a real
    page always wins, and of two posts claiming one alias the first (by source
    path) keeps it.
    """
    real = {_clean(save_as): source for save_as, source in pages.items()}
    owners: dict[str, Redirect] = {}
    warnings: list[str] = []
    for claim in sorted(claims, key=lambda c: (c.source_path, c.alias)):
        save_as = save_as_of(claim.alias)
        key = _clean(save_as)
        if key in real:
            warnings.append(
                f"{claim.source_path}: alias {claim.alias} is the address of "
                f"{real[key]}; the real page wins, no redirect written"
            )
        elif key in owners:
            owner = owners[key]
            if owner.source_path != claim.source_path:
                warnings.append(
                    f"{claim.source_path}: alias {claim.alias} is also claimed by "
                    f"{owner.source_path}, which keeps it"
                )
        else:
            owners[key] = Redirect(
                claim.alias, save_as, claim.url, claim.title, claim.source_path
            )
    return sorted(owners.values(), key=lambda r: r.save_as), warnings


def relative_href(save_as: str, url: str) -> str:
    """Return the link from the page at `save_as` to the site URL `url`."""
    start = posixpath.dirname(save_as) or "."
    target = url or "."
    href = posixpath.relpath("/" + target, "/" + start)
    if url.endswith("/") and not href.endswith("/"):
        href += "/"
    return href


def plain_title(title: str) -> str:
    """Return an HTML title as escaped plain text."""
    return html.escape(html.unescape(TAG.sub("", title)).strip(), quote=False)


def redirect_page(redirect: Redirect, *, siteurl: str, lang: str) -> str:
    """Return the HTML of one redirect page: meta refresh, canonical, a link."""
    href = html.escape(relative_href(redirect.save_as, redirect.url))
    canonical = html.escape(f"{siteurl}/{redirect.url}")
    title = plain_title(redirect.title) or html.escape(redirect.url)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Moved: {title}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        "</head>\n"
        "<body>\n"
        f'<p>This page has moved to <a href="{href}">{title}</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


def map_text(redirects: Iterable[Redirect], *, siteurl: str) -> str:
    """Return the map file: `old new` per line, sorted, both root-relative."""
    prefix = urlsplit(siteurl).path.rstrip("/")
    lines = sorted(f"{prefix}{r.alias} {prefix}/{r.url}" for r in redirects)
    return MAP_HEADER + "".join(line + "\n" for line in lines)
