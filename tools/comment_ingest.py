"""Ingest a saved email (.eml) or JSON form submission as a pending comment file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify

from comments.config import DEFAULTS
from comments.ingest import (
    SubmissionError,
    comment_text,
    from_email,
    from_json,
    next_id,
    validate,
)
from comments.loader import comment_ids, post_slugs


def slugify(title: str) -> str:
    """Return the slug Pelican itself would derive from `title`."""
    return pelican_slugify(title, DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def main(argv: list[str] | None = None) -> int:
    """Validate one submission and write it as `Status: pending`; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path, help="a saved .eml email or a .json file")
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--posts", default="posts", help="posts folder under content")
    parser.add_argument("--comments", default=DEFAULTS["COMMENTS_DIR"])
    parser.add_argument("--max-bytes", type=int, default=DEFAULTS["COMMENTS_MAX_BYTES"])
    args = parser.parse_args(argv)

    if not args.file.is_file():
        print(
            f"comment: {args.file}: no such file (make comment FILE=...)",
            file=sys.stderr,
        )
        return 2
    raw = args.file.read_bytes()
    try:
        if args.file.suffix.lower() == ".json":
            sub = from_json(raw.decode("utf-8"))
        else:
            sub = from_email(raw)
    except (SubmissionError, UnicodeDecodeError) as error:
        print(f"comment: {args.file}: {error}", file=sys.stderr)
        return 1
    folder = args.content / args.comments / sub.slug
    existing = comment_ids(folder) if sub.slug else set()
    posts = post_slugs(args.content / args.posts, slugify)
    errors = validate(
        sub, known_slugs=set(posts), existing_ids=existing, max_bytes=args.max_bytes
    )
    if posts.get(sub.slug) is False:
        errors.append(f"comments are closed on {sub.slug!r} (Comments: closed)")
    if errors:
        for error in errors:
            print(f"comment: {args.file}: {error}", file=sys.stderr)
        print("comment: nothing written", file=sys.stderr)
        return 1
    new_id = next_id(existing)
    target = folder / f"{new_id}.md"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(comment_text(sub, now))
    print(f"comment: wrote {target} (Status: pending)")
    print(f"comment: publish it with: make moderate APPROVE={new_id} SLUG={sub.slug}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
