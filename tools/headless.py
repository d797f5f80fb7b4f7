"""Debian's Chromium, headless and offline, as every browser tool here launches it."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
# No background traffic, and no DNS for anything but the local server: Debian's
# Chromium asks for Google hosts even with background networking off, and the
# resolver rule answers every other name "not found". Both EXCLUDEs are needed
# (`MAP * ~NOTFOUND` alone blocks 127.0.0.1 too) and rules are comma-separated
# (a `;` makes Chromium ignore the whole rule string).
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
