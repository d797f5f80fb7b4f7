"""Decide the comment files of one post: ids, threads, statuses and pingbacks."""

from __future__ import annotations

import html
from collections.abc import Callable
from zoneinfo import ZoneInfo

from common_ground_core.contract import (
    COMMENT_STATUSES,
    CONTROL,
    safe_url,
    valid_comment_id,
)
from common_ground_core.submissions import EMAIL_ADDRESS
from pelican.plugins.common_ground_comments.parse import CommentFileError, parse_comment

from .convert import comment_markdown
from .records import SourceComment
from .summary import Summary

NOT_IMPORTED = {
    "trash": "comments in the trash",
    "deleted": "comments deleted in Disqus",
}


def one_line(value: str) -> str:
    """Return `value` as one line of text fit for a metadata field."""
    return " ".join(CONTROL.sub("", html.unescape(value)).split())


def comment_text(comment: SourceComment, replyto: str | None, zone: ZoneInfo) -> str:
    """Return the text of the comment file for `comment`."""
    assert comment.date is not None  # checked by the caller
    lines = [
        f"Author: {one_line(comment.author) or 'Anonymous'}",
        f"Date: {comment.date.astimezone(zone).isoformat()}",
    ]
    email = one_line(comment.email)
    if email and EMAIL_ADDRESS.fullmatch(email):
        lines.append(f"Email: {email}")
    website = safe_url(one_line(comment.website)) if comment.kind == "comment" else None
    if website:
        lines.append(f"Website: {website}")
    if replyto:
        lines.append(f"Replyto: {replyto}")
    if comment.status != "published":
        lines.append(f"Status: {comment.status}")
    if comment.kind == "pingback":
        lines += [
            "Type: pingback",
            f"Source: {one_line(comment.website)}",
            f"Title: {one_line(comment.author) or one_line(comment.website)}",
        ]
    # WordPress and Disqus comments are HTML text; the site reads Markdown.
    body = comment_markdown(CONTROL.sub("", comment.body))
    return "\n".join(lines) + "\n\n" + body + "\n"


def _parents(
    kept: dict[str, SourceComment], label: str, summary: Summary
) -> dict[str, str | None]:
    """Return each comment's Replyto, lifting replies whose parent is unusable."""
    result: dict[str, str | None] = {}
    for cid, comment in kept.items():
        parent = comment.parent
        if parent is not None and parent not in kept:
            summary.warn(
                f"{label}: comment {cid} replies to comment {parent}, which is not "
                "in the export or not imported; imported as a top-level comment"
            )
            parent = None
        # A published reply must hang under a published comment, or the site
        # would show it out of place; climb to the nearest published ancestor.
        seen = {cid}
        while (
            comment.status == "published"
            and parent is not None
            and kept[parent].status != "published"
            and parent not in seen
        ):
            seen.add(parent)
            parent = kept[parent].parent if kept[parent].parent in kept else None
        result[cid] = parent
    return result


def plan_comments(
    comments: list[SourceComment],
    *,
    slug: str,
    label: str,
    folder: str,
    zone: ZoneInfo,
    is_own_post: Callable[[str], bool],
    existing: set[str],
    summary: Summary,
) -> dict[str, str]:
    """Return {relative path: text} for the comments of one post."""
    kept: dict[str, SourceComment] = {}
    for comment in comments:
        name = f"{label}: {comment.origin} comment {comment.id or '(no id)'}"
        if comment.status in NOT_IMPORTED:
            summary.skip(NOT_IMPORTED[comment.status])
        elif comment.status not in COMMENT_STATUSES:
            summary.skip(
                "comments with an unknown status",
                f"{name}: unknown status {comment.status!r}; not imported",
            )
        elif not valid_comment_id(f"{comment.origin}{comment.id}"):
            summary.skip("comments without a usable id", f"{name}: unusable id")
        elif comment.date is None:
            summary.skip("comments without a date", f"{name}: no date; not imported")
        elif comment.kind == "pingback" and is_own_post(comment.website):
            summary.self_pingbacks += 1
        else:
            kept[comment.id] = comment
    replyto = _parents(kept, label, summary)
    files: dict[str, str] = {}
    for cid, comment in kept.items():
        comment_id = f"{comment.origin}{cid}"
        parent = replyto[cid]
        text = comment_text(
            comment, f"{comment.origin}{parent}" if parent else None, zone
        )
        path = f"{folder}/{slug}/{comment_id}.md"
        if path in existing:
            summary.skip("comments already imported")
            continue
        try:
            parse_comment(
                text.encode("utf-8"),
                source_path=path,
                slug=slug,
                comment_id=comment_id,
                timezone=str(zone),
            )
        except CommentFileError as error:
            summary.skip(
                "comments the site could not read",
                f"{label}: comment {cid}: {error}; not imported",
            )
            continue
        files[path] = text
        if comment.kind == "pingback":
            summary.pingbacks += 1
        else:
            summary.comments[comment.status] += 1
    return files
