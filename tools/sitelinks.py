"""Find internal links and asset references in a built site that resolve to nothing.

Shared by `make publish` (a post-build check) and the tests. Absolute links under
the site's own address (SITEURL, as publishconf.py writes them) count as internal.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
}


def target_file(
    output: Path, page: Path, reference: str, site_url: str = ""
) -> Path | None:
    """Return the file a same-site reference points to, or None if it is external."""
    if reference.startswith(("mailto:", "tel:", "#", "data:")):
        return None
    site = urlsplit(site_url)
    prefix = site.path.rstrip("/")
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        same_site = site_url and (parts.scheme, parts.netloc) == (
            site.scheme,
            site.netloc,
        )
        if not same_site:
            return None
        path = parts.path
    else:
        page_url = prefix + "/" + page.relative_to(output).as_posix()
        path = urlsplit(urljoin(page_url, parts.path)).path
    path = unquote(path)
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix) :]
    target = output / path.lstrip("/")
    if path.endswith("/") or path == "":
        target = target / "index.html"
    return target


def broken_references(output: Path, site_url: str = "") -> list[str]:
    """Return 'page: reference' for every internal reference with no file behind it."""
    problems = []
    for page in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag_name, attribute in LINK_ATTRIBUTES.items():
            for tag in soup.find_all(tag_name):
                reference = tag.get(attribute)
                if not reference:
                    continue
                target = target_file(output, page, reference, site_url)
                if target is not None and not target.exists():
                    problems.append(f"{page.relative_to(output)}: {reference}")
    return problems
