"""Parse one comment file's bytes into a Comment, or say why it is unusable."""

from __future__ import annotations

from common_ground_core.contract import (
    COMMENT_STATUSES,
    COMMENT_TYPES,
    REACTIONS,
    parse_date,
    safe_url,
    strip_control,
)
from common_ground_core.header import UnreadableTextError, decode_utf8, parse_header

from .models import Comment


class CommentFileError(ValueError):
    """A comment file cannot be used; the message says why and what was done."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def decode(data: bytes) -> str:
    """Decode UTF-8 (a BOM is allowed) or raise CommentFileError with the line."""
    try:
        text = decode_utf8(data)
    except UnreadableTextError as error:
        raise CommentFileError(f"{error}; skipped", error.line) from None
    return strip_control(text)


def parse_comment(
    data: bytes, *, source_path: str, slug: str, comment_id: str, timezone: str
) -> tuple[Comment, list[tuple[str, int]]]:
    """Return the Comment in `data` plus notes, or raise CommentFileError."""
    header = parse_header(decode(data))
    fields = header.fields
    body = header.body.strip()
    missing = [
        key.title() for key in ("author", "date") if not fields.get(key, ("",))[0]
    ]
    if missing:
        raise CommentFileError(f"missing {' and '.join(missing)}; skipped")
    raw_date, date_line = fields["date"]
    try:
        date = parse_date(raw_date, timezone)
    except ValueError:
        raise CommentFileError(
            f"unparseable Date {raw_date!r} (use ISO 8601, e.g. 2025-02-03T14:05); "
            "skipped",
            date_line,
        ) from None
    status, status_line = fields.get("status", ("published", None))
    status = status.lower() or "published"
    if status not in COMMENT_STATUSES:
        raise CommentFileError(
            f"unknown Status {status!r} (use published, pending or spam); skipped",
            status_line,
        )
    kind, kind_line = fields.get("type", ("comment", None))
    kind = kind.lower() or "comment"
    if kind not in COMMENT_TYPES:
        raise CommentFileError(
            f"unknown Type {kind!r} (use comment, pingback, like or repost); skipped",
            kind_line,
        )
    source = title = None
    if kind == "pingback":
        source = safe_url(fields.get("source", ("",))[0], schemes=("http", "https"))
        title = fields.get("title", ("",))[0]
        if not source or not title:
            raise CommentFileError(
                "a pingback needs Title and an http(s) Source; skipped",
                fields.get("source", (None, None))[1],
            )
    elif kind in REACTIONS:
        source = safe_url(fields.get("source", ("",))[0], schemes=("http", "https"))
        title = fields.get("title", ("",))[0] or None
        if not source:
            raise CommentFileError(
                f"a {kind} needs an http(s) Source; skipped",
                fields.get("source", (None, None))[1],
            )
    elif not body:
        raise CommentFileError("empty body; skipped")
    notes: list[tuple[str, int]] = []
    website_raw, website_line = fields.get("website", ("", 0))
    website = safe_url(website_raw) if website_raw else None
    if website_raw and website is None:
        notes.append(
            (
                f"Website {website_raw!r} is not an http(s) URL; "
                "the name is shown without a link",
                website_line,
            )
        )
    replyto, replyto_line = fields.get("replyto", ("", 0))
    comment = Comment(
        id=comment_id,
        slug=slug,
        source_path=source_path,
        author=" ".join(fields["author"][0].split()),
        date=date,
        body=body,
        status=status,
        kind=kind,
        website=website,
        replyto=replyto.removesuffix(".md") if replyto else None,
        replyto_line=replyto_line if replyto else 0,
        source=source,
        title=title,
    )
    return comment, notes
