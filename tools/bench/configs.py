"""The two builds compared: vanilla Pelican and Common Ground with everything on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.settings import get_settings_from_file

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONFFILE = PROJECT_ROOT / "pelicanconf.py"
VANILLA = "vanilla"
COMMON_GROUND = "common-ground"
CONFIGS = (VANILLA, COMMON_GROUND)

# Settings vanilla borrows from pelicanconf.py so both builds read the same posts,
# render the same Markdown and write the same pages at the same addresses. Theme,
# plugins and every other setting stay Pelican's defaults.
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


def _shared_settings() -> dict[str, Any]:
    """Return the content, URL, pagination, Markdown and feed settings to share."""
    project = get_settings_from_file(str(CONFFILE))
    shared = {key: project[key] for key in _SHARED_KEYS if key in project}
    for key, value in project.items():
        # Feeds are off while writing in the project, as pelican-quickstart's
        # development settings also have them.
        if key.endswith(("_URL", "_SAVE_AS")) or "FEED" in key:
            shared[key] = value
    shared.pop("SITEURL", None)
    # Comments are never posts; vanilla must not read them even if the project
    # moves its exclusions elsewhere.
    shared["ARTICLE_EXCLUDES"] = sorted(
        {*shared.get("ARTICLE_EXCLUDES", []), "comments"}
    )
    shared["PAGE_EXCLUDES"] = sorted({*shared.get("PAGE_EXCLUDES", []), "comments"})
    return shared


def build_spec(
    config: str,
    content: Path,
    output: Path,
    cache: Path | None,
    drop_plugins: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Return the child's spec: settings file and overrides for one build.

    `drop_plugins` leaves plugins out of Common Ground's build, to measure what
    each one costs.
    """
    overrides: dict[str, Any] = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_CONTENT": cache is not None,
        "LOAD_CONTENT_CACHE": cache is not None,
        "CACHE_PATH": str(cache or output.parent / "cache-unused"),
    }
    if config == VANILLA:
        spec_conf = None
        overrides = {**_shared_settings(), "PLUGINS": [], **overrides}
    elif config == COMMON_GROUND:
        spec_conf = str(CONFFILE)
        overrides.update(
            THEME=str(PROJECT_ROOT / "theme"),
            PLUGIN_PATHS=[str(PROJECT_ROOT / "plugins")],
        )
        if drop_plugins:
            overrides["PLUGINS"] = project_plugins(drop_plugins)
    else:
        raise ValueError(f"unknown configuration {config!r}")
    return {"conf": spec_conf, "overrides": _jsonable(overrides)}


def project_plugins(drop: tuple[str, ...] = ()) -> list[str]:
    """Return the PLUGINS pelicanconf.py lists right now, less any dropped."""
    listed = get_settings_from_file(str(CONFFILE)).get("PLUGINS") or []
    return [name for name in listed if name not in drop]


def _jsonable(value: Any) -> Any:
    """Return `value` with tuples turned into lists, for the JSON spec file."""
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value
