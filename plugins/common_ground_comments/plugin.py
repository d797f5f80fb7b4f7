"""Pelican glue for the comments plugin: handlers and register() only."""

from __future__ import annotations

import logging
from itertools import chain
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator

from common_ground_core.contract import title_text

from .config import ConfigError, get_config
from .core import absolute_base, assemble
from .feeds import EPOCH, FeedEntry, atom_feed
from .loader import load_comments, write_text
from .threads import descendants

logger = logging.getLogger(__name__)


def _articles_generator(generators: list[Any]) -> ArticlesGenerator | None:
    """Return the build's ArticlesGenerator, if there is one."""
    return next((g for g in generators if isinstance(g, ArticlesGenerator)), None)


def _all_posts(gen: ArticlesGenerator) -> list[Any]:
    """Return every article object: published, hidden and drafts, all languages."""
    return list(
        chain(
            gen.articles,
            gen.translations,
            gen.hidden_articles,
            gen.hidden_translations,
            gen.drafts,
            gen.drafts_translations,
        )
    )


def _feed_domain(settings: dict[str, Any]) -> str:
    """Return the absolute base URL feeds must use, or '' in a dev build."""
    return absolute_base(settings.get("FEED_DOMAIN") or settings.get("SITEURL"))


# all_generators_finalized: pingbacks and thread links need every post's URL.
def attach_comments(generators: list[Any]) -> None:
    """Load comment files once, then attach threads and pingbacks to every post."""
    gen = _articles_generator(generators)
    if gen is None:
        return
    settings = gen.settings
    cfg = get_config(settings)
    posts = _all_posts(gen)
    comments = load_comments(
        Path(settings["PATH"]) / cfg.directory,
        {post.slug for post in posts},
        max_bytes=cfg.max_bytes,
        timezone=cfg.timezone,
    )
    stats = assemble(
        posts,
        comments,
        cfg,
        siteurl=settings.get("SITEURL", ""),
        feed_domain=_feed_domain(settings),
    )
    gen.context["comment_stats"] = stats.as_dict()
    logger.debug(
        "comments: %d published, %d pending, %d spam, %d pingbacks",
        stats.published,
        stats.pending,
        stats.spam,
        stats.pingbacks,
    )


def _write_feed(generator: Any, path: Path, text: str) -> None:
    """Write one comment feed and announce it as Pelican's writer does its own."""
    write_text(path, text)
    # Plugins that must not take an address the build writes (aliases) listen.
    signals.content_written.send(str(path), context=generator.context)


# article_writer_finalized: feeds are output, written once after the articles.
def write_feeds(generator: Any, writer: Any) -> None:
    """Write each post's comment feed and the site-wide latest-comments feed."""
    if not isinstance(generator, ArticlesGenerator):
        return
    settings = generator.settings
    cfg = get_config(settings)
    base = _feed_domain(settings)
    if not base:
        logger.debug("comments: SITEURL is not absolute; comment feeds not written")
        return
    output = Path(writer.output_path)
    language = settings.get("DEFAULT_LANG", "en")
    everything: list[FeedEntry] = []
    for post in generator.articles:
        ui = getattr(post, "comment_ui", None)
        if ui is None:
            continue
        title = title_text(post.title)
        entries = [
            FeedEntry(
                title=f"{comment.author} on “{title}”",
                link=f"{base}/{post.url}#{comment.anchor}",
                author=comment.author,
                date=comment.date,
                html=comment.html,
            )
            for root in post.comments
            for comment in (root, *descendants(root))
        ]
        everything.extend(entries)
        if ui.feed_url and cfg.feed_atom and entries:
            path = cfg.feed_atom.format(slug=post.slug)
            _write_feed(
                generator,
                output / path,
                atom_feed(
                    title=f"Comments on “{title}”",
                    link=f"{base}/{post.url}",
                    feed_url=ui.feed_url,
                    entries=entries,
                    language=language,
                ),
            )
    if cfg.feed_all_atom:
        latest = sorted(everything, key=lambda e: (e.date, e.link), reverse=True)
        _write_feed(
            generator,
            output / cfg.feed_all_atom,
            atom_feed(
                title=f"Latest comments on {title_text(settings.get('SITENAME', ''))}",
                link=f"{base}/",
                feed_url=f"{base}/{cfg.feed_all_atom}",
                entries=latest[: cfg.feed_max_items],
                language=language,
                empty_updated=max(
                    (post.date for post in generator.articles), default=EPOCH
                ),
            ),
        )


def check_settings(pelican: Any) -> None:
    """Validate the comments settings before anything is read or written."""
    try:
        get_config(pelican.settings)
    except ConfigError:
        # Already logged by setting name; SystemExit ends `pelican` with status 1
        # and no traceback (Pelican's main() prints one for other exceptions).
        raise SystemExit(1) from None


def register() -> None:
    """Connect the handlers to Pelican's signals."""
    # A bad setting should stop the build before any content is read.
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(attach_comments)
    signals.article_writer_finalized.connect(write_feeds)
