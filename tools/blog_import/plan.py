"""Decide every file an import writes, without touching the disk."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from pelican.plugins.common_ground_build_summary.core import plural

from .comments import one_line, plan_comments
from .convert import dropped_markup, summary_markdown, to_markdown
from .fields import TITLE_TAGS, name_text, plain_text, tag_text, title_html
from .links import LinkIndex, address_path, alias_of, host_of
from .records import Attachment, Export, SourcePost
from .site import TargetSite
from .summary import Summary

# Where comments on pages are kept, inside the folder beside content/.
PAGE_COMMENTS = "page-comments"

# What the old blog kept from the public, and how the summary names it. None of
# it enters content/: it is written beside it, where no build reads.
HIDDEN_STATUSES = {
    "draft": "drafts",
    "pending": "pending review",
    "future": "scheduled",
    "private": "private",
}
SKIPPED_STATUSES = {"trash": "in the trash", "auto-draft": "auto-drafts"}
# Room for the slug in a file name (255 bytes) with suffixes to spare; the
# longest WordPress post_name is 200 characters, percent-encoded up to 600.
MAX_SLUG_BYTES = 80
# The longest file or folder name most filesystems take (an alias is a folder).
MAX_NAME_BYTES = 255
TITLE_WORDS = 8


@dataclass
class Plan:
    """Files to write (path relative to content/ → text) and images to copy.

    `held` are files for the folder beside content/ that the build never reads:
    posts the old blog kept from the public, their comments, comments on pages.
    """

    files: dict[str, str] = field(default_factory=dict)
    copies: dict[str, str] = field(default_factory=dict)
    held: dict[str, str] = field(default_factory=dict)
    summary: Summary = field(default_factory=Summary)


@dataclass
class Accepted:
    """A WordPress item that will be written, with where it goes."""

    post: SourcePost
    kind: str  # article or page
    slug: str
    path: str
    title: str
    hidden: str | None  # why the old blog kept it from the public, or None


def hidden_reason(post: SourcePost) -> str | None:
    """Return why the old blog kept `post` from the public, or None if it did not."""
    if post.password.strip():
        return "password-protected"
    return HIDDEN_STATUSES.get(post.status)


def derived_title(post: SourcePost) -> str:
    """Return a title for an untitled item: its first words, or its kind and id."""
    words = plain_text(post.content).split()
    if words:
        title = " ".join(words[:TITLE_WORDS])
        return title + ("…" if len(words) > TITLE_WORDS else "")
    return f"Untitled {post.post_type} {post.wp_id}".strip()


def short_slug(slug: str) -> str:
    """Cut `slug` to MAX_SLUG_BYTES of UTF-8, at a hyphen when there is one."""
    if len(slug.encode("utf-8")) <= MAX_SLUG_BYTES:
        return slug
    cut = slug.encode("utf-8")[:MAX_SLUG_BYTES].decode("utf-8", "ignore")
    whole_word = slug[len(cut) : len(cut) + 1] == "-" or cut.endswith("-")
    if not whole_word and "-" in cut[len(cut) // 2 :]:
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-")


def _free_slug(kind: str, slug: str, post: SourcePost, site: TargetSite) -> str:
    """Return `slug`, renamed when the build writes its address itself."""
    candidates = [slug, f"{slug}-{kind}", *(f"{slug}-{kind}-{n}" for n in range(2, 9))]
    for candidate in candidates:
        if not site.clashes_with_build(
            kind, candidate, post.date, _category(post), post.author
        ):
            return candidate
    return slug


def _category(post: SourcePost) -> str:
    """Return the category the imported post gets: its first one, if any."""
    return name_text(post.categories[0]) if post.categories else ""


def _accept(
    post: SourcePost, site: TargetSite, seen: dict[str, str], s: Summary
) -> Accepted | None:
    """Return an Accepted item, or None after counting why it is skipped."""
    if post.post_type not in ("post", "page"):
        reason = "attachments" if post.post_type == "attachment" else None
        s.skip(reason or f"items of post type {post.post_type!r}")
        return None
    if post.status in SKIPPED_STATUSES:
        s.skip(f"{post.post_type}s {SKIPPED_STATUSES[post.status]}")
        return None
    hidden = hidden_reason(post)
    if hidden is None and post.status != "publish":
        s.skip(
            "items with an unknown status",
            f"{post.label}: unknown status {post.status!r}; not imported",
        )
        return None
    title = one_line(post.title)
    if not title:
        title = derived_title(post)
        s.warn(f"{post.label} had no title; it is titled {title!r}")
    if post.date is None and not hidden:
        s.skip("published items without a date", f"{post.label}: no date; not imported")
        return None
    kind = "article" if post.post_type == "post" else "page"
    full = site.slugify(unquote(post.name) or title)
    slug = short_slug(full)
    if not slug:
        s.skip("items without a usable slug", f"{post.label}: no usable slug")
        return None
    if slug != full:
        s.warn(f"{post.label}: its {len(full)}-character slug is cut to {slug!r}")
    renamed = _free_slug(kind, slug, post, site)
    if renamed != slug:
        s.warn(
            f"{post.label}: slug {slug!r} is an address the site builds itself; "
            f"imported as {renamed!r}"
        )
        slug = renamed
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
    return Accepted(post, kind, slug, path, title, hidden)


def _post_text(item: Accepted, body: str, aliases: list[str], zone: ZoneInfo) -> str:
    """Return the Markdown file of one imported post or page."""
    post = item.post
    # A WordPress title is HTML; a title made from the first words is text.
    title = (
        title_html(post.title)
        if one_line(post.title)
        else html.escape(item.title, quote=False)
    )
    lines = [f"Title: {title}"]
    if post.date:
        lines.append(f"Date: {post.date.astimezone(zone).isoformat(sep=' ')}")
    if post.modified and post.date and post.modified > post.date:
        lines.append(f"Modified: {post.modified.astimezone(zone).isoformat(sep=' ')}")
    if item.kind == "article":
        if post.categories:
            lines.append(f"Category: {_category(post)}")
        tags = [tag_text(t) for t in post.categories[1:] + post.tags]
        if tags:
            lines.append(f"Tags: {', '.join(dict.fromkeys(t for t in tags if t))}")
    lines.append(f"Slug: {item.slug}")
    if name_text(post.author):
        lines.append(f"Author: {name_text(post.author)}")
    summary = summary_markdown(post.excerpt) if post.excerpt.strip() else ""
    if summary:
        lines.append(f"Summary: {summary}")
    if aliases:
        lines.append(f"Aliases: {', '.join(aliases)}")
    return "\n".join(lines) + "\n\n" + body + "\n"


def _alias(
    item: Accepted, hosts: set[str], site: TargetSite, reserved: set[str], s: Summary
) -> list[str]:
    """Return the old permalink as an alias, when it differs and is free."""
    post = item.post
    alias = alias_of(post.link, hosts)
    if not alias or item.hidden:
        return []
    new_url = site.url_path(
        item.kind, item.slug, post.date, _category(post), post.author
    )
    if new_url is not None and address_path(alias) == address_path(new_url):
        return []
    if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in alias.split("/")):
        s.warn(
            f"{post.label}: old address {alias} has a part too long for a file "
            "name; no alias recorded"
        )
        return []
    if address_path(alias) in reserved:
        s.warn(
            f"{post.label}: old address {alias} is also an address of this "
            "site; no alias recorded"
        )
        return []
    return [alias]


_KIND = {"article": "post", "page": "page"}


def _someone_elses(item: Accepted, site: TargetSite) -> bool:
    """Tell whether the file at `item.path` is not an earlier import of `item`.

    An earlier import wrote the WordPress date; a file with another Date, or
    none, is the author's own.
    """
    mine = next((p for p in site.existing if p.path == item.path), None)
    return bool(mine is not None and item.post.date and mine.date != item.post.date)


def _sort_out(
    accepted: list[Accepted], site: TargetSite, index: LinkIndex, s: Summary
) -> list[Accepted]:
    """Return the items to write; index every published one for links."""
    written = []
    for item in accepted:
        other = site.taken(item.kind, item.slug)
        existing = site.held_files if item.hidden else site.existing_files
        if item.path in existing and _someone_elses(item, site):
            # The author's own file (README step 5 rewrites pages/about.md):
            # never overwritten, but never passed off as imported either.
            s.skip(
                "items whose file is already there",
                f"{item.post.label}: {item.path} is already there and is not "
                f"this {_KIND[item.kind]} (its Date differs); nothing written for "
                "it: move that file aside and run the import again to have both",
            )
        elif item.path in existing:
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
        # Hidden items are indexed too: a public post's link to one is dropped.
        hidden_label = f"{item.post.label} ({item.hidden})" if item.hidden else ""
        index.add(
            item.post.wp_id,
            [item.post.link, item.post.guid],
            item.path,
            item.slug,
            hidden_label=hidden_label,
        )
    return written


def _old_hosts(export: Export, accepted: list[Accepted]) -> tuple[set[str], str]:
    """Return the old blog's hosts and base address.

    An export may lack its channel links; its items' own permalinks then say
    where the old blog lived.
    """
    urls = list(export.site_urls)
    if not urls:
        urls = [a.post.link for a in accepted if host_of(a.post.link)]
    hosts = {host_of(u) for u in urls if host_of(u)}
    base = ""
    if urls:
        parts = urlsplit(urls[0])
        base = f"{parts.scheme}://{parts.netloc}"
        if export.site_urls:
            base = export.site_urls[0]
    return hosts, base


def _comment_files(
    item: Accepted,
    folder: str,
    site: TargetSite,
    index: LinkIndex,
    s: Summary,
    held: bool,
) -> dict[str, str]:
    """Return the comment files of one item, under `folder`/<slug>/.

    `held`: the files go to the folder beside content/, not into content/.
    """
    zone = ZoneInfo(site.timezone)
    return plan_comments(
        item.post.comments,
        slug=item.slug,
        label=item.post.label,
        folder=folder,
        zone=zone,
        is_own_post=lambda url: index.find(url) is not None,
        existing=site.held_files if held else site.existing_files,
        summary=s,
    )


def page_comments_note(label: str, files: dict[str, str], slug: str) -> str:
    """Return the summary's note on comments of a page, kept as files."""
    return (
        f"{label}: {plural(len(files), 'comment')} on a page; pages "
        f"have no threads on this site, so they are kept as files in "
        f"{PAGE_COMMENTS}/{slug}/ of the folder of unpublished posts"
    )


