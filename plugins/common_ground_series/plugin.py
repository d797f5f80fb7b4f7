"""Pelican glue for the series plugin: handlers and register() only.

`article.series` is a `SeriesInfo` (see models.py) on every published article in
a series and None on every other article, draft, hidden post and translation, so
a raw `Series:` string never reaches a template. `context["series_list"]` holds
every `Series`, ordered by name. `article.neighbours` is a `Neighbours` on every
published article (the posts just before and after it by date) and None on the
rest.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Page
from pelican.generators import ArticlesGenerator, PelicanTemplateNotFound

from common_ground_core.source import pelican_slug

from .config import Config, SeriesConfigError, get_config, read_as_content
from .core import build_series, date_neighbours, describe, term_keys
from .models import Entry, Series, SeriesInfo

logger = logging.getLogger(__name__)


def _names(term: Any) -> frozenset[str]:
    """Return the case-folded name and slug a rule may match a tag or category by."""
    return term_keys(str(term.name), str(term.slug))


def _entry(article: Any) -> Entry:
    """Describe one article for the pure core."""
    meta = article.metadata
    raw_index = meta.get("series_index")
    return Entry(
        key=article.relative_source_path,
        title=str(article.title),
        date=article.date,
        status=article.status,
        series=str(meta["series"]) if meta.get("series") else None,
        index=None if raw_index is None else str(raw_index),
        lesson=str(meta["lesson"]) if meta.get("lesson") else None,
        updated=getattr(article, "modified", None),
        tags=frozenset().union(*(_names(t) for t in getattr(article, "tags", ()))),
        categories=_names(article.category)
        if getattr(article, "category", None)
        else frozenset(),
    )


def attach_series(generators: list[Any]) -> None:
    """Attach SeriesInfo to articles once all are read and their status is final."""
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if generator is None:
        return
    settings = generator.settings
    config = get_config(settings)
    slug = partial(pelican_slug, settings=settings)
    # Drafts and hidden posts go through the core too, so it alone decides
    # what may be listed (and logs why something is not).
    candidates = [*generator.articles, *generator.hidden_articles, *generator.drafts]
    items = {article.relative_source_path: article for article in candidates}
    series_list = build_series(
        (_entry(a) for a in candidates),
        items,
        config.rules,
        config.urls,
        slug,
        datetime.now(UTC),
        with_feeds=bool(settings.get("SITEURL")),
    )
    series_list = describe(
        series_list,
        config.descriptions,
        _description_sources(generator, config, {s.slug for s in series_list}),
    )
    # Replace the raw metadata string everywhere so no template sees it.
    for article in chain(
        candidates,
        generator.translations,
        generator.hidden_translations,
        generator.drafts_translations,
    ):
        article.series = None
        article.neighbours = None
    neighbours = date_neighbours(
        generator.articles, lambda a: (a.date, a.relative_source_path)
    )
    for article in generator.articles:
        article.neighbours = neighbours[id(article)]
    for series in series_list:
        for position, article in enumerate(series.items, start=1):
            article.series = SeriesInfo(series, position)
    generator.series_config = config
    generator.context["series_list"] = series_list
    generator.context["series_index_url"] = config.index_url if series_list else None


def _description_sources(
    generator: Any, config: Config, slugs: set[str]
) -> dict[str, Any]:
    """Read `<PATH>/<SERIES_DESCRIPTIONS_PATH>/<slug>.<ext>` for each series."""
    folder = Path(generator.path) / config.descriptions_path
    if not folder.is_dir():
        return {}
    readers = generator.readers
    sources: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        extension = path.suffix.lstrip(".")
        if not path.is_file() or extension not in readers.extensions:
            continue
        relative = path.relative_to(generator.path).as_posix()
        if path.stem not in slugs:
            logger.warning(
                "series: %s: no published series has the slug %r; known: %s",
                relative,
                path.stem,
                ", ".join(sorted(slugs)) or "none",
            )
            continue
        if path.stem in sources:
            logger.warning(
                "series: %s: a second description of %r, ignoring", relative, path.stem
            )
            continue
        try:
            sources[path.stem] = readers.read_file(
                base_path=generator.path,
                path=relative,
                content_class=Page,
                context=generator.context,
            )
        except (OSError, ValueError) as error:
            logger.warning(
                "series: %s: cannot read the description: %s", relative, error
            )
    return sources


def write_series_pages(generator: Any, writer: Any) -> None:
    """Write each series page, its feed and the index, once per build."""
    series_list = generator.context.get("series_list")
    config = getattr(generator, "series_config", None)
    if not series_list or config is None:
        return
    relative = generator.settings.get("RELATIVE_URLS", False)
    templates = _series_templates(generator)
    if templates is None:
        return
    page, index = templates
    for series in series_list:
        writer.write_file(
            series.save_as,
            page,
            generator.context,
            relative,
            url=series.url,
            series=series,
            page_name="series",
        )
        if series.feed_url:
            # The copied context tells point_feed_at_series which series this is.
            writer.write_feed(
                list(reversed(series.items)),
                {**generator.context, "series": series},
                series.feed_url,
                feed_title=series.name,
            )
    writer.write_file(
        config.index_save_as,
        index,
        generator.context,
        relative,
        url=config.index_url,
        page_name="series_index",
    )


def _series_templates(generator: Any) -> tuple[Any, Any] | None:
    """Return the series and series index templates, or None if the theme has none.

    A foreign theme (notmyidea, simple) has no series pages; its posts still get
    `article.series`, so the site builds and says once what it left out.
    """
    try:
        return generator.get_template("series"), generator.get_template("series_index")
    except PelicanTemplateNotFound as missing:
        logger.info(
            "series: the theme has no series.html or series_index.html (%s); "
            "series pages are not written",
            missing,
        )
        return None


def point_feed_at_series(context: Any, feed: Any) -> None:
    """Give a series feed its own id and a link to its series page."""
    series = context.get("series") if isinstance(context, dict) else None
    if not isinstance(series, Series) or series.feed_url is None:
        return
    if not feed.feed.get("feed_url", "").endswith(series.feed_url):
        return
    page = f"{context['SITEURL'].rstrip('/')}/{series.url}"
    # Otherwise every feed on the site shares the home page as its Atom id.
    feed.feed["link"] = page
    feed.feed["id"] = page


def check_settings(pelican: Any) -> None:
    """Validate the series settings before anything is read or written."""
    settings = pelican.settings
    try:
        config = get_config(settings)
    except SeriesConfigError:
        # Already logged by setting name; SystemExit ends `pelican` with status 1
        # and no traceback (Pelican's main() prints one for other exceptions).
        raise SystemExit(1) from None
    # Only a folder that exists can be misread; most sites have none.
    if not (Path(settings.get("PATH", ".")) / config.descriptions_path).is_dir():
        return
    for kind in ("ARTICLE", "PAGE"):
        if read_as_content(
            config.descriptions_path,
            settings.get(f"{kind}_PATHS", []),
            settings.get(f"{kind}_EXCLUDES", []),
        ):
            logger.warning(
                "series: %s: series descriptions would be read as %ss too; "
                "add %r to %s_EXCLUDES",
                config.descriptions_path,
                kind.lower(),
                config.descriptions_path,
                kind,
            )


def register() -> None:
    """Connect the handlers."""
    # A bad setting should stop the build before any content is read.
    signals.initialized.connect(check_settings)
    # Every article is read and its status final, and Pelican has already
    # pickled its content cache: no Series object of ours is ever in it.
    signals.all_generators_finalized.connect(attach_series)
    # Articles' own pages are written; the same writer and theme write ours.
    signals.article_writer_finalized.connect(write_series_pages)
    # Sent for every feed just before it is written; acts on series feeds only.
    signals.feed_generated.connect(point_feed_at_series)
