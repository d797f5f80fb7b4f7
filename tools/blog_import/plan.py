"""Decide every file an import writes, without touching the disk."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from build_summary.core import plural

from .comments import one_line, plan_comments
from .convert import plain_text, to_markdown
from .links import LinkIndex, alias_of, clean_path, host_of
from .records import Export, SourcePost
from .site import Site
from .summary import Summary

DRAFT_STATUSES = {"draft", "pending", "future", "private"}
SKIPPED_STATUSES = {"trash": "in the trash", "auto-draft": "auto-drafts"}


@dataclass
class Plan:
    """Files to write (path relative to content/ → text) and images to copy."""

    files: dict[str, str] = field(default_factory=dict)
    copies: dict[str, str] = field(default_factory=dict)
    summary: Summary = field(default_factory=Summary)


@dataclass
class Accepted:
    """A WordPress item that will be written, with where it goes."""

    post: SourcePost
    kind: str  # article or page
    slug: str
    path: str
    draft: bool


def _accept(
    post: SourcePost, site: Site, seen: dict[str, str], s: Summary
) -> Accepted | None:
    """Return an Accepted item, or None after counting why it is skipped."""
    if post.post_type not in ("post", "page"):
        reason = "attachments" if post.post_type == "attachment" else None
        s.skip(reason or f"items of post type {post.post_type!r}")
        return None
    if post.status in SKIPPED_STATUSES:
        s.skip(f"{post.post_type}s {SKIPPED_STATUSES[post.status]}")
        return None
    draft = post.status in DRAFT_STATUSES
    if not draft and post.status != "publish":
        s.skip(
            "items with an unknown status",
            f"{post.label}: unknown status {post.status!r}; not imported",
        )
        return None
    title = one_line(post.title)
    if not title:
        s.skip(
            "items without a title",
            f"{post.label} (link {post.link}): no "
            "title; not imported (give it a title in WordPress or add it by hand)",
        )
        return None
    if post.date is None and not draft:
        s.skip("published items without a date", f"{post.label}: no date; not imported")
        return None
    kind = "article" if post.post_type == "post" else "page"
    slug = site.slugify(unquote(post.name) or title)
    if not slug:
        s.skip("items without a usable slug", f"{post.label}: no usable slug")
        return None
    folder = site.article_dir if kind == "article" else site.page_dir
    path = f"{folder}/{slug}.md"
    if path in seen:
        s.skip(
            "duplicate slugs in the export",
            f"{post.label}: slug {slug!r} is "
            f"also used by {seen[path]}; only the first is imported",
        )
        return None
    seen[path] = post.label
    return Accepted(post, kind, slug, path, draft)


def _post_text(item: Accepted, body: str, aliases: list[str], zone: ZoneInfo) -> str:
    """Return the Markdown file of one imported post or page."""
    post = item.post
    lines = [f"Title: {html.escape(one_line(post.title), quote=False)}"]
    if post.date:
        lines.append(f"Date: {post.date.astimezone(zone).isoformat(sep=' ')}")
    if post.modified and post.date and post.modified > post.date:
        lines.append(f"Modified: {post.modified.astimezone(zone).isoformat(sep=' ')}")
    if item.kind == "article":
        if post.categories:
            lines.append(f"Category: {one_line(post.categories[0])}")
        tags = [one_line(t).replace(",", " ") for t in post.categories[1:] + post.tags]
        if tags:
            lines.append(f"Tags: {', '.join(dict.fromkeys(t for t in tags if t))}")
    lines.append(f"Slug: {item.slug}")
    if one_line(post.author):
        lines.append(f"Author: {one_line(post.author)}")
    summary = plain_text(post.excerpt) if post.excerpt.strip() else ""
    if summary:
        lines.append(f"Summary: {summary}")
    if item.draft:
        lines.append("Status: draft")
    if aliases:
        lines.append(f"Aliases: {', '.join(aliases)}")
    return "\n".join(lines) + "\n\n" + body + "\n"


def _alias(
    item: Accepted, hosts: set[str], site: Site, reserved: set[str], s: Summary
) -> list[str]:
    """Return the old permalink as an alias, when it differs and is free."""
    post = item.post
    alias = alias_of(post.link, hosts)
    new_url = site.url_path(item.kind, item.slug, post.date)
    if not alias or item.draft:
        return []
    if new_url is not None and clean_path(alias) == clean_path(new_url):
        return []
    if clean_path(alias) in reserved:
        s.warn(
            f"{post.label}: old address {alias} is also an address of this "
            "site; no alias recorded"
        )
        return []
    return [alias]


def _sort_out(
    accepted: list[Accepted], site: Site, index: LinkIndex, s: Summary
) -> list[Accepted]:
    """Return the items to write; index every published one for links."""
    written = []
    for item in accepted:
        other = site.taken(item.kind, item.slug)
        if item.path in site.existing_files:
            s.skip("items already imported")
        elif other is not None:
            s.skip(
                "items whose slug is taken",
                f"{item.post.label}: slug "
                f"{item.slug!r} is taken by {other.path}; nothing written "
                f"for {item.path}",
            )
            continue
        else:
            written.append(item)
        if not item.draft:
            index.add(item.post.wp_id, [item.post.link, item.post.guid], item.path)
    return written


def plan_wxr(export: Export, site: Site, uploads: frozenset[str] | None) -> Plan:
    """Plan the posts, pages and comments of a WordPress export."""
    plan = Plan()
    s = plan.summary
    zone = ZoneInfo(site.timezone)
    seen: dict[str, str] = {}
    accepted = [a for p in export.posts if (a := _accept(p, site, seen, s))]
    hosts = {host_of(u) for u in export.site_urls if host_of(u)}
    base = export.site_urls[0] if export.site_urls else ""
    index = LinkIndex(hosts=hosts, base=base, uploads=uploads)
    reserved = site.reserved | {
        clean_path(u)
        for a in accepted
        if (u := site.url_path(a.kind, a.slug, a.post.date))
    }
    written = _sort_out(accepted, site, index, s)
    for item in written:
        post = item.post
        body, kept, named = to_markdown(post.content, index.rewrite)
        if kept:
            s.warn(f"{post.label}: shortcodes kept as text: {', '.join(kept)}")
        if named:
            s.warn(
                f"{post.label}: {plural(named, 'image')} had no alt text; "
                f"{'its file name stands' if named == 1 else 'their file names stand'}"
                " in, please describe "
                f"{'it' if named == 1 else 'them'}"
            )
        aliases = _alias(item, hosts, site, reserved, s)
        s.aliases += len(aliases)
        plan.files[item.path] = _post_text(item, body, aliases, zone)
        s.pages += item.kind == "page"
        s.posts += item.kind == "article"
        s.drafts += item.kind == "article" and item.draft
    for item in accepted:
        if not item.post.comments:
            continue
        if item.kind == "page":
            s.skipped["comments on pages"] += len(item.post.comments)
            s.warn(
                f"{item.post.label}: {plural(len(item.post.comments), 'comment')} "
                "on a page; pages have no threads here, so they are not imported"
            )
            continue
        if site.taken(item.kind, item.slug) and item.path not in site.existing_files:
            continue
        plan.files.update(
            plan_comments(
                item.post.comments,
                slug=item.slug,
                label=item.post.label,
                folder=site.comments_dir,
                zone=zone,
                is_own_post=lambda url: index.find(url) is not None,
                existing=site.existing_files,
                summary=s,
            )
        )
    s.internal_links = index.internal
    plan.copies = {
        target: source
        for target, source in sorted(index.copies.items())
        if target not in site.existing_files
    }
    s.images_copied = len(plan.copies)
    s.images_kept = len(index.kept_uploads)
    s.images_missing = len(index.missing_uploads)
    return plan


def post_addresses(site: Site) -> dict[str, str]:
    """Map every current URL and alias path of the site's posts to their slug."""
    addresses: dict[str, str] = {}
    for post in site.existing:
        if post.kind == "article":
            urls = [site.url_path("article", post.slug, None), *post.aliases]
            for url in urls:
                if url:
                    addresses.setdefault(clean_path(url), post.slug)
    return addresses


def thread_target(link: str, site: Site, addresses: dict[str, str]) -> str | None:
    """Return the slug of the post a Disqus thread's link (or its last part) names."""
    path = clean_path(urlsplit(link).path) if link else ""
    if not path or path == "/":
        return None
    if path in addresses:
        return addresses[path]
    last = path.rsplit("/", 1)[-1].removesuffix(".html")
    found = site.taken("article", last)
    return found.slug if found else None


def plan_disqus(export: Export, site: Site) -> Plan:
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
        slug = thread_target(thread.link, site, addresses)
        if slug is None:
            s.unmatched_threads.append(
                f"{thread.link or thread.dsq_id} "
                f"({plural(len(thread.comments), 'comment')})"
            )
            s.skipped["comments on threads matching no post"] += len(thread.comments)
            continue
        files = plan_comments(
            thread.comments,
            slug=slug,
            label=f"Disqus thread {thread.link}",
            folder=site.comments_dir,
            zone=zone,
            is_own_post=lambda _url: False,
            existing=site.existing_files,
            summary=s,
        )
        plan.files.update(files)
    return plan
