"""List pending comments and inbox submissions; approve, reject or mark spam by id.

An id is `c003` (with SLUG=<post> when several posts have one) or `slug/c003`,
as the list prints it, or `inbox:7` for a submission waiting in the comment
inbox (its database INBOX_DB, or a remote inbox at INBOX_URL with INBOX_TOKEN),
or `wm-4` for a received mention (from the same inbox, local or remote).
COMMENTS_DIR comes from the site's settings file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from common_ground_core.contract import valid_comment_id
from common_ground_core.header import parse_header
from common_ground_core.source import add_site_arguments, site_from_arguments
from common_ground_core.submissions import (
    Submission,
    set_status,
)
from common_ground_tools.comment_submissions import (
    check_submission,
    post_slugs,
    save_pending,
)
from common_ground_tools.inbox.client import (
    Inbox,
    InboxError,
    RemoteInbox,
    open_inbox,
)
from common_ground_tools.webmention import moderate_cli
from pelican.plugins.common_ground_comments.config import ConfigError, get_config
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


INBOX_PREFIX = "inbox:"
DECISIONS = {"approve": "published", "spam": "spam", "reject": "rejected"}


def inbox_submission(row: dict[str, Any]) -> Submission:
    """Return an inbox row as the Submission `make comment` would have read."""
    return Submission(
        slug=row["slug"],
        author=row["author"],
        email=row["email"],
        website=row["website"],
        replyto=row["replyto"],
        body=row["body"],
        # The comment is dated when the reader sent it, not when it was approved.
        date=dt.datetime.fromisoformat(row["received"]),
    )


def list_inbox(inbox: Inbox, timezone: str) -> int:
    """Print the inbox's pending submissions; return how many.

    The inbox keeps UTC; each is shown in the site's TIMEZONE, the time its
    comment file will have, as the pending files listed above it are.
    """
    rows = inbox.pending()
    zone = ZoneInfo(timezone)
    for row in rows:
        preview = " ".join(row["body"].split())[:70]
        sent = dt.datetime.fromisoformat(row["received"]).astimezone(zone)
        print(
            f"{INBOX_PREFIX}{row['id']}  {sent.isoformat(timespec='seconds')}  "
            f"{row['author']} on {row['slug']}: {preview}"
        )
    return len(rows)


def decide_inbox(
    inbox: Inbox, number: int, decision: str, args: argparse.Namespace
) -> int:
    """Approve (write the comment file), reject or mark as spam one submission."""
    row = inbox.get(number)
    name = f"{INBOX_PREFIX}{number}"
    if row["state"] != "pending":
        print(f"moderate: {name} is already {row['state']}; nothing done")
        return 0
    if decision != "approve":
        inbox.mark(number, DECISIONS[decision])
        print(f"moderate: {name}: {DECISIONS[decision]} (remembered by the inbox)")
        return 0
    settings, content = site_from_arguments(args)
    cfg = get_config(settings)
    sub = inbox_submission(row)
    checked = check_submission(sub, content, cfg, post_slugs(content, settings))
    if checked.errors:
        for error in checked.errors:
            print(f"moderate: {name}: {error}", file=sys.stderr)
        print(f"moderate: nothing written; REJECT={name} drops it", file=sys.stderr)
        return 1
    # Written exactly as `make comment` writes it, then published like APPROVE=.
    target, written = save_pending(sub, checked, cfg)
    target.write_text(
        set_status(target.read_text(encoding="utf-8"), "published"), encoding="utf-8"
    )
    inbox.mark(number, "taken", f"{sub.slug}/{target.stem}")
    how = "wrote" if written else "already saved as"
    print(f"moderate: {name}: {how} {target}: Status: published")
    return 0


def decide_mention(
    inbox: Inbox | None, key: str, decision: str, args: argparse.Namespace
) -> int:
    """Approve, reject or mark as spam a mention, remote (INBOX_URL) or local."""
    settings, content = site_from_arguments(args)
    if isinstance(inbox, RemoteInbox):
        return moderate_cli.act_remote(inbox, key, decision, content, settings)
    return moderate_cli.act(args.mentions_db, key, decision, content, settings)


def main(argv: list[str] | None = None) -> int:
    """Run the moderation command; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--approve", default="", help="id of a comment to publish")
    parser.add_argument("--spam", default="", help="id of a comment to mark as spam")
    parser.add_argument(
        "--reject", default="", help="id of an inbox submission or mention to drop"
    )
    parser.add_argument("--slug", default="", help="post slug, when ids repeat")
    parser.add_argument(
        "--inbox-db",
        default=os.environ.get("INBOX_DB", "inbox.sqlite3"),
        help="the local inbox's database (INBOX_DB)",
    )
    parser.add_argument(
        "--inbox-url",
        default=os.environ.get("INBOX_URL", ""),
        help="a remote inbox's https:// address (INBOX_URL, with INBOX_TOKEN)",
    )
    # Webmention (tools/webmention): ids `wm-N` name received mentions.
    parser.add_argument("--mentions-db", default="", help="the mention database")
    add_site_arguments(parser)
    args = parser.parse_args(argv)
    chosen = [
        (k, v)
        for k, v in (
            ("approve", args.approve),
            ("spam", args.spam),
            ("reject", args.reject),
        )
        if v
    ]
    if len(chosen) > 1:
        print("moderate: give one of APPROVE, SPAM or REJECT", file=sys.stderr)
        return 2
    try:
        inbox = open_inbox(
            args.inbox_url, os.environ.get("INBOX_TOKEN", ""), args.inbox_db
        )
        if chosen and moderate_cli.parse_key(chosen[0][1]) is not None:
            decision, key = chosen[0]
            return decide_mention(inbox, key, decision, args)
        if chosen and chosen[0][1].startswith(INBOX_PREFIX):
            decision, value = chosen[0]
            number = value.removeprefix(INBOX_PREFIX)
            if not number.isdigit():
                print(f"moderate: {value!r} is not an inbox id", file=sys.stderr)
                return 2
            if inbox is None:
                print(
                    f"moderate: no inbox (no {args.inbox_db}, no INBOX_URL)",
                    file=sys.stderr,
                )
                return 2
            return decide_inbox(inbox, int(number), decision, args)
        return moderate_files(args, inbox)
    except InboxError as error:
        print(f"moderate: inbox: {error}", file=sys.stderr)
        return 1
    except ConfigError:
        return 2  # the comments plugin has named the bad setting


