"""Publish the production site atomically: `make publish`.

Checks the content, builds with publishconf.py into a fresh folder next to the
output folder, checks the result (no warnings, every internal link resolves), and
only then swaps it into place. A failed or interrupted publish leaves the previous
output folder exactly as it was, says why, and records the failure in the publish
marker that `make upload` and `make github` consult.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit
from xml.etree import ElementTree

from pelican import Pelican
from pelican.log import init as init_logging

from common_ground_tools.content_checks import check_tree, load_settings
from common_ground_tools.publish_state import MARKER_DIR, tree_digest, write_marker
from common_ground_tools.settings_checks import bad_settings
from common_ground_tools.sitelinks import broken_references
from pelican.plugins.common_ground_build_summary.core import plural

TEMP_PREFIX = ".publish-"
HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# Names reserved for examples and tests (RFC 2606, RFC 6761): no real site has them.
EXAMPLE_HOSTS = ("example.com", "example.net", "example.org")
EXAMPLE_TLDS = (".example", ".invalid", ".test", ".localhost")


class PublishError(Exception):
    """A publish step failed; the message says which and why."""


class Interrupted(BaseException):
    """A signal stopped the publish (BaseException so no `except Exception` eats it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class WarningCollector(logging.Handler):
    """Keep every WARNING-or-worse record logged while it is installed."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Remember the record."""
        self.records.append(record)

    def messages(self) -> list[str]:
        """Return 'LEVEL: message' for each record, in the order they came."""
        return [f"{r.levelname}: {r.getMessage()}" for r in self.records]


@contextmanager
def signals_raise() -> Iterator[None]:
    """Turn SIGINT, SIGTERM and SIGHUP into Interrupted while the block runs."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        raise Interrupted(signum)

    previous = {s: signal.signal(s, handler) for s in HANDLED_SIGNALS}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


@contextmanager
def signals_deferred() -> Iterator[list[int]]:
    """Hold signals back while the block runs; report which ones arrived."""
    arrived: list[int] = []
    signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED_SIGNALS)
    try:
        yield arrived
    finally:
        previous = {
            s: signal.signal(s, lambda signum, _f: arrived.append(signum))
            for s in HANDLED_SIGNALS
        }
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED_SIGNALS)
        for signum, old in previous.items():
            signal.signal(signum, old)


def leftover_folders(parent: Path) -> list[Path]:
    """Return temporary folders that a publish killed with SIGKILL left behind."""
    return sorted(
        p for p in parent.glob(TEMP_PREFIX + "*") if p.is_dir() and p.name != MARKER_DIR
    )


def swap_into_place(build: Path, output: Path) -> None:
    """Replace `output` by `build` with two renames; put the old one back on error."""
    old = None
    if output.exists() or output.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + "old-", dir=output.parent))
        old.rmdir()
        output.rename(old)
    try:
        build.rename(output)
    except OSError:
        if old is not None:
            old.rename(output)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def run_pelican(content: Path, target: Path, settings_file: Path) -> None:
    """Build `content` into `target` in this process with `settings_file`."""
    Pelican(load_settings(settings_file, content, OUTPUT_PATH=str(target))).run()


def site_url(settings_file: Path, content: Path) -> str:
    """Return SITEURL as the settings file sets it."""
    return load_settings(settings_file, content)["SITEURL"]


def placeholder_warning(url: str) -> str | None:
    """Return a warning if SITEURL is empty or an example address, else None."""
    host = (urlsplit(url).hostname or "").lower()
    is_example = host.endswith(EXAMPLE_TLDS) or any(
        host == name or host.endswith("." + name) for name in EXAMPLE_HOSTS
    )
    if host and not is_example:
        return None
    what = "an example address" if host else "not an address"
    return (
        f"publish: WARNING: SITEURL is {url!r}, {what}, not your site's: every "
        "link, feed and the sitemap will point there. Set "
        "COMMON_GROUND_SITEURL=https://your.site (or SITEURL in publishconf.py); "
        "`make serve` previews this build locally either way"
    )


def check_content_tree(
    content: Path, settings_file: Path, say: Callable[[str], None]
) -> None:
    """Run the same check as `make check`; fail on any error."""
    settings = load_settings(settings_file, content)
    bad = bad_settings(settings, lambda line: say(f"publish: {line}"))
    if bad:
        raise PublishError(
            f"{bad} bad setting(s) in {settings_file.name} or the file it imports, "
            "named above"
        )
    problems = check_tree(content, settings, content.as_posix())
    for problem in problems:
        say(problem.format())
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        raise PublishError(f"the content check found {errors} error(s), listed above")


def publish(
    content: Path,
    output: Path,
    settings_file: Path,
    *,
    allow_warnings: bool = False,
    say: Callable[[str], None] = print,
) -> int:
    """Publish `content` into `output` atomically; return the exit status."""
    content, output, settings_file = (
        p.absolute() for p in (content, output, settings_file)
    )
    started = time.perf_counter()
    build: Path | None = None
    collector = WarningCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        with signals_raise():
            public_url = site_url(settings_file, content)
            placeholder = placeholder_warning(public_url)
            if placeholder:
                say(placeholder)
            say(f"publish: checking {content}")
            check_content_tree(content, settings_file, say)
            output.parent.mkdir(parents=True, exist_ok=True)
            for stale in leftover_folders(output.parent):
                say(f"publish: note: {stale}/ is left from a killed publish; delete it")
            build = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=output.parent))
            # mkdtemp makes a private folder; a published site must be readable.
            umask = os.umask(0)
            os.umask(umask)
            build.chmod(0o777 & ~umask)
            say(f"publish: building with {settings_file.name} into {build.name}/")
            try:
                run_pelican(content, build, settings_file)
            except Exception as error:  # any crash of Pelican or a plugin fails publish
                for message in collector.messages():
                    say(f"  {message}")
                raise PublishError(f"the build crashed: {error!r}") from error
            verify_build(build, settings_file, content, collector, allow_warnings, say)
            files, digest = tree_digest(build)
            with signals_deferred() as arrived:
                try:
                    swap_into_place(build, output)
                except OSError as error:
                    raise PublishError(
                        f"could not swap the build in: {error}"
                    ) from error
                build = None
                record = {"files": files, "sha256": digest, "site_url": public_url}
                write_marker(output, {"status": "ok", **record})
        seconds = time.perf_counter() - started
        say(f"publish: done: {plural(files, 'file')} in {output}/ ({seconds:.1f} s)")
        if placeholder:
            say(placeholder)
        if arrived:
            say(
                "publish: a stop signal arrived after the swap; the publish is complete"
            )
        return 0
    except PublishError as error:
        return fail(output, str(error), 1, say)
    except OSError as error:
        return fail(output, f"file system error: {error}", 1, say)
    except Interrupted as stop:
        return fail(output, f"interrupted by {stop}", 128 + stop.signum, say)
    finally:
        root.removeHandler(collector)
        if build is not None:
            shutil.rmtree(build, ignore_errors=True)


def verify_build(
    build: Path,
    settings_file: Path,
    content: Path,
    collector: WarningCollector,
    allow_warnings: bool,
    say: Callable[[str], None],
) -> None:
    """List every problem of the finished build; fail if any must stop the publish."""
    reasons = []
    if not (build / "index.html").is_file():
        reasons.append("the build wrote no index.html")
    broken = broken_references(build, site_url(settings_file, content))
    for problem in broken:
        say(f"publish: broken internal reference: {problem}")
    if broken:
        reasons.append(f"{len(broken)} internal reference(s) resolve to nothing")
    malformed = malformed_xml(build)
    for problem in malformed:
        say(f"publish: malformed XML: {problem}")
    if malformed:
        reasons.append(f"{len(malformed)} feed or sitemap file(s) are not well-formed")
    warnings = collector.messages()
    if warnings:
        say(f"publish: {len(warnings)} warning(s) during the build:")
        for message in warnings:
            say(f"  {message}")
        if not allow_warnings:
            reasons.append(
                f"{len(warnings)} warning(s) during the build "
                "(ALLOW_WARNINGS=1 / --allow-warnings publishes anyway)"
            )
    if reasons:
        raise PublishError("; ".join(reasons))


def malformed_xml(build: Path) -> list[str]:
    """Return 'file: error' for each .xml file (feeds, sitemap) that won't parse."""
    problems = []
    for path in sorted(build.rglob("*.xml")):
        try:
            ElementTree.parse(path)
        except ElementTree.ParseError as error:
            problems.append(f"{path.relative_to(build)}: {error}")
    return problems


def fail(output: Path, reason: str, status: int, say: Callable[[str], None]) -> int:
    """Record a failed publish and say that the previous output was kept."""
    try:
        write_marker(output, {"status": "failed", "reason": reason})
    except OSError as error:
        say(f"publish: could not record the failure: {error}")
    kept = "left as it was" if output.exists() else "not created"
    say(f"publish: FAILED: {reason}; {output}/ {kept}")
    return status


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and publish."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--settings", type=Path, default=Path("publishconf.py"))
    parser.add_argument(
        "--allow-warnings",
        action="store_true",
        default=os.environ.get("ALLOW_WARNINGS", "") in {"1", "yes", "true"},
        help="publish even when the build logged warnings (listed anyway)",
    )
    args = parser.parse_args(argv)
    return publish(
        args.content, args.output, args.settings, allow_warnings=args.allow_warnings
    )


if __name__ == "__main__":
    init_logging(level=logging.WARNING)
    sys.exit(main())
