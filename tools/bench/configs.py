"""The command lines the benchmark times, each exactly as a user would type it.

Every build is the `pelican` command `make html` runs. The only options added are
`--cache-path` (so the benchmark never reads or overwrites the project's own
`cache/`) and, for the build without search, `-e SEARCH_INDEX=false`.
"""

from __future__ import annotations

import json
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONFFILE = PROJECT_ROOT / "pelicanconf.py"

QUICKSTART = "quickstart"
PLAIN = "plain"
NO_SEARCH = "no-search"
FULL = "full"
PAGEFIND = "pagefind"
REBUILD = "rebuild"
REBUILD_NO_SEARCH = "rebuild-no-search"

DESCRIPTIONS = {
    QUICKSTART: "(q) plain Pelican as `pelican-quickstart` leaves it: default "
    "Markdown, `simple` theme, no plugins, default URLs",
    PLAIN: "(a) plain Pelican with the project's Markdown and site settings: "
    "`simple` theme, no plugins",
    NO_SEARCH: "(b) Common Ground, every plugin but search (SEARCH_INDEX=false)",
    FULL: "(c) Common Ground as `make html` runs it, search on",
    PAGEFIND: "(d) Pagefind's own run over (b)'s finished output",
    REBUILD: "(e) (c) again after editing one post, content cache on",
    REBUILD_NO_SEARCH: "(e') (b) again after editing one post, content cache on",
}

# Settings plain Pelican borrows from pelicanconf.py so both read the same posts,
# render the same Markdown and write pages at the same addresses; theme, plugins
# and everything else stay Pelican's defaults.
_SHARED_KEYS = (
    "ARTICLE_PATHS",
    "ARTICLE_EXCLUDES",
    "PAGE_PATHS",
    "PAGE_EXCLUDES",
    "STATIC_PATHS",
    "TIMEZONE",
    "DEFAULT_LANG",
    "SITENAME",
    "AUTHOR",
    "RELATIVE_URLS",
    "DEFAULT_DATE_FORMAT",
    "DEFAULT_PAGINATION",
    "PAGINATION_PATTERNS",
    "MARKDOWN",
    "SLUGIFY_SOURCE",
)


def venv_bin(name: str) -> Path:
    """Return the project's `.venv/bin/<name>`, or the running interpreter's."""
    listed = PROJECT_ROOT / ".venv" / "bin" / name
    return listed if listed.exists() else Path(sys.executable).parent / name


def plain_settings() -> dict[str, Any]:
    """Return plain Pelican's settings: the shared content and URL settings only."""
    project = get_settings_from_file(str(CONFFILE))
    shared = {key: project[key] for key in _SHARED_KEYS if key in project}
    for key, value in project.items():
        # Feeds are off while writing, as pelican-quickstart's development
        # settings also have them; addresses match so page counts compare.
        if key.endswith(("_URL", "_SAVE_AS")) or "FEED" in key:
            shared[key] = value
    shared.pop("SITEURL", None)
    # Comment files are never posts, whatever the project's exclusions say.
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        shared[key] = sorted({*shared.get(key, []), "comments"})
    return {**shared, "THEME": "simple", "PLUGINS": []}


def quickstart_settings() -> dict[str, Any]:
    """Return the settings `pelican-quickstart` writes, answered for this site.

    Its questions give the name, author, language, time zone and pagination
    (10 posts a page, its suggested answer); feeds are off as in its
    development settings. Everything else stays Pelican's default: the
    default MARKDOWN, URLs and paths. The `simple` theme is the issue's
    baseline, and the one departure: the corpus's comment files, which a
    quickstart site would not have, are never read as posts.
    """
    project = get_settings_from_file(str(CONFFILE))
    answered = {key: project[key] for key in ("SITENAME", "AUTHOR", "TIMEZONE")}
    answered["DEFAULT_LANG"] = project["DEFAULT_LANG"]
    feeds_off = dict.fromkeys(
        (
            "FEED_ALL_ATOM",
            "CATEGORY_FEED_ATOM",
            "TRANSLATION_FEED_ATOM",
            "AUTHOR_FEED_ATOM",
            "AUTHOR_FEED_RSS",
        )
    )
    return {
        **answered,
        "SITEURL": "",
        **feeds_off,
        "DEFAULT_PAGINATION": 10,
        "ARTICLE_EXCLUDES": [*DEFAULT_CONFIG["ARTICLE_EXCLUDES"], "comments"],
        "THEME": "simple",
        "PLUGINS": [],
    }


