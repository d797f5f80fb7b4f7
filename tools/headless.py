"""Debian's Chromium, headless and offline, as every browser tool here launches it."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
# From /work/shared/TOOLING.md: no background traffic, and no DNS for anything but
# the local server (both EXCLUDEs are needed; rules are comma-separated).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
