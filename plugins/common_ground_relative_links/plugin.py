"""Pelican glue: resolve raw relative links; free the theme's ids; unique_ids."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.contents import Article, Content, Page
from pelican.generators import Generator

from common_ground_core.settings import plugin_loaded

from .config import Config, RelativeLinksConfigError, get_config
from .core import Document, LinkTargets, outside_folder, rewrite_html, site_addresses
from .ids import (
    ReservedIds,
    rename_reserved,
    reserved_from_patterns,
    reserved_from_templates,
    retarget_links,
    unique_ids,
)

logger = logging.getLogger(__name__)

PLUGIN_NAME = (__package__ or "relative_links").rsplit(".", 1)[-1]
FILTER_NAME = "unique_ids"


def _enabled(settings: Mapping[str, Any]) -> bool:
    """Tell whether this run loaded the plugin (signals are process-wide)."""
    return plugin_loaded(settings, PLUGIN_NAME)


def check_settings(pelican: Pelican) -> None:
    """Validate the settings once, before anything is read or written."""
    if not _enabled(pelican.settings):
        return
    try:
        get_config(pelican.settings)
    except RelativeLinksConfigError:
        # Already logged by name; exit 1 without a traceback.
        raise SystemExit(1) from None


def add_filter(generator: Generator) -> None:
    """Let templates call `html|unique_ids(prefix, page_url)`."""
    if _enabled(generator.settings):
        generator.env.filters.setdefault(FILTER_NAME, unique_ids)


def old_url(item: Content, config: Config) -> str:
    """Return where plain Pelican (flat URLs) put this article or page."""
    translated = not getattr(item, "in_default_lang", True)
    kind = "PAGE" if isinstance(item, Page) else "ARTICLE"
    name = f"RELATIVE_LINKS_{kind}{'_LANG' if translated else ''}_URL"
    pattern = getattr(config, name.removeprefix("RELATIVE_LINKS_").lower())
    try:
        return pattern.format(**item.url_format).lstrip("/")
    except (KeyError, AttributeError, ValueError, IndexError) as error:
        # A pattern that fits most posts may not fit all (an index past a
        # short slug); that post's links are then read from its address here.
        logger.warning(
            "relative_links: %s: %s %r does not fit it (%s); its old address "
            "is taken to be its address here",
            item.source_path,
            name,
            pattern,
            error,
        )
        return str(item.url)


def _taxonomies(items: list[Content]) -> Iterator[tuple[str, list[str]]]:
    """Yield each published post's category, tags and authors with their addresses.

    Plain Pelican put them at category/<slug>.html, tag/<slug>.html and
    author/<slug>.html; Pelican links them as {category}<slug> and so on.
    """
    for item in items:
        if not isinstance(item, Article) or item.status != "published":
            continue
        named = [("category", getattr(item, "category", None))]
        named += [("tag", tag) for tag in getattr(item, "tags", None) or ()]
        named += [("author", author) for author in getattr(item, "authors", ())]
        for marker, wrapper in named:
            if wrapper is not None:
                slug = wrapper.slug
                link = f"{{{marker}}}{slug}"
                yield link, [f"{marker}/{slug}.html", str(wrapper.url)]


def _site_pages(settings: Any) -> Iterator[tuple[str, list[str]]]:
    """Yield the archives, tags, categories, authors pages and the site's feeds.

    Plain Pelican wrote `archives.html` and so on; Pelican has no intrasite
    link for them, so they are linked by their address on the site.
    """
    prefix = _site_prefix(settings)
    for name in settings.get("DIRECT_TEMPLATES", ()):
        upper = str(name).upper()
        address = settings.get(f"{upper}_URL") or settings.get(f"{upper}_SAVE_AS")
        if name not in {"index", "404"} and address:
            yield f"{prefix}/{address}", [f"{name}.html", address]
    for setting in ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS"):
        feed = settings.get(setting)
        if feed:
            yield f"{prefix}/{feed}", [feed]


def _site(
    items: list[Content], documents: list[Document], settings: Any
) -> LinkTargets:
    """Collect what references may name: content files and every address."""
    root = Path(settings["PATH"])
    return LinkTargets(
        sources=frozenset(d.source_path for d in documents),
        addresses=site_addresses(
            documents, [*_taxonomies(items), *_site_pages(settings)]
        ),
        is_file=lambda path: (root / path).is_file(),
        static_paths=tuple(str(p).strip("/") for p in settings["STATIC_PATHS"]),
    )


def _site_prefix(settings: Any) -> str:
    """Return what goes before a site path: SITEURL, or "" (root-relative)."""
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    return siteurl if siteurl and not settings.get("RELATIVE_URLS") else ""


def _static_url(settings: Any) -> Any:
    """Return how a srcset names a static file (Pelican's replacement skips srcset)."""
    prefix = _site_prefix(settings)
    return lambda path: f"{prefix}/{path}"


def _ordered(content: Iterable[Any]) -> list[Content]:
    """Articles before pages, published before drafts, then by source path."""
    items = [c for c in content if isinstance(c, Article | Page)]
    return sorted(
        items,
        key=lambda c: (
            isinstance(c, Page),
            c.status == "draft",
            c.relative_source_path.replace("\\", "/"),
        ),
    )


def resolve_references(generator: Generator) -> None:
    """Rewrite raw relative references of every article and page, once per build."""
    settings = generator.settings
    if not _enabled(settings):
        return
    try:
        config = get_config(settings)
    except RelativeLinksConfigError:
        return
    items = _ordered(generator.context.get("generated_content", {}).values())
    documents = [
        Document(
            source_path=item.relative_source_path.replace("\\", "/"),
            old_url=old_url(item, config),
            url=str(item.url),
            slug=str(item.slug),
        )
        for item in items
    ]
    keep_addresses(items, documents)
    site = _site(items, documents, settings)
    static_url = _static_url(settings)
    for item, document in zip(items, documents, strict=True):
        if not item._content:
            continue
        result = rewrite_html(item._content, document, site, static_url)
        for reference in result.unresolved:
            linked = result.as_on_old_page.get(reference)
            logger.warning(
                "relative_links: %s: %r resolves to nothing: no file in the "
                "content tree and no post or page at that address%s",
                item.source_path,
                reference,
                f"; linked where it pointed from its old flat address: {linked}"
                if linked
                else "",
            )
        for path in result.uncopied:
            logger.warning(
                "relative_links: %s: %s is named only in a srcset and is outside "
                "STATIC_PATHS, so it is not copied; add its folder to STATIC_PATHS",
                item.source_path,
                path,
            )
        if result.html != item._content:
            # _content is the text every view of the post is made from (page,
            # summaries, feeds); Pelican turns the {filename}/{static} links in
            # it into each page's URLs, and copies the {static} files.
            item._content = result.html
            generator.add_static_links(item)
    free_theme_ids(generator, items, documents, config)


def keep_addresses(items: list[Content], documents: list[Document]) -> None:
    """Let each item answer `url` with the address Pelican formatted above.

    Pelican formats `url` anew from its settings on every access, working out
    the source path each time; the templates ask for it tens of thousands of
    times in a build (each post is listed on many pages). `override_url` is
    Pelican's own holder for a fixed address (what a `URL:` line sets), so the
    address Pelican gave here, once per build and after every generator has
    read its content, is the one every page uses. The content cache was
    written before this, so a rebuild formats every address afresh.
    """
    for item, document in zip(items, documents, strict=True):
        item.override_url = document.url


def theme_reserved_ids(generator: Generator, config: Config) -> ReservedIds:
    """Return the ids the theme writes: read from its templates, plus the setting."""
    env = generator.env
    sources = []
    # "!simple/..." and "!theme/..." name Pelican's fallback theme and copies
    # of the theme's own templates; only the names a page renders count.
    for name in env.list_templates(filter_func=lambda n: not n.startswith("!")):
        sources.append(env.loader.get_source(env, name)[0])
    return reserved_from_templates(sources) | reserved_from_patterns(
        config.reserved_ids
    )


def free_theme_ids(
    generator: Generator,
    items: list[Content],
    documents: list[Document],
    config: Config,
) -> None:
    """Rename the author's ids that the theme uses too, and the links to them."""
    reserved = theme_reserved_ids(generator, config)
    renames: dict[str, dict[str, str]] = {}
    for item, document in zip(items, documents, strict=True):
        if not item._content:
            continue
        result = rename_reserved(item._content, reserved)
        for name in result.kept:
            logger.warning(
                "relative_links: %s: id %r is also the theme's and no free name "
                "was found for it; it repeats on the page",
                item.source_path,
                name,
            )
        if result.renames:
            item._content = result.html
            renames[document.source_path] = result.renames
    if not renames:
        return
    for item, document in zip(items, documents, strict=True):
        if item._content:
            # Links from any post, this one too, to `{filename}x.md#comments`.
            item._content = retarget_links(item._content, document.source_path, renames)


def _linkers(context: Mapping[str, Any], source_path: str) -> list[str]:
    """Return the source paths of the posts and pages whose links name a file."""
    base = context.get("PATH", "")
    wanted = os.path.normpath(source_path)
    names = []
    for item in (context.get("generated_content") or {}).values():
        if not isinstance(item, Content):
            continue
        for link in item.get_static_links():
            if os.path.normpath(os.path.join(base, link)) == wanted:
                names.append(item.source_path)
                break
    return sorted(names)


def refuse_outside_files(generator: Generator) -> None:
    """Drop static files from outside the content folder, naming who linked them."""
    content = os.path.abspath(generator.path)
    staticfiles = getattr(generator, "staticfiles", None)
    if staticfiles is None:
        return
    # A `{static}`/`{attach}` link with `../` makes Pelican copy that file to
    # the same `../` beside the output folder: never publish what is outside.
    outside = [
        static
        for static in staticfiles
        if outside_folder(os.path.abspath(static.source_path), content)
    ]
    for static in outside:
        for linker in _linkers(generator.context, static.source_path) or ["a link"]:
            logger.warning(
                "relative_links: %s: links to %s, which is outside the content "
                "folder %s; the file is not copied",
                linker,
                os.path.normpath(static.source_path),
                content,
            )
    if outside:
        # In place: the context's `staticfiles` is this same list.
        staticfiles[:] = [s for s in staticfiles if s not in outside]


def register() -> None:
    """Connect the handlers."""
    # At start, so a bad setting stops the build before any file is read.
    signals.initialized.connect(check_settings)
    # Every generator's Jinja environment gets the filter before any template
    # is loaded, so listing partials can test `"unique_ids" is filter`.
    signals.generator_init.connect(add_filter)
    # Pages are read after articles: here every post and page and its address
    # is known, and nothing has rendered a summary, feed or page yet; the static
    # files are gathered after this, so the {static} links made here are copied.
    # The theme's ids are freed here too, so every view shows the same ids.
    signals.page_generator_finalized.connect(resolve_references)
    # Static files are known here and none is copied yet.
    signals.static_generator_finalized.connect(refuse_outside_files)
