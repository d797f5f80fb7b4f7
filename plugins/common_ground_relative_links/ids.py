"""Keep a post's ids unique on every page that shows it. Pure: no Pelican import.

Two ways a post's ids repeat on a page:

- A listing shows several posts' text on one page; each keeps heading ids such
  as `introduction`. `unique_ids` prefixes every id of one post with its slug,
  and its `#fragment` links follow: to the prefixed id when the target is on
  the listing, else to the post's own page.
- The theme has ids of its own around the post (`comments`, `respond`, `main`,
  `comment-<id>` per comment). `rename_reserved` gives the author's id that
  equals one of them another name (`content-comments`), so the theme's ids stay
  as old links know them; `retarget_links` makes `{filename}` links from any
  post follow the new name.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

from .core import replace_value

START_TAG = re.compile(r"<[A-Za-z][^<>]*>")
ID = re.compile(
    r"""(?P<lead>\s)(?P<name>id)(?P<eq>\s*=\s*)(?P<quote>["'])(?P<value>.*?)(?P=quote)""",
    re.I | re.S,
)
# Attributes that name ids of the same document (ARIA relations, labels, tables).
ID_REFERENCES = re.compile(
    r"""(?P<lead>\s)(?P<name>for|headers|aria-labelledby|aria-describedby|"""
    r"""aria-controls|aria-owns|aria-details|list|form)(?P<eq>\s*=\s*)"""
    r"""(?P<quote>["'])(?P<value>.*?)(?P=quote)""",
    re.I | re.S,
)
FRAGMENT_HREF = re.compile(
    r"""(?P<lead>\s)(?P<name>href)(?P<eq>\s*=\s*)(?P<quote>["'])#(?P<value>.*?)(?P=quote)""",
    re.I | re.S,
)
# A link to another content file, as Pelican writes it before it has URLs.
FILENAME_HREF = re.compile(
    r"""(?P<lead>\s)(?P<name>href)(?P<eq>\s*=\s*)(?P<quote>["'])"""
    r"""(?P<value>[{|]filename[|}][^#"']*#.*?)(?P=quote)""",
    re.I | re.S,
)
# An id attribute in a template's source; `data-id` and the like are not ids.
TEMPLATE_ID = re.compile(r"""(?<![\w-])id\s*=\s*(["'])(.*?)\1""", re.I | re.S)
# What the author's id gets in front when the theme uses it. A prefix, not a
# suffix: `comment-c001_1` would still be a comment's anchor (comment ids may
# hold `_` and `-`), and a prefix takes the id out of every reserved family.
RENAMED_PREFIX = "content-"


@dataclass(frozen=True, slots=True)
class ReservedIds:
    """Ids the theme writes around a post: exact names and name prefixes."""

    names: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def __contains__(self, name: object) -> bool:
        """Tell whether the theme may write this id on a page that shows a post."""
        return isinstance(name, str) and (
            name in self.names or name.startswith(self.prefixes)
        )

    def __or__(self, other: ReservedIds) -> ReservedIds:
        """Return the ids reserved by either."""
        prefixes = dict.fromkeys((*self.prefixes, *other.prefixes))
        return ReservedIds(self.names | other.names, tuple(sorted(prefixes)))


@dataclass(slots=True)
class Renamed:
    """A post's text with its reserved ids renamed, and how each was renamed."""

    html: str
    renames: dict[str, str] = field(default_factory=dict)
    # Reserved ids no free name was found for (only if the theme reserves
    # RENAMED_PREFIX itself); they are left as they are.
    kept: list[str] = field(default_factory=list)


def reserved_from_patterns(patterns: Iterable[str]) -> ReservedIds:
    """Read `name` and `prefix*` patterns (RELATIVE_LINKS_RESERVED_IDS)."""
    names = {p for p in patterns if not p.endswith("*")}
    prefixes = sorted({p[:-1] for p in patterns if p.endswith("*")})
    return ReservedIds(frozenset(names), tuple(prefixes))


def reserved_from_templates(sources: Iterable[str]) -> ReservedIds:
    """Collect the ids a theme's template sources write.

    `id="respond"` reserves `respond`; `id="archive-{{ year }}"` reserves every
    id starting `archive-`. An id made wholly by an expression
    (`id="{{ c.anchor }}"`) cannot be read here: it belongs in the setting.
    """
    names: set[str] = set()
    prefixes: set[str] = set()
    for source in sources:
        for match in TEMPLATE_ID.finditer(source):
            value = match.group(2)
            cut = min(
                (i for i in (value.find("{{"), value.find("{%")) if i >= 0), default=-1
            )
            if cut < 0:
                names.add(value.strip())
            elif value[:cut].strip():
                prefixes.add(value[:cut].lstrip())
    names.discard("")
    return ReservedIds(frozenset(names), tuple(sorted(prefixes)))


def element_ids(html: str) -> list[str]:
    """Return the id of every element in `html`, in order, repeats included."""
    return [
        found.group("value")
        for tag in START_TAG.finditer(html)
        for found in ID.finditer(tag.group(0))
    ]


def _rewrite_ids(
    html: str,
    renamed: Mapping[str, str],
    elsewhere: Callable[[str], str] | None = None,
) -> str:
    """Rename ids, the attributes naming them, and `#fragment` links to them.

    A `#x` link to an id not in `renamed` becomes `elsewhere(x)` if given.
    """

    def one_id(match: re.Match[str]) -> str:
        name = match.group("value")
        return replace_value(match, renamed[name]) if name in renamed else match[0]

    def references(match: re.Match[str]) -> str:
        names = [renamed.get(n, n) for n in match.group("value").split()]
        return replace_value(match, " ".join(names))

    def fragment(match: re.Match[str]) -> str:
        target = match.group("value")
        if not target:  # "#" alone: the top of whatever page shows it
            return match.group(0)
        if target in renamed:
            return replace_value(match, f"#{renamed[target]}")
        return (
            match.group(0)
            if elsewhere is None
            else replace_value(match, elsewhere(target))
        )

    def tag(match: re.Match[str]) -> str:
        text = ID.sub(one_id, match.group(0))
        text = ID_REFERENCES.sub(references, text)
        return FRAGMENT_HREF.sub(fragment, text)

    return START_TAG.sub(tag, html)


def unique_ids(html: str, prefix: str, page_url: str) -> str:
    """Prefix every id in `html` with `prefix-`; point `#x` links at the new ids.

    A `#x` link whose target is not in `html` (a truncated summary) goes to
    `page_url#x`, the post's own page.
    """
    if not html or not prefix:
        return html
    renamed = {name: f"{prefix}-{name}" for name in element_ids(html)}
    return _rewrite_ids(html, renamed, lambda target: f"{page_url}#{target}")


def rename_reserved(html: str, reserved: ReservedIds) -> Renamed:
    """Give each of the author's ids that the theme also uses a free name.

    `comments` becomes `content-comments` (or `content-comments-2` if the
    author used that too); `#comments` links and id references in `html`
    follow. An id the theme does not use is left as written.
    """
    ids = element_ids(html)
    result = Renamed(html=html)
    taken = set(ids)
    for name in dict.fromkeys(ids):
        if name not in reserved:
            continue
        base = RENAMED_PREFIX + name
        candidates = [base] + [f"{base}-{n}" for n in range(2, len(taken) + 3)]
        free = next(
            (c for c in candidates if c not in taken and c not in reserved), None
        )
        if free is None:
            result.kept.append(name)
            continue
        result.renames[name] = free
        taken.add(free)
    if result.renames:
        result.html = _rewrite_ids(html, result.renames)
    return result


def linked_source(link: str, linking_source: str) -> str:
    """Return the content path a `{filename}` link names, as Pelican reads it."""
    path = unquote(re.sub(r"^[{|]filename[|}]", "", link).split("#", 1)[0])
    path = path.split("?", 1)[0]
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(linking_source), path))


def retarget_links(
    html: str, source_path: str, renames: Mapping[str, Mapping[str, str]]
) -> str:
    """Point `{filename}x.md#id` links at the id's new name in x.md.

    `renames` maps a content path to its `rename_reserved` renames;
    `source_path` is where `html` comes from (relative links start there).
    """

    def one(match: re.Match[str]) -> str:
        link = match.group("value")
        before, _, target = link.partition("#")
        new = renames.get(linked_source(before, source_path), {}).get(target)
        return (
            match.group(0) if new is None else replace_value(match, f"{before}#{new}")
        )

    return START_TAG.sub(lambda tag: FILENAME_HREF.sub(one, tag.group(0)), html)
