"""Write a dated Markdown skeleton for a new post into content/posts/."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify

POSTS_DIR = Path("content/posts")
DEFAULT_CATEGORY = "Sales and Influence"


def slugify(title: str) -> str:
    """Return the slug Pelican itself would derive from `title`."""
    return pelican_slugify(title, DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def post_skeleton(
    title: str, when: dt.datetime, category: str, series: str | None
) -> str:
    """Return the text of a new post with the contract's metadata keys."""
    lines = [
        f"Title: {title}",
        f"Date: {when:%Y-%m-%d %H:%M}",
        f"Category: {category}",
        "Tags: ",
        f"Slug: {slugify(title)}",
        "Summary: ",
        "Status: draft",
    ]
    if series:
        lines.append(f"Series: {series}")
        lines.append("Lesson: ")
    return "\n".join(lines) + "\n\nStart writing here.\n"


def main(argv: list[str] | None = None) -> int:
    """Create the post file, refusing to overwrite one that exists."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--title", required=True)
    parser.add_argument("--series", default="")
    parser.add_argument("--category", default="")
    parser.add_argument("--posts-dir", type=Path, default=POSTS_DIR)
    args = parser.parse_args(argv)

    title = args.title.strip()
    if not title:
        print('newpost: give a title: make newpost TITLE="My post"', file=sys.stderr)
        return 2
    slug = slugify(title)
    if not slug:
        print(f"newpost: title {title!r} gives an empty slug", file=sys.stderr)
        return 2
    target = args.posts_dir / f"{slug}.md"
    if target.exists():
        print(f"newpost: {target} already exists; not overwriting it", file=sys.stderr)
        return 1
    text = post_skeleton(
        title,
        dt.datetime.now().replace(second=0, microsecond=0),
        args.category.strip() or DEFAULT_CATEGORY,
        args.series.strip() or None,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"newpost: wrote {target} (Status: draft; remove that line to publish)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
