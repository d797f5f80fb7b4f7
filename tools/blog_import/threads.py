"""Decide where each Disqus thread's comments go: a post, a page, or aside."""

from __future__ import annotations

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pelican.plugins.common_ground_build_summary.core import plural

from .comments import plan_comments
from .links import address_path
from .plan import PAGE_COMMENTS, Plan, page_comments_note
from .records import Export
from .site import TargetSite


def post_addresses(site: TargetSite) -> dict[str, tuple[str, str]]:
    """Map every current URL and alias path of the site's posts and pages.

    Each maps to (kind, slug); a post's address wins over a page's.
    """
    addresses: dict[str, tuple[str, str]] = {}
    for kind in ("article", "page"):
        for post in site.existing:
            if post.kind != kind:
                continue
            url = site.url_path(kind, post.slug, post.date, post.category, post.author)
            for address in (url, *post.aliases):
                if address:
                    addresses.setdefault(address_path(address), (kind, post.slug))
    return addresses


def thread_target(
    link: str, site: TargetSite, addresses: dict[str, tuple[str, str]]
) -> tuple[str, str] | None:
    """Return (kind, slug) of the post or page a Disqus thread's link names.

    The link's full path is tried first, then its last part as a slug.
    """
    path = address_path(urlsplit(link).path) if link else ""
    if not path or path == "/":
        return None
    if path in addresses:
        return addresses[path]
    last = path.rsplit("/", 1)[-1].removesuffix(".html")
    for kind in ("article", "page"):
        if found := site.taken(kind, last):
            return kind, found.slug
    return None


def held_target(link: str, site: TargetSite) -> str | None:
    """Return the slug of a post kept from the public that a thread's link names."""
    path = address_path(urlsplit(link).path) if link else ""
    last = path.rsplit("/", 1)[-1].removesuffix(".html")
    if last and f"{site.article_dir}/{last}.md" in site.held_files:
        return last
    return None


def plan_disqus(export: Export, site: TargetSite) -> Plan:
    """Plan the comment files of a Disqus export, thread by thread."""
    plan = Plan()
    s = plan.summary
    zone = ZoneInfo(site.timezone)
    addresses = post_addresses(site)
    for label, reason in export.stray:
        s.skip("comments on threads not in the export", f"{label}: {reason}")
    for thread in export.threads:
        if not thread.comments:
            continue
        target = thread_target(thread.link, site, addresses)
        held = held_target(thread.link, site) if target is None else None
        if held is not None:
            # A thread of a post kept from the public: its comments go with it.
            plan.held.update(
                plan_comments(
                    thread.comments,
                    slug=held,
                    label=f"Disqus thread {thread.link}",
                    folder=site.comments_dir,
                    zone=zone,
                    is_own_post=lambda _url: False,
                    existing=site.held_files,
                    summary=s,
                )
            )
            continue
        if target is None:
            s.unmatched_threads.append(
                f"{thread.link or thread.dsq_id} "
                f"({plural(len(thread.comments), 'comment')})"
            )
            s.skipped["comments on threads matching no post"] += len(thread.comments)
            continue
        kind, slug = target
        on_page = kind == "page"
        files = plan_comments(
            thread.comments,
            slug=slug,
            label=f"Disqus thread {thread.link}",
            folder=PAGE_COMMENTS if on_page else site.comments_dir,
            zone=zone,
            is_own_post=lambda _url: False,
            existing=site.held_files if on_page else site.existing_files,
            summary=s,
        )
        if on_page:
            # As with a WordPress page's comments: kept as files, not shown.
            plan.held.update(files)
            if files:
                s.warn(page_comments_note(f"Disqus thread {thread.link}", files, slug))
            continue
        plan.files.update(files)
    return plan
