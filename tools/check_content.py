"""Validate a content tree without writing a site: `make check`.

Every problem is one line ``path:line: severity: message``, sorted; the exit status
is 1 when any problem is an error (warnings alone exit 0).
"""

from __future__ import annotations

import argparse
import sys

from common_ground_core.source import add_site_arguments, site_from_arguments
from common_ground_tools.content_checks import check_tree
from pelican.plugins.common_ground_build_summary.core import plural
from pelican.plugins.common_ground_comments.config import ConfigError


def main(argv: list[str] | None = None) -> int:
    """Print every problem in the content tree; return 1 when any is an error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_site_arguments(parser)
    args = parser.parse_args(argv)
    settings, content = site_from_arguments(args)
    shown = args.content or content
    if not content.is_dir():
        print(f"check: {shown} is not a folder", file=sys.stderr)
        return 2
    try:
        problems = check_tree(content, settings, shown.as_posix())
    except ConfigError:
        # The comments plugin has logged which setting is wrong, as the build does.
        return 2
    for problem in problems:
        print(problem.format())
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"check: {plural(errors, 'error')}, {plural(warnings, 'warning')} in {shown}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
