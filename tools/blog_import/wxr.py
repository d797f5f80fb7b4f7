"""Read a WordPress export (WXR 1.0, 1.1 or 1.2) into plain records."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from .records import Export, SourceComment, SourcePost

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
NO_DATE = "0000-00-00 00:00:00"
COMMENT_STATUS = {"1": "published", "0": "pending", "spam": "spam", "trash": "trash"}


def _text(element: ET.Element | None) -> str:
    """Return an element's text, or "" when it is absent or empty."""
    if element is None or element.text is None:
        return ""
    return element.text


def parse_wp_date(raw: str, zone: dt.tzinfo) -> dt.datetime | None:
    """Read WordPress's `YYYY-MM-DD HH:MM:SS` in `zone`; None when unset or bad."""
    raw = raw.strip()
    if not raw or raw == NO_DATE:
        return None
    try:
        return dt.datetime.fromisoformat(raw).replace(tzinfo=zone)
    except ValueError:
        return None


def _rfc822(raw: str) -> dt.datetime | None:
    """Read an RSS pubDate; the epoch WordPress writes for unset dates is None."""
    try:
        value = parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if value.tzinfo is None or value.year <= 1970:
        return None
    return value


def _best_date(
    gmt: str, local: str, fallback: str, zone: dt.tzinfo
) -> dt.datetime | None:
    """Prefer the GMT date, then the local one (in the site's zone), then pubDate."""
    return (
        parse_wp_date(gmt, dt.UTC)
        or parse_wp_date(local, zone)
        or (_rfc822(fallback) if fallback else None)
    )


class _Reader:
    """Find WXR elements whatever the 1.x namespace of this file."""

    def __init__(self, namespace: str, zone: dt.tzinfo) -> None:
        self.wp = f"{{{namespace}}}"
        self.zone = zone

    @staticmethod
    def excerpt_of(element: ET.Element) -> str:
        """Return the excerpt, whichever export namespace its element uses.

        Exporters pair http and https wp and excerpt namespaces freely.
        """
        for child in element:
            tag = child.tag
            if (
                isinstance(tag, str)
                and tag.endswith("/excerpt/}encoded")
                and "//wordpress.org/export/" in tag
            ):
                return _text(child)
        return ""

    def wp_text(self, element: ET.Element, name: str) -> str:
        """Return the text of the wp:`name` child of `element`."""
        return _text(element.find(self.wp + name))

    def comment(self, element: ET.Element) -> SourceComment:
        """Read one wp:comment."""
        get = self.wp_text
        approved = get(element, "comment_approved").strip().lower()
        kind = get(element, "comment_type").strip().lower()
        parent = get(element, "comment_parent").strip()
        return SourceComment(
            id=get(element, "comment_id").strip(),
            author=get(element, "comment_author"),
            date=_best_date(
                get(element, "comment_date_gmt"),
                get(element, "comment_date"),
                "",
                self.zone,
            ),
            body=get(element, "comment_content"),
            status=COMMENT_STATUS.get(approved, approved or "pending"),
            kind="pingback" if kind in ("pingback", "trackback") else "comment",
            parent=parent if parent not in ("", "0") else None,
            email=get(element, "comment_author_email").strip(),
            website=get(element, "comment_author_url").strip(),
        )

    def item(self, element: ET.Element, authors: dict[str, str]) -> SourcePost:
        """Read one <item>: a post, page, attachment or custom type."""
        get = self.wp_text
        categories, tags = [], []
        for category in element.findall("category"):
            name = " ".join(_text(category).split())
            domain = category.get("domain", "category")
            if not name:
                continue
            if domain == "category" and name not in categories:
                categories.append(name)
            elif domain == "post_tag" and name not in tags:
                tags.append(name)
        creator = _text(element.find(DC_CREATOR)).strip()
        meta = {
            get(m, "meta_key").strip(): get(m, "meta_value")
            for m in element.findall(self.wp + "postmeta")
        }
        return SourcePost(
            wp_id=get(element, "post_id").strip(),
            post_type=get(element, "post_type").strip() or "post",
            title=_text(element.find("title")).strip(),
            link=_text(element.find("link")).strip(),
            guid=_text(element.find("guid")).strip(),
            date=_best_date(
                get(element, "post_date_gmt"),
                get(element, "post_date"),
                _text(element.find("pubDate")),
                self.zone,
            ),
            modified=_best_date(
                get(element, "post_modified_gmt"),
                get(element, "post_modified"),
                "",
                self.zone,
            ),
            name=get(element, "post_name").strip(),
            status=get(element, "status").strip().lower(),
            author=authors.get(creator, creator),
            categories=categories,
            tags=tags,
            content=_text(element.find(CONTENT)),
            excerpt=self.excerpt_of(element),
            password=get(element, "post_password"),
            comments=[self.comment(c) for c in element.findall(self.wp + "comment")],
            attachment_url=get(element, "attachment_url").strip(),
            alt=" ".join(meta.get("_wp_attachment_image_alt", "").split()),
            parent=get(element, "post_parent").strip(),
        )


def read_wxr(root: ET.Element, namespace: str, timezone: str) -> Export:
    """Read every item, author and site address of a parsed WXR file.

    `namespace` is the file's wp namespace URI, as `detect` found it.
    """
    reader = _Reader(namespace, ZoneInfo(timezone))
    version = namespace.rstrip("/").rsplit("/", 1)[-1]
    channel = root.find("channel")
    export = Export(kind="wxr", version=version)
    if channel is None:
        return export
    authors = {
        reader.wp_text(a, "author_login").strip(): " ".join(
            reader.wp_text(a, "author_display_name").split()
        )
        for a in channel.findall(reader.wp + "author")
    }
    authors = {login: name or login for login, name in authors.items()}
    for key in ("base_site_url", "base_blog_url"):
        url = reader.wp_text(channel, key).strip()
        if url and url not in export.site_urls:
            export.site_urls.append(url)
    link = _text(channel.find("link")).strip()
    if link and link not in export.site_urls:
        export.site_urls.append(link)
    export.posts = [reader.item(item, authors) for item in channel.findall("item")]
    return export
