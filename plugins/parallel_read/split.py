"""Which posts the second process reads (pure)."""

from __future__ import annotations

from collections.abc import Sequence


def worker_share(paths: Sequence[str], min_files: int) -> list[str]:
    """Return the paths the helper process should read, in Pelican's order.

    Pelican reads `paths` in order; the helper takes the second half, so both
    processes work at once and Pelican reaches the helper's first file about when
    the helper is done. Too few files: none (forking would cost more).
    """
    if len(paths) < min_files:
        return []
    return list(paths[len(paths) // 2 :])
