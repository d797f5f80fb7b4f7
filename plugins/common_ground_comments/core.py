"""Assemble one build's threads: render, thread, find pingbacks, attach to posts.

Posts are duck-typed (slug, url, title, date, author, metadata, status,
_content, source_path, relative_source_path), so this module never imports
Pelican. Every result is put on the posts; nothing is kept between builds.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from common_ground_core.contract import REACTIONS, pingback_anchor

from .compose import Mailto
from .config import Config
from .identicon import identicon_svg
from .models import Comment, Pingback, Stats, ThreadUI
from .pingbacks import PostRef, find_pingbacks
from .render import Renderer
from .threads import Threads, descendants, layout, thread_problems

logger = logging.getLogger(__name__)


def absolute_base(url: str | None) -> str:
    """Return `url` without a trailing slash if it is absolute, else ''."""
    if url and url.startswith(("http://", "https://")):
        return url.rstrip("/")
    return ""


def comments_open(post: Any) -> bool:
    """Return False only for `Comments: closed`; warn about any other value."""
    raw = str(post.metadata.get("comments", "open")).strip().lower()
    if raw in ("open", "closed"):
        return raw == "open"
    logger.warning(
        "comments: %s: Comments: %r is neither open nor closed; treating it as open",
        post.source_path,
        raw,
    )
    return True


def render_bodies(comments: Sequence[Comment]) -> list[Comment]:
    """Fill `.html` for each comment, rendering each body once.

    Return the comments whose body could not be rendered (each is warned about).
    """
    renderer = Renderer()
    failed: list[Comment] = []
    for comment in comments:
        if not comment.body:
            continue
        try:
            comment.html = renderer.render(comment.body)
        # A parser bug triggered by one stranger's text must not stop the build.
        except Exception as error:  # noqa: BLE001
            logger.warning(
                "comments: %s: the body could not be rendered (%s: %s); skipped",
                comment.source_path,
                type(error).__name__,
                error,
            )
            failed.append(comment)
            renderer = Renderer()  # a fresh parser: the failed one may be half-way
            continue
        # Only the HTML is shown from here on; at 15,000 comments the Markdown
        # source would hold about 10 MiB for nothing.
        comment.body = ""
    return failed


def _author_names(post: Any, cfg: Config) -> set[str]:
    """Return the case-folded names that mark a comment as the post author's."""
    names = {n.casefold() for n in cfg.author_names}
    author = getattr(post, "author", None)
    if author is not None and str(author):
        names.add(str(author).casefold())
    return names


def _external_pingback(comment: Comment, cfg: Config) -> Pingback:
    """Turn a `Type: pingback` file into a Pingback."""
    return Pingback(
        anchor=comment.anchor,
        title=comment.title or comment.source or "",
        url=comment.source or "",
        date=comment.date,
        date_text=comment.date.strftime(cfg.date_format),
        html=comment.html,
        internal=False,
        source_path=comment.source_path,
    )


def _internal_pingbacks(
    posts: Sequence[Any], cfg: Config, siteurl: str
) -> dict[int, list[Pingback]]:
    """Return internal pingbacks keyed by the position of the target post."""
    refs = [
        PostRef(
            key=index,
            source_path=post.relative_source_path.replace("\\", "/"),
            url=post.url,
            title=post.title,
            date=post.date,
            html=post._content or "",
            published=post.status == "published",
        )
        for index, post in enumerate(posts)
    ]
    found = find_pingbacks(refs, siteurl=siteurl, context_words=cfg.context_words)
    out: dict[int, list[Pingback]] = {}
    for key, links in found.items():
        out[key] = [
            Pingback(
                anchor=pingback_anchor(posts[link.source.key].slug),
                title=link.source.title,
                url=link.source.url,
                date=link.source.date,
                date_text=link.source.date.strftime(cfg.date_format),
                excerpt=link.excerpt,
                internal=True,
                source_path=link.source.source_path,
            )
            for link in links
        ]
    return out


