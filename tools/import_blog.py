"""Import a WordPress (WXR) or Disqus export into the content tree: `make import`.

Posts, pages, comment threads, pingbacks and old addresses are written in the
site's own formats; see docs/import.md. Nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from xml.etree.ElementTree import Element

from common_ground_core.settings import timezone_problem
from common_ground_tools.blog_import.detect import ExportError, detect, parse
from common_ground_tools.blog_import.disqus import read_disqus
from common_ground_tools.blog_import.load import (
    ConfigError,
    load_settings,
    site_from_settings,
)
from common_ground_tools.blog_import.plan import Plan, plan_wxr
from common_ground_tools.blog_import.threads import plan_disqus
from common_ground_tools.blog_import.write import (
    InterruptedImportError,
    StopSignals,
    WriteError,
    write_plan,
)
from common_ground_tools.blog_import.wxr import read_wxr


def uploads_files(folder: Path | None) -> frozenset[str] | None:
    """Return the relative paths of every file in the uploads folder.

    A symlink counts only when it resolves inside the folder: UPLOADS names
    what may be copied into the site, never what a link inside it points at.
    """
    if folder is None:
        return None
    inside = folder.resolve()
    found = set()
    for parent, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(parent, name)
            if path.resolve().is_relative_to(inside) and path.is_file():
                found.add(path.relative_to(folder).as_posix())
    return frozenset(found)


def held_files(folder: Path) -> set[str]:
    """Return the files already in the folder of posts kept from the public."""
    if not folder.is_dir():
        return set()
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def make_plan(
    root: Element,
    name: str,
    settings: dict,
    content: Path,
    uploads: Path | None,
    held: Path,
) -> Plan:
    """Plan every file the import of a parsed export would write."""
    kind, namespace = detect(root, name)
    site = site_from_settings(settings, content)
    site.held_files = held_files(held)
    if kind == "disqus":
        return plan_disqus(read_disqus(root), site)
    export = read_wxr(root, namespace, site.timezone)
    return plan_wxr(export, site, uploads_files(uploads))


def _shown(folder: Path) -> str:
    """Name `folder` relative to the working folder when it is inside it."""
    try:
        return folder.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(folder)


def main(argv: list[str] | None = None) -> int:
    """Run one import; return 0 when it was written (or previewed), 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", type=Path, help="the WXR or Disqus XML file")
    parser.add_argument(
        "--uploads",
        type=Path,
        default=None,
        help="the old site's wp-content/uploads folder",
    )
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        help="the content folder (default: content)",
    )
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument(
        "--unpublished",
        type=Path,
        default=None,
        help="where posts the old blog kept from the public go "
        "(default: unpublished/ beside the content folder)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the summary and write nothing"
    )
    args = parser.parse_args(argv)
    name = str(args.export)
    if not name or name == ".":
        print("import: name the export: make import FROM=export.xml", file=sys.stderr)
        return 1
    if not args.export.is_file():
        print(f"import: {name}: no such file", file=sys.stderr)
        return 1
    if args.uploads is not None and not args.uploads.is_dir():
        print(f"import: UPLOADS {args.uploads} is not a folder", file=sys.stderr)
        return 1
    if not args.settings.is_file():
        print(f"import: settings file {args.settings} not found", file=sys.stderr)
        return 1
    if not args.content.is_dir():
        print(f"import: {args.content} is not a folder", file=sys.stderr)
        return 1
    content = args.content.resolve()
    held = (args.unpublished or content.parent / "unpublished").absolute()
    if held.resolve().is_relative_to(content):
        print(
            f"import: --unpublished {held} is inside {args.content}, where the "
            "build would publish what the old blog kept private; name a folder "
            "beside it",
            file=sys.stderr,
        )
        return 1
    try:
        with StopSignals() as stop:
            # Parse first: a hostile or broken file fails before anything else.
            root = parse(args.export.read_bytes(), name)
            settings = load_settings(args.settings, content)
            zone = timezone_problem(settings)
            if zone is not None:
                # Every date of the import is read in it: stop before any is.
                print(f"import: bad setting {zone}", file=sys.stderr)
                return 1
            plan = make_plan(root, name, settings, content, args.uploads, held)
            written = len(plan.files) + len(plan.copies) + len(plan.held)
            if not args.dry_run:
                copies = {
                    target: args.uploads / source
                    for target, source in plan.copies.items()
                }
                written = write_plan(content, plan.files, copies, held, plan.held, stop)
    except InterruptedImportError as stop:
        print(
            f"import: stopped by {stop}; nothing was written, "
            f"{args.content} is as it was",
            file=sys.stderr,
        )
        return 128 + stop.signum
    except (ExportError, WriteError) as error:
        print(f"import: {error}", file=sys.stderr)
        return 1
    except ConfigError as error:
        print(f"import: bad comments setting {error}", file=sys.stderr)
        return 1
    if stop.late is not None:
        plan.summary.warn(
            f"stopped by {signal.Signals(stop.late).name} after every file was in "
            "place; the import is complete"
        )
    plan.summary.held_folder = _shown(held)
    for line in plan.summary.lines(dry_run=args.dry_run, files=written):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
