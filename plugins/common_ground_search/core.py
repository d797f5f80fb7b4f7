"""What Pagefind reads and how it is run: pure functions, no I/O."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import PurePosixPath

# Pagefind's own default glob: every HTML file below the site folder.
INDEXED_SUFFIX = ".html"
# Pagefind indexes only marked regions once any page marks one; a site where no
# page does (nothing published yet) would otherwise index its listings instead.
BODY_MARKER = b"data-pagefind-body"


def pagefind_command(site: str, bundle: str) -> list[str]:
    """Return the command line that indexes every page of `site` into `bundle`."""
    # The PyPI package's own launcher finds its bundled binary; no PATH lookup.
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        site,
        "--output-path",
        bundle,
        "--silent",
    ]


def is_indexed(relative_path: str, bundle_dir: str) -> bool:
    """Tell whether Pagefind reads this file of the site (given relative to it)."""
    path, bundle = PurePosixPath(relative_path), PurePosixPath(bundle_dir)
    return path.suffix == INDEXED_SUFFIX and not path.is_relative_to(bundle)


def has_marked_page(pages: Iterable[bytes]) -> bool:
    """Tell whether any page marks a region for the index."""
    return any(BODY_MARKER in page for page in pages)
