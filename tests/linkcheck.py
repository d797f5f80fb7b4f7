"""Find internal links and asset references in a built site that resolve to nothing."""

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


def _target_file(output: Path, page: Path, reference: str) -> Path | None:
    """Return the file a same-site reference points to, or None if it is external."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith(("mailto:", "#")):
        return None
    page_url = "/" + page.relative_to(output).as_posix()
    path = unquote(urlsplit(urljoin(page_url, parts.path)).path)
    target = output / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return target


def broken_references(output: Path) -> list[str]:
    """Return 'page: reference' for every internal reference with no file behind it."""
    problems = []
    for page in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag_name, attribute in LINK_ATTRIBUTES.items():
            for tag in soup.find_all(tag_name):
                reference = tag.get(attribute)
                if not reference:
                    continue
                target = _target_file(output, page, reference)
                if target is not None and not target.exists():
                    problems.append(f"{page.relative_to(output)}: {reference}")
    return problems
