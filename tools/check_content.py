"""Validate a content tree without writing a site: `make check`.

Every problem is one line ``path:line: severity: message``, sorted; the exit status
is 1 when any problem is an error (warnings alone exit 0).
"""

from __future__ import annotations

import argparse
import sys
import warnings

from dateutil.parser import UnknownTimezoneWarning

from common_ground_core.source import add_site_arguments, site_from_arguments
from common_ground_tools.content_checks import check_tree
from common_ground_tools.settings_checks import bad_settings
from pelican.plugins.common_ground_build_summary.core import plural


def main(argv: list[str] | None = None) -> int:
    """Print every problem in the content tree; return 1 when any is an error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_site_arguments(parser)
    args = parser.parse_args(argv)
    # dateutil's warning names no file; check_date reports it with the file.
    warnings.filterwarnings("ignore", category=UnknownTimezoneWarning)
    settings, content = site_from_arguments(args)
    shown = args.content or content
    if not content.is_dir():
        print(f"check: {shown} is not a folder", file=sys.stderr)
        return 2
    if bad_settings(settings, lambda line: print(f"check: {line}", file=sys.stderr)):
        print(
            f"check: fix the settings named above in {args.settings}", file=sys.stderr
        )
        return 2
    problems = check_tree(content, settings, shown.as_posix())
    for problem in problems:
        print(problem.format())
    errors = sum(p.severity == "error" for p in problems)
    warned = len(problems) - errors
    print(f"check: {plural(errors, 'error')}, {plural(warned, 'warning')} in {shown}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
