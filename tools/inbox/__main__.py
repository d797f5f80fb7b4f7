"""Run the comment inbox with waitress: `make inbox` (INBOX_HOST, INBOX_PORT, ...)."""

from __future__ import annotations

import argparse
import logging
import sys

from .settings import SettingsError, load_config


def main(argv: list[str] | None = None) -> int:
    """Validate the INBOX_* settings, then serve until interrupted."""
    parser = argparse.ArgumentParser(prog="make inbox", description=__doc__)
    parser.add_argument("--settings", default="", help="the site's settings file")
    parser.add_argument("--content", default="", help="the site's content folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    overrides = {}
    if args.settings:
        overrides["INBOX_SETTINGS"] = args.settings
    if args.content:
        overrides["INBOX_CONTENT"] = args.content
    try:
        config = load_config(overrides)
    except SettingsError as error:
        print(error, file=sys.stderr)  # "inbox: bad setting NAME=...", each
        return 2
    # Imported here so a bad setting is named even before Flask loads.
    from waitress import serve

    from .app import create_app

    try:
        app = create_app(config)
    except SettingsError as error:
        print(error, file=sys.stderr)  # "inbox: bad setting NAME=...", each
        return 2
    except OSError as error:
        print(f"inbox: cannot start: {error}", file=sys.stderr)
        return 2
    print(
        f"inbox: listening on http://{config.inbox_host}:{config.inbox_port} "
        f"(database {config.inbox_db})",
        flush=True,
    )
    proxy = {}
    if config.inbox_trusted_proxy:
        proxy = {
            "trusted_proxy": config.inbox_trusted_proxy,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
        }
    serve(
        app,
        **proxy,
        host=config.inbox_host,
        port=config.inbox_port,
        threads=config.inbox_threads,
        # Slow or idle clients are dropped. The application answers a body over
        # INBOX_MAX_REQUEST_BYTES with its own page; waitress drops far larger ones.
        channel_timeout=config.inbox_timeout,
        max_request_body_size=2 * config.inbox_max_request_bytes,
        max_request_header_size=16_384,
        connection_limit=200,
        ident="inbox",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
