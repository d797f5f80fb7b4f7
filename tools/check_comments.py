"""`make check` for comment files, through the comments plugin's own parser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from content_source import Source

from comments.config import DEFAULTS as COMMENT_DEFAULTS
from comments.loader import EXTENSIONS as COMMENT_EXTENSIONS
from comments.parse import (
    COMMENT_ID,
    CommentFileError,
    decode,
    parse_comment,
    split_header,
)

COMMENTS_DIR_DEFAULT = COMMENT_DEFAULTS["COMMENTS_DIR"]


def read_comment(path: Path, display: str, settings: dict[str, Any]) -> Source:
    """Read one comment file with the comments plugin's own parser."""
    source = Source(path=path, display=display)
    data = path.read_bytes()
    if not COMMENT_ID.fullmatch(path.stem):
        source.problem(
            1, f"comment id {path.stem!r} may only hold letters, digits, - and _"
        )
    max_bytes = settings.get(
        "COMMENTS_MAX_BYTES", COMMENT_DEFAULTS["COMMENTS_MAX_BYTES"]
    )
    if len(data) > max_bytes:
        source.problem(1, f"{len(data)} bytes is over COMMENTS_MAX_BYTES ({max_bytes})")
    try:
        source.meta = split_header(decode(data)).fields
        _, notes = parse_comment(
            data,
            source_path=str(path),
            slug=path.parent.name,
            comment_id=path.stem,
            timezone=settings["TIMEZONE"],
        )
    except CommentFileError as error:
        source.problem(error.line or 1, str(error))
        return source
    for message, line in notes:
        source.problem(line or 1, message, "warning")
    return source


def comment_status(source: Source) -> str:
    """Return the comment's Status as the plugin reads it (default published)."""
    return (source.value("status") or "published").lower()


def check_threads(sources: list[Source]) -> None:
    """Check comment ids, parents and reply cycles within one comment folder."""
    by_id: dict[str, Source] = {}
    folded: dict[str, Source] = {}
    for source in sorted(sources, key=lambda s: s.display):
        stem = source.path.stem
        if stem.casefold() in folded:
            first = folded[stem.casefold()].display
            source.problem(1, f"duplicate comment id {stem!r} (also {first})")
            continue
        folded[stem.casefold()] = by_id[stem] = source
    for stem, source in by_id.items():
        raw = source.value("replyto")
        if not raw:
            continue
        parent: str | None = raw.removesuffix(".md")
        if parent not in by_id:
            source.problem(
                source.line("replyto"),
                f"Replyto {raw!r}: no comment with that id in this folder",
            )
            continue
        parent_status = comment_status(by_id[parent])
        if comment_status(source) == "published" and parent_status != "published":
            source.problem(
                source.line("replyto"),
                f"Replyto {raw!r} names a {parent_status} comment; "
                "the reply would be shown as a top-level comment",
            )
        seen = {stem}
        while parent is not None and parent in by_id and parent not in seen:
            seen.add(parent)
            parent = (by_id[parent].value("replyto") or "").removesuffix(".md") or None
        if parent == stem:
            source.problem(source.line("replyto"), "reply cycle back to this comment")


def comment_files(folder: Path) -> list[Path]:
    """Return the comment files under `folder` the comments plugin would read."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in COMMENT_EXTENSIONS and not p.name.startswith(".")
    )
