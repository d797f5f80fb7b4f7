"""`make check` for comment files: the comments plugin's own loader and threads."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from common_ground_core.source import Problem
from pelican.plugins.common_ground_comments.config import get_config
from pelican.plugins.common_ground_comments.loader import read_comment_tree
from pelican.plugins.common_ground_comments.models import Comment
from pelican.plugins.common_ground_comments.threads import thread_problems


def comment_problems(
    content: Path, settings: dict[str, Any], post_slugs: set[str]
) -> list[Problem]:
    """Return what the build would warn about in the comment files, and where."""
    cfg = get_config(settings)
    comments, problems = read_comment_tree(
        content / cfg.directory,
        post_slugs,
        max_bytes=cfg.max_bytes,
        timezone=cfg.timezone,
    )
    by_post: dict[str, list[Comment]] = defaultdict(list)
    for comment in comments:
        by_post[comment.slug].append(comment)
    for thread in by_post.values():
        problems.extend(thread_problems(thread)[1])
    return problems
