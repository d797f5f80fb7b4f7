"""Endpoint discovery (W3C Webmention §3.1.2), with a pingback fallback.

Order: the HTTP `Link` header, then the first `<link>` or `<a>` whose rel holds
`webmention`, in document order. Endpoints resolve against the final URL after
redirects; an empty href is the page itself; markup inside comments or escaped
as text is not markup. Only a target without any Webmention endpoint is
offered a pingback (`X-Pingback` header, then `<link rel="pingback">`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from .fetch import FetchPolicy, Response, fetch

LINK_VALUE = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]*(?:\"[^\"]*\")?)*)")
REL_PARAM = re.compile(r";\s*rel\s*=\s*(?:\"([^\"]*)\"|([^\s;,\"]+))", re.I)
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Endpoint:
    """Where and how to notify a target."""

    kind: str  # "webmention" or "pingback"
    url: str


def link_header_endpoints(values: list[str], rel: str) -> list[str]:
    """Return the URIs of `Link` header values whose rel holds `rel`, in order."""
    out: list[str] = []
    for value in values:
        for match in LINK_VALUE.finditer(value):
            for quoted, bare in REL_PARAM.findall(match[2]):
                rels = (quoted or bare).lower().split()
                if rel in rels:
                    out.append(match[1].strip())
                    break
    return out


def html_endpoint(html: str, rel: str) -> str | None:
    """Return the href of the first `<link>`/`<a>` whose rel holds `rel`."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["link", "a"]):
        rels = tag.get("rel") or []
        if isinstance(rels, str):
            rels = rels.split()
        if rel in (r.lower() for r in rels) and tag.has_attr("href"):
            return tag["href"].strip()
    return None


def endpoint_in(response: Response) -> Endpoint | None:
    """Return the endpoint a fetched target advertises, or None."""
    base = response.url
    header = link_header_endpoints(response.header_values("link"), "webmention")
    if header:
        return Endpoint("webmention", urljoin(base, header[0]))
    is_html = response.content_type in HTML_TYPES
    html = response.text() if is_html else ""
    if is_html:
        found = html_endpoint(html, "webmention")
        if found is not None:
            return Endpoint("webmention", urljoin(base, found))
    pingback = response.header_values("x-pingback")
    if pingback and pingback[0].strip():
        return Endpoint("pingback", urljoin(base, pingback[0].strip()))
    if is_html:
        found = html_endpoint(html, "pingback")
        if found:
            return Endpoint("pingback", urljoin(base, found))
    return None


def discover(target: str, policy: FetchPolicy) -> Endpoint | None:
    """Fetch `target` (following redirects) and return its endpoint, or None.

    Raises FetchError when the target cannot be fetched at all.
    """
    return endpoint_in(
        fetch(target, policy, headers={"Accept": "text/html"}, truncate=True)
    )
