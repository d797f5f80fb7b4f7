"""List pending comments, or approve one / mark one as spam by its id.

An id is `c003` (with SLUG=<post> when several posts have one) or `slug/c003`,
as the list prints it. COMMENTS_DIR comes from the site's settings file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from common_ground_core.header import parse_header
from common_ground_core.source import add_site_arguments, site_from_arguments
from pelican.plugins.common_ground_comments.config import ConfigError, get_config
from pelican.plugins.common_ground_comments.ingest import set_status, valid_id
from pelican.plugins.common_ground_comments.loader import comment_files
from pelican.plugins.common_ground_comments.parse import CommentFileError, decode


def pending(root: Path) -> list[tuple[Path, dict[str, str], str]]:
    """Return (path, metadata, body) of every pending comment under `root`."""
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in comment_files(folder):
            try:
                header = parse_header(decode(path.read_bytes()))
            except CommentFileError:
                continue
            fields = {key: value for key, (value, _) in header.fields.items()}
            if fields.get("status", "").lower() == "pending":
                out.append((path, fields, header.body.strip()))
    return out


def find(root: Path, comment_id: str, slug: str) -> list[Path]:
    """Return the comment files named `comment_id` (in `slug`'s folder if given)."""
    folders = [root / slug] if slug else sorted(p for p in root.iterdir() if p.is_dir())
    return [
        path
        for folder in folders
        if folder.is_dir()
        for path in comment_files(folder)
        if path.stem == comment_id
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the moderation command; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--approve", default="", help="id of a comment to publish")
    parser.add_argument("--spam", default="", help="id of a comment to mark as spam")
    parser.add_argument("--slug", default="", help="post slug, when ids repeat")
    add_site_arguments(parser)
    args = parser.parse_args(argv)
    settings, content = site_from_arguments(args)
    try:
        root = content / get_config(settings).directory
    except ConfigError:
        return 2  # the comments plugin has named the bad setting
    if not root.is_dir():
        print(f"moderate: {root}: no comments folder", file=sys.stderr)
        return 2
    if args.approve and args.spam:
        print("moderate: give APPROVE or SPAM, not both", file=sys.stderr)
        return 2
    comment_id, status = (
        (args.approve, "published") if args.approve else (args.spam, "spam")
    )
    if not comment_id:
        items = pending(root)
        for path, fields, body in items:
            preview = " ".join(body.split())[:70]
            print(
                f"{path.parent.name}/{path.stem}  {fields.get('date', '?')}  "
                f"{fields.get('author', '?')}: {preview}"
            )
        print(f"moderate: {len(items)} pending comment(s)")
        if items:
            print("moderate: make moderate APPROVE=<slug/id>  (or SPAM=<slug/id>)")
        return 0
    slug = args.slug
    if "/" in comment_id:
        # The list prints `slug/c003`; that form names the post too.
        named, _, comment_id = comment_id.rpartition("/")
        if slug and slug != named:
            print(
                f"moderate: {named}/{comment_id} is not in SLUG={slug}", file=sys.stderr
            )
            return 2
        slug = named
    if slug and (Path(slug).name != slug or slug in {".", ".."}):
        print(f"moderate: {slug!r} is not a post slug", file=sys.stderr)
        return 2
    if not valid_id(comment_id):
        print(f"moderate: {comment_id!r} is not a comment id", file=sys.stderr)
        return 2
    matches = find(root, comment_id, slug)
    if not matches:
        where = f" in {slug}" if slug else ""
        print(f"moderate: no comment {comment_id!r}{where}", file=sys.stderr)
        return 1
    if len(matches) > 1:
        forms = ", ".join(f"{p.parent.name}/{comment_id}" for p in matches)
        print(
            f"moderate: {comment_id!r} is in several posts; name one: {forms}",
            file=sys.stderr,
        )
        return 1
    path = matches[0]
    path.write_text(
        set_status(path.read_text(encoding="utf-8"), status), encoding="utf-8"
    )
    print(f"moderate: {path}: Status: {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
