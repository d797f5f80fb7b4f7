"""All file I/O of the comments plugin: comment files, render cache, feed files."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from .models import Comment
from .parse import COMMENT_ID, CommentFileError, parse_comment, split_header

logger = logging.getLogger(__name__)

EXTENSIONS = frozenset({".md", ".markdown"})


def _warn(path: Path, message: str, line: int | None = None) -> None:
    """Log one warning naming the file (and line) the way Pelican does."""
    if line:
        logger.warning("comments: %s:%d: %s", path, line, message)
    else:
        logger.warning("comments: %s: %s", path, message)


def comment_files(folder: Path) -> list[Path]:
    """Return the comment files of one post folder, sorted by name."""
    with os.scandir(folder) as entries:
        return sorted(
            folder / entry.name
            for entry in entries
            if not entry.name.startswith(".")
            and os.path.splitext(entry.name)[1].lower() in EXTENSIONS
            and entry.is_file()
        )


def load_comments(
    root: Path, known_slugs: set[str], *, max_bytes: int, timezone: str
) -> list[Comment]:
    """Read every comment file under `root` once; warn about and skip bad ones."""
    if not root.is_dir():
        return []
    comments: list[Comment] = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir():
            if entry.suffix.lower() in EXTENSIONS:
                _warn(entry, "not inside a post folder (<post-slug>/<id>.md); ignored")
            continue
        files = comment_files(entry)
        if entry.name not in known_slugs:
            _warn(
                entry,
                f"no post has the slug {entry.name!r}; its {len(files)} comment "
                "file(s) are ignored",
            )
            continue
        comments.extend(_load_folder(entry, files, max_bytes, timezone))
    return comments


def _load_folder(
    folder: Path, files: list[Path], max_bytes: int, timezone: str
) -> list[Comment]:
    """Parse the files of one post folder, each exactly once."""
    out: list[Comment] = []
    seen: dict[str, str] = {}
    for path in files:
        comment_id = path.stem
        if not COMMENT_ID.fullmatch(comment_id):
            _warn(
                path,
                f"comment id {comment_id!r} may only hold letters, digits, - and _; "
                "skipped",
            )
            continue
        if comment_id.casefold() in seen:
            _warn(
                path,
                f"duplicate comment id {comment_id!r} (also "
                f"{seen[comment_id.casefold()]}); skipped",
            )
            continue
        seen[comment_id.casefold()] = path.name
        with path.open("rb") as handle:
            # One bounded read per file: no stat, and a huge file is never slurped.
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            _warn(path, f"larger than COMMENTS_MAX_BYTES ({max_bytes} bytes); skipped")
            continue
        try:
            comment, notes = parse_comment(
                data,
                source_path=str(path),
                slug=folder.name,
                comment_id=comment_id,
                timezone=timezone,
            )
        except CommentFileError as error:
            _warn(path, str(error), error.line)
            continue
        for message, line in notes:
            _warn(path, message, line)
        out.append(comment)
    return out


def write_text(path: Path, text: str) -> None:
    """Write one generated file (a feed), creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def post_slugs(posts_dir: Path, slugify: Callable[[str], str]) -> dict[str, bool]:
    """Return {slug: comments open?} for every post file (Slug:, else its Title)."""
    slugs: dict[str, bool] = {}
    for path in sorted(posts_dir.rglob("*")):
        if path.suffix.lower() not in EXTENSIONS or not path.is_file():
            continue
        try:
            fields = split_header(path.read_text(encoding="utf-8-sig")).fields
        except (OSError, UnicodeDecodeError):
            continue
        slug = fields.get("slug", ("", 0))[0] or slugify(
            fields.get("title", ("", 0))[0]
        )
        if slug:
            slugs[slug] = fields.get("comments", ("open", 0))[0].lower() != "closed"
    return slugs


def comment_ids(folder: Path) -> set[str]:
    """Return the ids (file stems) already used in one post folder."""
    return {p.stem for p in comment_files(folder)} if folder.is_dir() else set()