def _attachments(export: Export) -> dict[str, Attachment]:
    """Return the export's uploads by id, as [gallery] names them.

    Like WordPress's importer, take the file from attachment_url, else the guid.
    """
    return {
        post.wp_id: Attachment(
            post.attachment_url or post.guid, post.alt, post.excerpt.strip()
        )
        for post in export.posts
        if post.post_type == "attachment" and post.wp_id
    }


def plan_wxr(export: Export, site: TargetSite, uploads: frozenset[str] | None) -> Plan:
    """Plan the posts, pages and comments of a WordPress export."""
    plan = Plan()
    s = plan.summary
    zone = ZoneInfo(site.timezone)
    seen: dict[str, str] = {}
    accepted = [a for p in export.posts if (a := _accept(p, site, seen, s))]
    hosts, base = _old_hosts(export, accepted)
    index = LinkIndex(hosts=hosts, base=base, uploads=uploads)
    reserved = site.reserved | {
        address_path(u)
        for a in accepted
        if not a.hidden
        if (
            u := site.url_path(
                a.kind, a.slug, a.post.date, _category(a.post), a.post.author
            )
        )
    }
    written = _sort_out(accepted, site, index, s)
    attachments = _attachments(export)
    for item in written:
        post = item.post
        index.start_post(hidden=item.hidden is not None)
        body, kept, named, lost = to_markdown(post.content, index.rewrite, attachments)
        # Every post that uses a missing image is named, not only the first.
        for image in sorted(index.post_missing):
            s.warn(f"{post.label}: image {image} is missing from UPLOADS")
        for target in dict.fromkeys(index.post_hidden_links):
            s.warn(
                f"{post.label}: its link to {target} is now plain text: the "
                "old blog kept that item from the public, so it is not on the site"
            )
        for name, value in (("title", post.title), ("excerpt", post.excerpt)):
            if dropped := dropped_markup(value, TITLE_TAGS):
                s.warn(f"{post.label}: {name} markup not kept: {', '.join(dropped)}")
        if lost:
            s.warn(f"{post.label}: not kept (unsafe or unsupported): {', '.join(lost)}")
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
        text = _post_text(item, body, aliases, zone)
        if item.hidden:
            plan.held[item.path] = text
            s.held[item.hidden] += 1
            continue
        plan.files[item.path] = text
        s.pages += item.kind == "page"
        s.posts += item.kind == "article"
    for item in accepted:
        if not item.post.comments:
            continue
        if item.hidden:
            # Comments go with their post, out of the site's reach.
            plan.held.update(
                _comment_files(item, site.comments_dir, site, index, s, held=True)
            )
            continue
        if item.kind == "page":
            files = _comment_files(item, PAGE_COMMENTS, site, index, s, held=True)
            plan.held.update(files)
            if files:
                s.warn(page_comments_note(item.post.label, files, item.slug))
            continue
        if site.taken(item.kind, item.slug) and item.path not in site.existing_files:
            continue
        plan.files.update(
            _comment_files(item, site.comments_dir, site, index, s, held=False)
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
