"""`make mentions`: send Webmentions for published posts, or import webmention.io's.

    make mentions              # after make publish: notify the pages posts link to
    make mentions DRY_RUN=1    # list what would be sent, send nothing
    make mentions FETCH=1      # import webmention.io's mentions as pending files

Settings (WEBMENTION_*) come from the settings file (publishconf.py by default,
for its absolute SITEURL); the webmention.io token from WEBMENTION_IO_TOKEN in
the environment, never from a file in the repository.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from common_ground_core.source import add_site_arguments, site_from_arguments
from common_ground_tools.webmention.config import MentionConfigError, load_config
from common_ground_tools.webmention.send import run
from common_ground_tools.webmention.webmentionio import (
    WebmentionIOError,
    import_mentions,
)


def main(argv: list[str] | None = None) -> int:
    """Run `make mentions`; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("send", "fetch"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--state", type=Path, default=None, help="the state file")
    parser.add_argument("--dry-run", action="store_true")
    add_site_arguments(parser)
    args = parser.parse_args(argv)
    settings, content = site_from_arguments(args)
    try:
        cfg = load_config(settings)
    except MentionConfigError as error:
        print(error, file=sys.stderr)  # "webmention: bad setting NAME=...", each
        return 2
    if args.action == "fetch":
        try:
            written, skipped = import_mentions(
                cfg, os.environ.get("WEBMENTION_IO_TOKEN", ""), content, settings
            )
        except WebmentionIOError as error:
            print(f"mentions: webmention.io: {error}", file=sys.stderr)
            return 1
        for path in written:
            print(f"mentions: {path}: Status: pending")
        for reason in skipped:
            print(f"mentions: skipped {reason}")
        print(
            f"mentions: {len(written)} new pending mention(s), {len(skipped)} "
            "skipped; make moderate lists them"
        )
        return 0
    state = args.state or Path(cfg.send_state)
    outcomes = run(args.output, state, cfg, dry_run=args.dry_run)
    return 0 if args.dry_run or all(o.done for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
