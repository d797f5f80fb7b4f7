"""Deterministic identicons drawn locally as inline SVG (no third-party request)."""

from __future__ import annotations

import hashlib

GRID = 5


def identicon_svg(name: str, salt: str, size: int = 40) -> str:
    """Return an inline SVG pattern derived from a salted hash of the display name.

    Only the name is hashed, never the email, so nothing about the address can
    leak through the picture.
    """
    digest = hashlib.sha256(f"{salt}\0{name.strip().casefold()}".encode()).digest()
    hue = int.from_bytes(digest[:2], "big") % 360
    bits = int.from_bytes(digest[2:6], "big")
    cells = []
    half = (GRID + 1) // 2
    for column in range(half):
        for row in range(GRID):
            if bits & 1:
                cells.append((column, row))
                if column != GRID - 1 - column:
                    cells.append((GRID - 1 - column, row))
            bits >>= 1
    path = "".join(f"M{x} {y}h1v1h-1z" for x, y in sorted(cells))
    return (
        f'<svg class="comment-avatar" width="{size}" height="{size}" '
        f'viewBox="0 0 {GRID} {GRID}" aria-hidden="true" focusable="false">'
        f'<rect width="{GRID}" height="{GRID}" fill="hsl({hue} 40% 92%)"/>'
        f'<path fill="hsl({hue} 55% 38%)" d="{path}"/></svg>'
    )
