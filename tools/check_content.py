"""Validate a content tree without writing a site: `make check`.

Every problem is one line ``path:line: severity: message``, sorted; the exit status
is 1 when any problem is an error (warnings alone exit 0).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Mapping
from typing import Any

from dateutil.parser import UnknownTimezoneWarning

from common_ground_core.settings import (
    SettingsError,
    plugin_loaded,
    timezone_problem,
)
from common_ground_core.source import add_site_arguments, site_from_arguments
from common_ground_tools.content_checks import check_tree
from pelican.plugins.common_ground_aliases import config as aliases
from pelican.plugins.common_ground_build_summary.core import plural
from pelican.plugins.common_ground_comments import config as comments
from pelican.plugins.common_ground_reading_time import config as reading_time
from pelican.plugins.common_ground_relative_links import config as relative_links
from pelican.plugins.common_ground_search import config as search
from pelican.plugins.common_ground_series import config as series
from pelican.plugins.common_ground_sitemap import config as sitemap

# Every plugin's settings reader, as the build calls it when the plugin starts.
CONFIGS: tuple[tuple[str, Callable[[Mapping[str, Any]], object]], ...] = tuple(
    (module.__name__.rsplit(".", 1)[0], module.get_config)
    for module in (
        aliases,
        comments,
        reading_time,
        relative_links,
        search,
        series,
        sitemap,
    )
)


def bad_settings(settings: Mapping[str, Any]) -> int:
    """Read the settings the build would stop on; return how many are bad.

    Each plugin logs its bad settings by name, as the build does; a TIMEZONE
    Python does not know makes Pelican fail on every post.
    """
    bad = 0
    for package, get_config in CONFIGS:
        if not plugin_loaded(settings, package):
            continue
        try:
            get_config(settings)
        except SettingsError as error:
            bad += len(error.problems)
    zone = timezone_problem(settings)
    if zone is not None:
        print(f"check: bad setting {zone}", file=sys.stderr)
        bad += 1
    return bad


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
    if bad_settings(settings):
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
