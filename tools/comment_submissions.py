"""The comment submission rules `make comment`, `make moderate` and the inbox share.

A submission is checked against the site (a known post, comments open, valid
fields) and saved as a `Status: pending` file, the same way by every command.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from common_ground_core.header import Header, parse_header
from common_ground_core.source import article_sources, derive_slug
from common_ground_core.submissions import (
    Submission,
    comment_text,
    find_repeat,
    next_id,
    validate,
)
from pelican.plugins.common_ground_comments.config import Config
from pelican.plugins.common_ground_comments.loader import comment_files
from pelican.plugins.common_ground_comments.parse import CommentFileError, decode


def post_slugs(content: Path, settings: dict[str, Any]) -> dict[str, bool]:
    """Return {slug: comments open?} for every post, slugs derived as Pelican does."""
    slugs: dict[str, bool] = {}
    for source in article_sources(content, settings):
        slug = derive_slug(source, settings) if source.readable else None
        if slug:
            slugs[slug] = (source.value("comments") or "open").lower() != "closed"
    return slugs


def saved_headers(folder: Path) -> dict[str, Header]:
    """Return {id: header} of the comment files already in one post's folder."""
    if not folder.is_dir():
        return {}
    saved: dict[str, Header] = {}
    for path in comment_files(folder):
        try:
            saved[path.stem] = parse_header(decode(path.read_bytes()))
        except CommentFileError:
            saved[path.stem] = parse_header("")
    return saved


@dataclass
class Checked:
    """A submission checked against the site: every reason it is refused, if any."""

    errors: list[str]
    folder: Path
    known_post: bool

    @cached_property
    def saved(self) -> dict[str, Header]:
        """Return the headers of the post's comment files, read when first needed.

        Checking needs only the ids; the inbox checks every submission and saves
        none, so the headers are read only to save one (a repeat, a new id).
        """
        return saved_headers(self.folder) if self.known_post else {}


def check_submission(
    sub: Submission,
    content: Path,
    cfg: Config,
    posts: dict[str, bool],
) -> Checked:
    """Validate `sub` as `make comment` does: known post, comments open, fields."""
    folder = content / cfg.directory / sub.slug
    # Only a known post's folder is read: a slug from outside never names a path.
    known_post = sub.slug in posts
    ids = (
        {p.stem for p in comment_files(folder)}
        if known_post and folder.is_dir()
        else set()
    )
    errors = validate(
        sub, known_slugs=set(posts), existing_ids=ids, max_bytes=cfg.max_bytes
    )
    if posts.get(sub.slug) is False:
        errors.append(f"comments are closed on {sub.slug!r} (Comments: closed)")
    return Checked(errors, folder, known_post)


def save_pending(
    sub: Submission, checked: Checked, cfg: Config, now: dt.datetime | None = None
) -> tuple[Path, bool]:
    """Write `sub` as a `Status: pending` file; (path, False) if already saved."""
    repeat = find_repeat(sub, checked.saved)
    if repeat is not None:
        return checked.folder / f"{repeat[0]}.md", False
    new_id = next_id(set(checked.saved))
    target = checked.folder / f"{new_id}.md"
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    checked.folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(comment_text(sub, now, cfg.timezone))
    return target, True
