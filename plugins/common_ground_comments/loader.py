"""All file I/O of the comments plugin: comment files and feed files."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals

from common_ground_core.contract import valid_comment_id
from common_ground_core.header import Problem

from .models import Comment
from .parse import CommentFileError, parse_comment

logger = logging.getLogger(__name__)

EXTENSIONS = frozenset({".md", ".markdown"})


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
    comments, problems = read_comment_tree(
        root, known_slugs, max_bytes=max_bytes, timezone=timezone
    )
    for problem in problems:
        logger.warning(
            "comments: %s:%d: %s", problem.path, problem.line, problem.message
        )
    return comments


def read_comment_tree(
    root: Path, known_slugs: set[str], *, max_bytes: int, timezone: str
) -> tuple[list[Comment], list[Problem]]:
    """Read every comment file under `root`: the comments, and what is wrong.

    The one statement of the file and folder rules: the build logs the
    problems, `make check` prints them.
    """
    if not root.is_dir():
        return [], []
    comments: list[Comment] = []
    problems: list[Problem] = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir():
            if entry.suffix.lower() in EXTENSIONS:
                problems.append(
                    Problem(
                        str(entry),
                        1,
                        "not inside a post folder (comment files belong in "
                        "<post-slug>/<id>.md); ignored",
                    )
                )
            continue
        files = comment_files(entry)
        if entry.name not in known_slugs:
            problems.append(
                Problem(
                    str(entry),
                    1,
                    f"no post has the slug {entry.name!r}; its {len(files)} comment "
                    "file(s) are ignored",
                )
            )
            continue
        read_folder(entry, files, max_bytes, timezone, comments, problems)
    return comments, problems


def read_folder(
    folder: Path,
    files: list[Path],
    max_bytes: int,
    timezone: str,
    comments: list[Comment],
    problems: list[Problem],
) -> None:
    """Parse the files of one post folder, each exactly once, into the lists."""
    seen: dict[str, str] = {}
    for path in files:
        comment_id = path.stem
        if not valid_comment_id(comment_id):
            problems.append(
                Problem(
                    str(path),
                    1,
                    f"comment id {comment_id!r} may only hold letters, digits, - "
                    "and _; skipped",
                )
            )
            continue
        if comment_id.casefold() in seen:
            problems.append(
                Problem(
                    str(path),
                    1,
                    f"duplicate comment id {comment_id!r} (also "
                    f"{seen[comment_id.casefold()]}); skipped",
                )
            )
            continue
        seen[comment_id.casefold()] = path.name
        try:
            with path.open("rb") as handle:
                # One bounded read per file: no stat, a huge file is never slurped.
                data = handle.read(max_bytes + 1)
        except OSError as error:
            problems.append(
                Problem(str(path), 1, f"cannot be read ({error.strerror}); skipped")
            )
            continue
        if len(data) > max_bytes:
            problems.append(
                Problem(
                    str(path),
                    1,
                    f"over COMMENTS_MAX_BYTES ({max_bytes} bytes); skipped",
                )
            )
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
            problems.append(Problem(str(path), error.line or 1, str(error)))
            continue
        problems.extend(
            Problem(str(path), line or 1, message, "warning") for message, line in notes
        )
        comments.append(comment)


def write_text(path: Path, text: str) -> None:
    """Write one generated file (a feed), creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    # Announced like Pelican's own pages, so prune_output keeps it.
    signals.content_written.send(str(path), context=None)


def comment_ids(folder: Path) -> set[str]:
    """Return the ids (file stems) already used in one post folder."""
    return {p.stem for p in comment_files(folder)} if folder.is_dir() else set()
