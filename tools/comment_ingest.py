"""Ingest saved emails (.eml, Maildir, mbox) or a JSON form post as pending comments.

Reads the site's settings (COMMENTS_DIR, COMMENTS_MAX_BYTES, TIMEZONE, the slug
rules) from the same settings file the build uses.
"""

from __future__ import annotations

import argparse
import mailbox
import sys
from pathlib import Path
from typing import Any

from common_ground_core.source import add_site_arguments, site_from_arguments
from common_ground_core.submissions import (
    SubmissionError,
    find_repeat,
    from_email,
    from_json,
)
from common_ground_tools.comment_submissions import (
    check_submission,
    post_slugs,
    save_pending,
)
from pelican.plugins.common_ground_comments.config import (
    Config,
    ConfigError,
    get_config,
)


def submission_limit(max_bytes: int) -> int:
    """Return the largest submission file read: the comment plus room for headers."""
    return 4 * max_bytes + 64 * 1024


def json_text(raw: bytes) -> str:
    """Return a JSON submission's text, which must be UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SubmissionError(
            f"the JSON is not UTF-8 text (byte {error.start} is not)"
        ) from None


def is_mailbox(path: Path) -> bool:
    """Return True for a Maildir folder or an mbox file (starts with `From `)."""
    if path.is_dir():
        return all((path / name).is_dir() for name in ("cur", "new", "tmp"))
    if path.suffix.lower() in {".eml", ".json"}:
        return False  # one message, even when saved with an mbox `From ` line
    with path.open("rb") as handle:
        return handle.read(5) == b"From "


def mailbox_messages(path: Path) -> list[tuple[str, bytes]]:
    """Return (key, raw bytes) of every message in a Maildir or an mbox."""
    box: mailbox.Mailbox = (
        mailbox.Maildir(path, factory=None, create=False)
        if path.is_dir()
        else mailbox.mbox(path, factory=None, create=False)
    )
    try:
        return sorted((str(key), box.get_bytes(key)) for key in box.iterkeys())
    finally:
        box.close()


def ingest_mailbox(
    path: Path, content: Path, settings: dict[str, Any], cfg: Config
) -> int:
    """Ingest every comment message of a mailbox, skipping repeats; one summary."""
    posts = post_slugs(content, settings)
    saved_count = repeats = refused = 0
    for key, raw in mailbox_messages(path):
        where = f"{path}: message {key}"
        try:
            sub = from_email(raw)
        except SubmissionError as error:
            print(f"comment: {where}: {error}", file=sys.stderr)
            refused += 1
            continue
        checked = check_submission(sub, content, cfg, posts)
        if checked.errors:
            for error in checked.errors:
                print(f"comment: {where}: {error}", file=sys.stderr)
            refused += 1
            continue
        target, written = save_pending(sub, checked, cfg)
        if written:
            saved_count += 1
            print(f"comment: wrote {target} (Status: pending)")
        else:
            repeats += 1
    print(
        f"comment: {path}: {saved_count} saved as pending, "
        f"{repeats} already saved, {refused} refused"
    )
    if saved_count:
        print("comment: review them with: make moderate")
    return 0  # each refusal is named above; the run itself succeeded


def main(argv: list[str] | None = None) -> int:
    """Validate one submission (or a mailbox of them) and write it as pending."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "file", help="a saved .eml email, a .json file, a Maildir or an mbox"
    )
    add_site_arguments(parser)
    args = parser.parse_args(argv)

    if not args.file.strip():
        # `make comment` without FILE= or FROM= passes an empty name.
        print(
            "comment: say which comment to save: make comment FILE=message.eml "
            "(an email saved from your mail program), FILE=comment.json, or "
            "FROM=a Maildir or mbox",
            file=sys.stderr,
        )
        return 2
    args.file = Path(args.file)
    if not (args.file.is_file() or args.file.is_dir()):
        print(
            f"comment: {args.file}: no such file (make comment FILE=... or FROM=...)",
            file=sys.stderr,
        )
        return 2
    settings, content = site_from_arguments(args)
    try:
        cfg = get_config(settings)
    except ConfigError:
        return 2  # the comments plugin has named the bad setting
    try:
        if is_mailbox(args.file):
            return ingest_mailbox(args.file, content, settings, cfg)
    except (OSError, mailbox.Error) as error:
        print(
            f"comment: {args.file}: cannot be read as a mailbox: {error}",
            file=sys.stderr,
        )
        return 2
    if args.file.is_dir():
        print(f"comment: {args.file}: a folder that is not a Maildir", file=sys.stderr)
        return 2
    # A submission is a comment plus its headers; anything far bigger is not one,
    # and is not read into memory.
    limit = submission_limit(cfg.max_bytes)
    try:
        size = args.file.stat().st_size
        raw = args.file.read_bytes() if size <= limit else b""
    except OSError as error:
        print(
            f"comment: {args.file}: cannot be read: {error.strerror}", file=sys.stderr
        )
        return 2
    if size > limit:
        print(
            f"comment: {args.file}: {size} bytes is too big for a submission "
            f"(at most {limit}); nothing written",
            file=sys.stderr,
        )
        return 1
    try:
        if args.file.suffix.lower() == ".json":
            sub = from_json(json_text(raw), cfg.timezone)
        else:
            sub = from_email(raw)
    except SubmissionError as error:
        print(f"comment: {args.file}: {error}", file=sys.stderr)
        print("comment: nothing written", file=sys.stderr)
        return 1
    checked = check_submission(sub, content, cfg, post_slugs(content, settings))
    if checked.errors:
        for error in checked.errors:
            print(f"comment: {args.file}: {error}", file=sys.stderr)
        print("comment: nothing written", file=sys.stderr)
        return 1
    target, written = save_pending(sub, checked, cfg)
    if not written:
        why = find_repeat(sub, checked.saved)[1]  # type: ignore[index]
        print(
            f"comment: {args.file}: already saved as {target} ({why}); nothing written"
        )
        return 0
    print(f"comment: wrote {target} (Status: pending)")
    print(f"comment: publish it with: make moderate APPROVE={sub.slug}/{target.stem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
