"""The checks of a content tree, run by `make check` and by `make publish`.

Every problem is a `Problem` (path, line, severity, message); the build's own
functions and Pelican's file discovery decide, so a check agrees with the build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from pelican.readers import ensure_metadata_list
from pelican.urlwrappers import Category, Tag

from common_ground_core.contract import POST_STATUSES
from common_ground_core.header import parse_header
from common_ground_core.source import (
    Problem,
    Source,
    content_files,
    derive_slug,
    load_settings,
    metadata_date,
    read_source,
)
from common_ground_tools.check_aliases import Published, check_alias_addresses
from common_ground_tools.check_comments import comment_problems
from common_ground_tools.date_reading import ambiguity_message, zone_message
from pelican.plugins.common_ground_aliases.core import parse_aliases
from pelican.plugins.common_ground_reading_time.core import parse_override
from pelican.plugins.common_ground_series.config import SeriesConfigError
from pelican.plugins.common_ground_series.config import get_config as series_config
from pelican.plugins.common_ground_series.core import series_name, term_keys
from pelican.plugins.common_ground_series.models import Entry, Rule

__all__ = ["Problem", "check_tree", "load_settings", "parse_header"]

COMMENTS_OPTIONS = ("open", "closed")

LINK_RE = re.compile(
    r"[{|](?P<what>filename|static|attach)[}|](?P<target>[^\s)\"'<>]+)"
)
FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
CODE_SPAN_RE = re.compile(r"`[^`]*`")
# An image loaded from an address with a host: Markdown `![alt](url)` or HTML.
REMOTE_IMAGE_RE = re.compile(
    r"""!\[[^\]]*\]\(\s*<?(?P<md>(?:https?:)?//[^\s)>]+)"""
    r"""|<img\b[^>]*?\ssrc\s*=\s*["']?(?P<html>(?:https?:)?//[^\s"'>]+)""",
    re.I,
)


def is_integer(value: str) -> bool:
    """Return whether the series plugin reads `value` as an integer (as int() does)."""
    try:
        int(value.strip())
    except ValueError:
        return False
    return True


def valid_reading_time(value: str) -> bool:
    """Return whether the reading_time plugin accepts `value` as an override."""
    try:
        parse_override(value)
    except ValueError:
        return False
    return True


def check_date(source: Source, key: str, *, required: bool) -> None:
    """Check that a required date key is present and reads one way only.

    read_source checks that Pelican can read the value at all.
    """
    value = source.value(key)
    if value is None:
        if required:
            source.problem(1, f"missing required metadata {key.title()}")
        return
    for message in (ambiguity_message(key, value), zone_message(key, value)):
        if message:
            source.problem(source.line(key), message, "warning")


def check_series_ties(members: Iterable[tuple[str, Source]]) -> None:
    """Warn on two parts of one series the series plugin can only order by title.

    Parts without Series_index are ordered by date; two with the same date
    fall back to their titles, which is rarely the order meant.
    """
    by_key: dict[tuple[str, datetime], list[Source]] = {}
    for series, source in members:
        if source.value("series_index") or not source.value("date"):
            continue
        try:
            when = metadata_date(source.value("date"))
        except ValueError:
            continue  # reported as an unreadable date
        by_key.setdefault((series, when), []).append(source)
    for (series, when), tied in sorted(by_key.items(), key=lambda i: i[0][0]):
        if len(tied) < 2:
            continue
        tied.sort(key=lambda s: s.display)
        for source in tied:
            others = ", ".join(o.display for o in tied if o is not source)
            source.problem(
                source.line("date"),
                f"series {series!r}: same Date as {others} ({when:%Y-%m-%d %H:%M}), "
                "so the parts are ordered by title; give the later part a later "
                "Date or each part a Series_index",
                "warning",
            )


def filename_has_date(path: Path, settings: dict[str, Any]) -> bool:
    """Return whether FILENAME_METADATA gives this file a date, as Pelican reads it."""
    pattern = settings.get("FILENAME_METADATA")
    if not pattern:
        return False
    match = re.match(pattern, path.stem)
    return bool(match and match.groupdict().get("date"))


def series_rules(settings: dict[str, Any]) -> tuple[Rule, ...]:
    """Return the series plugin's membership rules (none when they are invalid)."""
    try:
        return series_config(settings).rules
    except SeriesConfigError:
        # The series plugin logs the bad setting by name; checking goes on.
        return ()


def source_series(
    source: Source, rules: tuple[Rule, ...], settings: dict[str, Any]
) -> str | None:
    """Return the series the post is in by metadata or by a settings rule.

    Tags and categories are Pelican's own (its list splitting, its slugs), so a
    rule matches here exactly when it matches in the build.
    """
    category = source.value("category") or ""
    entry = Entry(
        key=source.display,
        title=source.value("title") or "",
        date=datetime.min,
        series=source.value("series"),
        tags=frozenset().union(
            *(
                term_keys(name, Tag(name, settings).slug)
                for name in ensure_metadata_list(source.value("tags") or "")
            )
        ),
        categories=term_keys(category, Category(category, settings).slug)
        if category
        else frozenset(),
    )
    return series_name(entry, rules)


def check_post(
    source: Source,
    settings: dict[str, Any],
    *,
    article: bool,
    rules: tuple[Rule, ...] = (),
) -> None:
    """Check one post's (or page's) metadata against the content contract."""
    if not source.value("title"):
        source.problem(source.line("title"), "missing required metadata Title")
    status = (source.value("status") or "published").lower()
    if status not in POST_STATUSES:
        source.problem(
            source.line("status"),
            f"unknown Status {source.value('status')!r} "
            f"(expected one of {', '.join(POST_STATUSES)})",
        )
    date_required = (
        article
        and status != "draft"
        and not settings.get("DEFAULT_DATE")
        and not filename_has_date(source.path, settings)
    )
    check_date(source, "date", required=date_required)
    series = source.value("series")
    if series is not None and series == "":
        source.problem(source.line("series"), "empty Series")
    in_series = source_series(source, rules, settings) is not None
    index = source.value("series_index")
    if index is not None:
        if not is_integer(index):
            source.problem(
                source.line("series_index"),
                f"Series_index must be an integer, not {index!r}",
            )
        elif not in_series:
            source.problem(
                source.line("series_index"), "Series_index without Series", "warning"
            )
    lesson = source.value("lesson")
    if lesson is not None:
        if lesson == "":
            source.problem(source.line("lesson"), "empty Lesson", "warning")
        elif not in_series:
            source.problem(source.line("lesson"), "Lesson without Series", "warning")
    minutes = source.value("reading_time")
    if minutes is not None and not valid_reading_time(minutes):
        source.problem(
            source.line("reading_time"),
            f"Reading_time must be a positive integer of minutes, not {minutes!r}",
        )
    # The build skips such an alias; publishing would lose the old address.
    for problem in parse_aliases(source.value("aliases") or "")[1]:
        source.problem(source.line("aliases"), problem)
    comments = source.value("comments")
    if comments is not None and comments.lower() not in COMMENTS_OPTIONS:
        source.problem(
            source.line("comments"),
            f"Comments must be open or closed, not {comments!r}",
        )


def body_links(source: Source) -> Iterator[tuple[int, str, str]]:
    """Yield (line, kind, target) for each {filename}/{static}/{attach} link."""
    fenced = False
    lines = [(line, value) for value, line in source.meta.values()]
    for number, text in sorted(lines) + source.body_lines:
        if FENCE_RE.match(text):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in LINK_RE.finditer(CODE_SPAN_RE.sub("", text)):
            yield number, match.group("what"), match.group("target")


def link_target(source: Source, content: Path, target: str) -> Path | None:
    """Return the content file a {filename}/{static}/{attach} link names, if any."""
    folder = PurePosixPath(source.path.relative_to(content).parent.as_posix())
    path = urlsplit(target).path
    if not path:
        return None
    for candidate in (path, unquote(path)):
        relative = candidate[1:] if candidate.startswith("/") else folder / candidate
        resolved = (content / str(relative)).resolve()
        if resolved.is_file() and resolved.is_relative_to(content.resolve()):
            return resolved
    return None


def check_links(source: Source, content: Path) -> None:
    """Report internal links whose target file does not exist in the content tree."""
    for number, kind, target in body_links(source):
        if urlsplit(target).path and link_target(source, content, target) is None:
            source.problem(number, f"{{{kind}}} link to {target!r} points nowhere")


def check_remote_images(source: Source, own_host: str) -> None:
    """Warn about each image loaded from another site: it can vanish or track."""
    fenced = False
    for number, text in source.body_lines:
        if FENCE_RE.match(text):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in REMOTE_IMAGE_RE.finditer(CODE_SPAN_RE.sub("", text)):
            url = match.group("md") or match.group("html")
            host = urlsplit(url).hostname or ""
            if host and host != own_host:
                source.problem(
                    number,
                    f"image loaded from another site ({host}): {url}; copy it into "
                    "the content tree (e.g. make import UPLOADS=...) and link it with "
                    "{static}",
                    "warning",
                )


def check_links_to_drafts(sources: list[Source], content: Path) -> None:
    """Report a published post's link to a draft, which `make publish` leaves out."""
    drafts = {
        source.path.resolve()
        for source in sources
        if source.readable and (source.value("status") or "").lower() == "draft"
    }
    if not drafts:
        return
    for source in sources:
        if not source.readable or source.path.resolve() in drafts:
            continue
        for number, kind, target in body_links(source):
            if kind == "filename" and link_target(source, content, target) in drafts:
                source.problem(
                    number,
                    f"{{filename}} link to {target!r} names a draft; the public "
                    "site has no drafts, so `make publish` would find it broken",
                )


def check_duplicate_slugs(entries: Iterable[tuple[str, str, Source]]) -> None:
    """Report a slug used twice in one URL space (the later file gets the problem)."""
    first: dict[tuple[str, str], Source] = {}
    for space, slug, source in sorted(entries, key=lambda e: (e[0], e[2].display)):
        key = (space, slug)
        if key in first:
            line = source.line("slug") if source.value("slug") else source.line("title")
            source.problem(line, f"duplicate slug {slug!r} (also {first[key].display})")
        else:
            first[key] = source


def check_tree(
    content: Path, settings: dict[str, Any], display_root: str
) -> list[Problem]:
    """Check a whole content tree and return every problem, sorted."""

    def display(path: Path) -> str:
        return str(PurePosixPath(display_root) / path.relative_to(content).as_posix())

    own_host = urlsplit(str(settings.get("SITEURL") or "")).hostname or ""
    sources: list[Source] = []
    slugs: list[tuple[str, str, Source]] = []
    post_slugs: set[str] = set()
    published: list[Published] = []
    series_members: list[tuple[str, Source]] = []
    rules = series_rules(settings)
    for kind in ("article", "page"):
        for path in content_files(content, settings, kind.upper()):
            source = read_source(path, display(path))
            sources.append(source)
            if not source.readable:
                continue
            check_post(source, settings, article=kind == "article", rules=rules)
            status = (source.value("status") or "published").lower()
            series = kind == "article" and source_series(source, rules, settings)
            if series and status == "published":
                series_members.append((series, source))
            check_links(source, content)
            check_remote_images(source, own_host)
            slug = derive_slug(source, settings)
            if slug and status != "skip":
                lang = source.value("lang") or settings["DEFAULT_LANG"]
                bucket = "draft" if status == "draft" else "live"
                slugs.append((f"{kind}:{bucket}:{lang}", slug, source))
                if kind == "article":
                    post_slugs.add(slug)
                if status in ("published", "hidden"):
                    published.append(Published(kind, slug, source))
    check_duplicate_slugs(slugs)
    check_series_ties(series_members)
    check_links_to_drafts(sources, content)
    check_alias_addresses(published, settings, content)

    problems = [problem for source in sources for problem in source.problems]
    for problem in comment_problems(content, settings, post_slugs):
        path = display(Path(problem.path))
        problems.append(Problem(path, problem.line, problem.message, problem.severity))
    return sorted(problems)
