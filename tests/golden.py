"""Build the showcase fixture the one fixed way its golden output is kept.

`make golden` runs this to regenerate tests/golden/ after an intended change;
tests/test_golden.py runs it into a temporary folder and compares file by file.
A publish build (absolute SITEURL, feeds, sitemap) with no search bundle, in
its own process, so no other test's plugins or settings are loaded.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from sitebuild import PROJECT_ROOT, SHOWCASE_CONTENT, build_site

GOLDEN = PROJECT_ROOT / "tests" / "golden"
GOLDEN_SETTINGS = {
    "SITEURL": "https://common-ground.example.org",
    # Pagefind's bundle is binary and versioned; search has its own tests.
    "SEARCH_INDEX": False,
}


def build_golden(output: Path) -> list[str]:
    """Build the showcase into `output` (replaced); return the build's warnings."""
    if output.exists():
        shutil.rmtree(output)
    with tempfile.TemporaryDirectory(prefix="golden-cache-") as cache:
        result = build_site(
            SHOWCASE_CONTENT,
            output,
            conf="publishconf.py",
            overrides={**GOLDEN_SETTINGS, "CACHE_PATH": cache},
        )
    return result.warnings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, default=GOLDEN)
    args = parser.parse_args(argv)
    warnings = build_golden(args.output.resolve())
    for warning in warnings:
        print(f"golden: warning: {warning}", file=sys.stderr)
    if warnings:
        return 1
    print(f"golden: wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
