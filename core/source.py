"""Read the site's settings and Markdown files as the build does, for the tools.

Shared by `make check`, `make comment`, `make moderate` and `make newpost`: the
settings come from the same settings file the build reads (pelicanconf.py, or
the file given with --settings), headers from the plugins' one header parser.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from pelican.readers import MarkdownReader
from pelican.settings import read_settings
from pelican.utils import get_date, slugify

from common_ground_core.contract import COMMENTS_DIR
from common_ground_core.header import Problem, read_content_file

__all__ = ["Problem", "Source", "load_settings", "read_source"]

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}


@dataclass
class Source:
    """A Markdown file's metadata header, with the line of each key."""

    path: Path
    display: str
    meta: dict[str, tuple[str, int]] = field(default_factory=dict)
    body_lines: list[tuple[int, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True

    def value(self, key: str) -> str | None:
        """Return the stripped value of a metadata key, or None when absent."""
        entry = self.meta.get(key)
        return None if entry is None else entry[0].strip()

    def line(self, key: str) -> int:
        """Return the line of a metadata key, or 1 when it is absent."""
        entry = self.meta.get(key)
        return 1 if entry is None else entry[1]

    def problem(self, line: int, message: str, severity: str = "error") -> None:
        """Record a problem in this file."""
        self.problems.append(Problem(self.display, line, message, severity))


def read_source(path: Path, display: str) -> Source:
    """Read one Markdown file; what stops Pelican reading it becomes a problem."""
    source = Source(path=path, display=display)
    try:
        data = path.read_bytes()
    except OSError as error:
        source.problem(1, f"cannot be read ({error.strerror or error})")
        source.readable = False
        return source
    header, errors = read_content_file(data, get_date)
    for line, message in errors:
        source.problem(line, message)
    if header is None:
        source.readable = False
        return source
    source.body_lines = header.body_lines()
    for entry in header.entries:
        if entry.key in source.meta:
            # Pelican turns a repeated Title (or any unlisted key) into a list.
            source.problem(
                entry.line,
                f"duplicate metadata key {entry.key.title()} "
                f"(first given on line {source.meta[entry.key][1]})",
            )
        else:
            source.meta[entry.key] = (entry.value, entry.line)
    return source


def metadata_date(text: str) -> Any:
    """Read a Date or Modified value as Pelican's reader does (`_` for a space)."""
    return get_date(text.replace("_", " "))


def load_settings(
    settings_file: Path, content: Path | None = None, **override: Any
) -> dict[str, Any]:
    """Read the site's settings as the build does, PATH pointed at `content`."""
    if content is not None:
        override = {"PATH": str(content.resolve()), **override}
    try:
        return read_settings(str(settings_file), override=override)
    except Exception as error:  # noqa: BLE001 - the file is the author's Python
        raise SystemExit(settings_file_problem(settings_file, error)) from None


def settings_file_problem(settings_file: Path, error: Exception) -> str:
    """Return one line naming the settings file, the line and what went wrong.

    Reading the settings runs the author's Python, so anything may go wrong:
    a typo (SyntaxError), an import of a missing module, or a value Pelican
    cannot use (`SITEURL = 5`). A command shows this line, not a traceback.
    The file named is the one at fault: publishconf.py imports pelicanconf.py.
    """
    if isinstance(error, OSError) and not settings_file.is_file():
        return f"settings: {settings_file}: no such file"
    folder = settings_file.resolve().parent
    where = str(settings_file)
    if isinstance(error, SyntaxError) and error.filename and error.lineno:
        where = f"{_shown(Path(error.filename), settings_file)}:{error.lineno}"
    else:
        for frame, line in traceback.walk_tb(error.__traceback__):
            path = Path(frame.f_code.co_filename)
            if path.suffix == ".py" and path.resolve().parent == folder:
                where = f"{_shown(path, settings_file)}:{line}"
    reason = error.msg if isinstance(error, SyntaxError) else error
    return f"settings: {where}: {type(error).__name__}: {reason}"


def _shown(path: Path, settings_file: Path) -> str:
    """Return `path` as the command line named the settings file's folder."""
    return str(settings_file.parent / path.name)


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --settings and --content, the options every author tool takes."""
    parser.add_argument(
        "--settings",
        type=Path,
        default=Path("pelicanconf.py"),
        help="the site's settings file (default: pelicanconf.py in this folder)",
    )
    parser.add_argument(
        "--content",
        type=Path,
        default=None,
        help="the content folder (default: the settings' PATH)",
    )


def site_from_arguments(args: argparse.Namespace) -> tuple[dict[str, Any], Path]:
    """Return the settings and the content folder named on the command line."""
    settings = load_settings(args.settings, args.content)
    return settings, Path(settings["PATH"])


def derive_slug(source: Source, settings: dict[str, Any]) -> str | None:
    """Return the slug Pelican would give this file (explicit Slug wins)."""
    explicit = source.value("slug")
    if explicit:
        return explicit
    if settings["SLUGIFY_SOURCE"] == "basename":
        value: str | None = source.path.stem
    else:
        value = source.value("title")
    if not value:
        return None
    return pelican_slug(value, settings)


def pelican_slug(text: str, settings: dict[str, Any]) -> str:
    """Return the slug Pelican derives from `text` with the site's slug settings."""
    return slugify(
        text,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def markdown_files(folder: Path) -> list[Path]:
    """Return the Markdown files under `folder`, sorted."""
    if not folder.is_dir():
        return []
    # A dangling link is kept: `make check` says it cannot be read.
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in MARKDOWN_SUFFIXES and (p.is_file() or p.is_symlink())
    )


def comments_folder(settings: dict[str, Any]) -> str:
    """Return COMMENTS_DIR, the folder under PATH holding the comment files.

    A value that is not a folder name is left to the comments plugin (and
    `make check`) to report; the default is used here meanwhile.
    """
    value = settings.get("COMMENTS_DIR", COMMENTS_DIR)
    return value if isinstance(value, str) and value.strip() else COMMENTS_DIR


def content_files(content: Path, settings: dict[str, Any], kind: str) -> list[Path]:
    """Return the Markdown files the build reads as articles or pages, sorted.

    `kind` is "ARTICLE" or "PAGE". Pelican's own discovery answers (its
    `*_PATHS`, `*_EXCLUDES`, `IGNORE_FILES` and reader extensions), so the tools
    read exactly what the build reads; comment files are the comments plugin's.
    """
    finder = Generator(
        context={},
        settings=settings,
        path=str(content),
        theme=settings["THEME"],
        output_path=settings["OUTPUT_PATH"],
    )
    extensions = [
        extension
        for extension, reader in finder.readers.reader_classes.items()
        if reader is not None and issubclass(reader, MarkdownReader)
    ]
    found = finder.get_files(
        settings[f"{kind}_PATHS"],
        exclude=settings[f"{kind}_EXCLUDES"],
        extensions=extensions,
    )
    comments_dir = content / comments_folder(settings)
    return sorted(
        path
        for path in (content / relative for relative in found)
        if not path.is_relative_to(comments_dir)
    )


def article_sources(content: Path, settings: dict[str, Any]) -> list[Source]:
    """Read every file the build reads as an article."""
    return [
        read_source(path, str(path))
        for path in content_files(content, settings, "ARTICLE")
    ]


# Each reading generator's kind (the prefix of its *_PATHS and *_EXCLUDES
# settings) and the public lists its content objects end up in, all statuses
# and languages.
READ_LISTS: dict[type, tuple[str, tuple[str, ...]]] = {
    ArticlesGenerator: (
        "ARTICLE",
        (
            "articles",
            "translations",
            "hidden_articles",
            "hidden_translations",
            "drafts",
            "drafts_translations",
        ),
    ),
    PagesGenerator: (
        "PAGE",
        (
            "pages",
            "translations",
            "hidden_pages",
            "hidden_translations",
            "draft_pages",
            "draft_translations",
        ),
    ),
}


def generated_contents(generators: list[Any]) -> list[Any]:
    """Return each article and page a build read once: published, hidden, drafts."""
    seen: dict[int, Any] = {}
    for generator in generators:
        for kind, (_prefix, names) in READ_LISTS.items():
            if isinstance(generator, kind):
                for name in names:
                    for item in getattr(generator, name, ()):
                        seen.setdefault(id(item), item)
    return list(seen.values())


def is_ignored(relative: str, ignore: Iterable[str]) -> bool:
    """Tell whether Pelican's `copy` skips this file (IGNORE_FILES patterns)."""
    patterns = tuple(ignore)
    return any(
        fnmatch.fnmatch(part, pattern)
        for part in PurePosixPath(relative).parts
        for pattern in patterns
    )


def theme_static_files(settings: dict[str, Any]) -> set[str]:
    """Return the output paths Pelican copies the theme's static files to."""
    theme = Path(settings.get("THEME") or "")
    destination = PurePosixPath(settings.get("THEME_STATIC_DIR") or "theme")
    ignore = settings.get("IGNORE_FILES") or ()
    files: set[str] = set()
    for name in settings.get("THEME_STATIC_PATHS") or ():
        source = theme / name
        if source.is_file():
            files.add((destination / source.name).as_posix())
            continue
        for folder, _dirs, names in os.walk(source):
            for file_name in names:
                relative = Path(folder, file_name).relative_to(source).as_posix()
                if not is_ignored(relative, ignore):
                    files.add((destination / relative).as_posix())
    return files