def _write_settings(path: Path, settings: dict[str, Any]) -> Path:
    lines = ['"""Plain Pelican for the benchmark: written by tools/bench."""', ""]
    lines += [f"{key} = {value!r}" for key, value in sorted(settings.items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_plain_settings(path: Path) -> Path:
    """Write plain Pelican's settings file; return its path."""
    return _write_settings(path, plain_settings())


def write_quickstart_settings(path: Path) -> Path:
    """Write quickstart Pelican's settings file; return its path."""
    return _write_settings(path, quickstart_settings())


def article_save_as(config: str) -> str:
    """Return the ARTICLE_SAVE_AS pattern the configuration's build uses."""
    if config == QUICKSTART:
        return DEFAULT_CONFIG["ARTICLE_SAVE_AS"]
    return get_settings_from_file(str(CONFFILE))["ARTICLE_SAVE_AS"]


def bundle_dir() -> str:
    """Return the folder of the search bundle inside the output, as configured."""
    return get_settings_from_file(str(CONFFILE)).get("SEARCH_BUNDLE_DIR", "pagefind")


def project_plugins() -> list[str]:
    """Return the PLUGINS pelicanconf.py lists right now."""
    return list(get_settings_from_file(str(CONFFILE)).get("PLUGINS") or [])


@dataclass(frozen=True)
class Workspace:
    """Where one corpus size keeps its content, outputs, caches and logs."""

    root: Path

    @property
    def content(self) -> Path:
        """Return the generated content tree every configuration reads."""
        return self.root / "content"

    def output(self, config: str) -> Path:
        """Return the output folder; a rebuild reuses its cold build's."""
        return self.root / f"output-{_owner(config)}"

    def cache(self, config: str) -> Path:
        """Return the content cache; a rebuild reuses its cold build's."""
        return self.root / f"cache-{_owner(config)}"

    @property
    def quickstart_conf(self) -> Path:
        """Return the settings file the quickstart baseline builds with."""
        return self.root / "quickstartconf.py"

    def log(self, config: str) -> Path:
        """Return where the last run of `config` logged its output."""
        return self.root / f"log-{config}.txt"


def _owner(config: str) -> str:
    """Return the cold configuration whose output and cache `config` works on."""
    return {REBUILD: FULL, REBUILD_NO_SEARCH: NO_SEARCH, PAGEFIND: NO_SEARCH}.get(
        config, config
    )


def command(config: str, space: Workspace, plain_conf: Path) -> list[str]:
    """Return the argv of one measured step."""
    if config == PAGEFIND:
        site = space.output(NO_SEARCH)
        # The options plugins/search gives Pagefind: the whole finished output,
        # the bundle in SEARCH_BUNDLE_DIR inside it, no progress chatter.
        return [
            str(venv_bin("python")),
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--output-path",
            str(site / bundle_dir()),
            "--silent",
        ]
    settings = {PLAIN: plain_conf, QUICKSTART: space.quickstart_conf}.get(
        config, CONFFILE
    )
    argv = [
        str(venv_bin("pelican")),
        str(space.content),
        "-o",
        str(space.output(config)),
        "-s",
        str(settings),
    ]
    if config not in (PLAIN, QUICKSTART):
        argv += ["--cache-path", str(space.cache(config))]
    if config in (NO_SEARCH, REBUILD_NO_SEARCH):
        # One -e for all extra settings: Pelican keeps only the last -e given.
        argv += ["-e", f"SEARCH_INDEX={json.dumps(False)}"]
    return argv


def shown(argv: list[str]) -> str:
    """Return argv as a shell line, paths inside the project made relative."""
    root = str(PROJECT_ROOT) + "/"
    return shlex.join(arg.replace(root, "") for arg in argv)