def moderate_files(args: argparse.Namespace, inbox: Inbox | None) -> int:
    """List the pending comment files (and inbox), or moderate one file by id."""
    settings, content = site_from_arguments(args)
    root = content / get_config(settings).directory
    if args.reject:
        print(
            "moderate: REJECT takes an inbox id (inbox:N) or a mention id (wm-N); "
            "a comment file is marked SPAM= or deleted",
            file=sys.stderr,
        )
        return 2
    comment_id, status = (
        (args.approve, "published") if args.approve else (args.spam, "spam")
    )
    if not comment_id:
        items = pending(root) if root.is_dir() else []
        for path, fields, body in items:
            preview = " ".join(body.split())[:70]
            print(
                f"{path.parent.name}/{path.stem}  {fields.get('date', '?')}  "
                f"{fields.get('author', '?')}: {preview}"
            )
        waiting = list_inbox(inbox, settings["TIMEZONE"]) if inbox is not None else 0
        print(f"moderate: {len(items)} pending comment(s)")
        if inbox is not None:
            print(f"moderate: {waiting} inbox submission(s) in {inbox.where}")
        if items or waiting:
            print("moderate: make moderate APPROVE=<slug/id>  (or SPAM=<slug/id>)")
        if waiting:
            print("moderate: inbox ids are inbox:N; REJECT=inbox:N drops one")
        if isinstance(inbox, RemoteInbox):
            # A remote inbox holds the mentions too: its wm-N ids, not a local file's.
            return moderate_cli.list_remote(inbox, content, settings)
        return moderate_cli.list_mentions(args.mentions_db, content, settings)
    if not root.is_dir():
        print(f"moderate: {root}: no comments folder", file=sys.stderr)
        return 2
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
    if not valid_comment_id(comment_id):
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