def assemble(
    posts: Sequence[Any],
    comments: Sequence[Comment],
    cfg: Config,
    *,
    siteurl: str,
    feed_domain: str,
) -> Stats:
    """Attach comments, pingbacks, counts and form data to every post."""
    stats = Stats()
    # Every status: threading names a reply to a pending or spam comment as such.
    by_slug: dict[str, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.status == "pending":
            stats.pending += 1
        elif comment.status == "spam":
            stats.spam += 1
        by_slug[comment.slug].append(comment)
    failed = render_bodies(
        [c for group in by_slug.values() for c in group if c.status == "published"]
    )
    for comment in failed:
        by_slug[comment.slug].remove(comment)
    internal = _internal_pingbacks(posts, cfg, siteurl) if cfg.pingbacks else {}
    feed_base = absolute_base(feed_domain)
    # Drawn once per name per build: regulars comment on many posts.
    avatars: dict[str, str] = {}
    # A translation shares its original's slug, and so its thread: build it once.
    built: dict[str, tuple[Threads, list[Comment], list[Comment]]] = {}
    counted: set[str] = set()
    for index, post in enumerate(posts):
        everything = by_slug.get(post.slug, [])
        published = [c for c in everything if c.status == "published"]
        is_open = comments_open(post)
        composer = (
            Mailto(cfg.email, title=post.title, slug=post.slug)
            if is_open and cfg.email
            else None
        )
        if post.slug in built:
            threads, thread, in_order = built[post.slug]
        else:
            threads, problems = thread_problems(
                everything, newest_first=cfg.newest_first
            )
            for problem in problems:
                logger.warning(
                    "comments: %s:%d: %s", problem.path, problem.line, problem.message
                )
            names = _author_names(post, cfg)
            for comment in published:
                comment.date_text = comment.date.strftime(cfg.date_format)
                if comment.author not in avatars:
                    avatars[comment.author] = identicon_svg(
                        comment.author, cfg.identicon_salt
                    )
                comment.identicon = avatars[comment.author]
                comment.by_post_author = comment.author.casefold() in names
            thread = layout(threads.roots, cfg.max_depth)
            in_order = [c for r in threads.roots for c in (r, *descendants(r))]
            _set_reply_urls(in_order, cfg, composer, is_open)
            built[post.slug] = (threads, thread, in_order)
        pingbacks = [
            *internal.get(index, []),
            *(_external_pingback(c, cfg) for c in published if c.kind == "pingback"),
        ]
        pingbacks.sort(key=lambda p: (p.date, p.url), reverse=cfg.newest_first)
        reactions = {
            kind: sorted(
                (_external_pingback(c, cfg) for c in published if c.kind == kind),
                key=lambda p: (p.date, p.url),
            )
            for kind in REACTIONS
        }
        post.comments = threads.roots
        post.pingbacks = pingbacks
        post.comment_count = len(in_order) + len(pingbacks)
        feed_url = None
        if feed_base and cfg.feed_atom and in_order and post.status == "published":
            feed_url = f"{feed_base}/{cfg.feed_atom.format(slug=post.slug)}"
        post.comment_ui = ThreadUI(
            thread=thread,
            open=is_open,
            mailto=composer.comment() if composer else None,
            endpoint=cfg.form_endpoint if is_open else None,
            feed_url=feed_url,
            all_feed_url=(
                f"{feed_base}/{cfg.feed_all_atom}"
                if feed_base and cfg.feed_all_atom
                else None
            ),
            reply_choices=in_order,
            inbox=cfg.inbox,
            likes=reactions["like"],
            reposts=reactions["repost"],
        )
        if post.status == "published" and post.slug not in counted:
            counted.add(post.slug)
            stats.published += len(in_order)
            stats.pingbacks += len(pingbacks)
    return stats


def _set_reply_urls(
    comments: list[Comment], cfg: Config, composer: Mailto | None, is_open: bool
) -> None:
    """Give each comment its "Reply" target: a mailto, the form, or nothing."""
    for comment in comments:
        comment.reply_composer = None
        comment.reply_target = ""
        if not is_open:
            continue
        if cfg.form_endpoint:
            comment.reply_target = "#respond"
        elif composer is not None:
            comment.reply_composer = composer
