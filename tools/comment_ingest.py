"""Ingest a saved email (.eml) or JSON form submission as a pending comment file.

Reads the site's settings (COMMENTS_DIR, COMMENTS_MAX_BYTES, TIMEZONE, the slug
rules) from the same settings file the build uses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from content_source import (
    add_site_arguments,
    article_sources,
    derive_slug,
    site_from_arguments,
)

from comments.config import ConfigError, get_config
from comments.header import Header, parse_header
from comments.ingest import (
    SubmissionError,
    comment_text,
    find_repeat,
    from_email,
    from_json,
    next_id,
    validate,
)
from comments.loader import comment_files
from comments.parse import CommentFileError, decode


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


def main(argv: list[str] | None = None) -> int:
    """Validate one submission and write it as `Status: pending`; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="a saved .eml email or a .json file")
    add_site_arguments(parser)
    args = parser.parse_args(argv)

    if not args.file.strip():
        # `make comment` without FILE= passes an empty name.
        print(
            "comment: say which comment to save: make comment FILE=message.eml "
            "(an email saved from your mail program) or FILE=comment.json",
            file=sys.stderr,
        )
        return 2
    args.file = Path(args.file)
    if not args.file.is_file():
        print(
            f"comment: {args.file}: no such file (make comment FILE=...)",
            file=sys.stderr,
        )
        return 2
    settings, content = site_from_arguments(args)
    try:
        cfg = get_config(settings)
    except ConfigError:
        return 2  # the comments plugin has named the bad setting
    raw = args.file.read_bytes()
    try:
        if args.file.suffix.lower() == ".json":
            sub = from_json(raw.decode("utf-8"), cfg.timezone)
        else:
            sub = from_email(raw)
    except (SubmissionError, UnicodeDecodeError) as error:
        print(f"comment: {args.file}: {error}", file=sys.stderr)
        return 1
    folder = content / cfg.directory / sub.slug
    saved = saved_headers(folder) if sub.slug else {}
    posts = post_slugs(content, settings)
    errors = validate(
        sub, known_slugs=set(posts), existing_ids=set(saved), max_bytes=cfg.max_bytes
    )
    if posts.get(sub.slug) is False:
        errors.append(f"comments are closed on {sub.slug!r} (Comments: closed)")
    if errors:
        for error in errors:
            print(f"comment: {args.file}: {error}", file=sys.stderr)
        print("comment: nothing written", file=sys.stderr)
        return 1
    repeat = find_repeat(sub, saved)
    if repeat is not None:
        comment_id, why = repeat
        print(
            f"comment: {args.file}: already saved as {folder / comment_id}.md "
            f"({why}); nothing written"
        )
        return 0
    new_id = next_id(set(saved))
    target = folder / f"{new_id}.md"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(comment_text(sub, now, cfg.timezone))
    print(f"comment: wrote {target} (Status: pending)")
    print(f"comment: publish it with: make moderate APPROVE={sub.slug}/{new_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
