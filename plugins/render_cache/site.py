"""What every page of a build depends on, gathered from Pelican's generators."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
import pelican

from .config import RenderCacheConfig
from .fingerprint import digest, files_digest, site_digest, volatile_digest
from .store import BuildRecords
from .tracking import ATTRIBUTE_DEPENDENCY, CONTEXT_DEPENDENCY

# Settings that only say whether to use the cache; flipping them changes nothing read.
_CACHE_SWITCHES = frozenset({"CACHE_CONTENT", "LOAD_CONTENT_CACHE"})
# Generator attributes that hold content objects, whatever their status.
_CONTENT_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
    "staticfiles",
)


def all_contents(generators: Iterable[Any]) -> list[Any]:
    """Return every content object the generators hold, each once."""
    seen: dict[int, Any] = {}
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, None) or []:
                seen.setdefault(id(content), content)
    return list(seen.values())


def _template_folders(settings: dict[str, Any]) -> list[Path]:
    folders = [Path(settings["THEME"]) / "templates"]
    folders += [Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES") or []]
    return [folder for folder in folders if folder.exists()]


def _plugin_folders(settings: dict[str, Any]) -> list[Path]:
    """Return the source folder of every plugin this build loaded."""
    folders = []
    for name in settings.get("PLUGINS") or []:
        name = str(getattr(name, "__name__", name))
        module = sys.modules.get(name) or sys.modules.get(f"pelican.plugins.{name}")
        location = getattr(module, "__file__", None)
        if location:
            folders.append(Path(location).parent)
    return sorted(set(folders))


def code_digest(settings: dict[str, Any]) -> str:
    """Return a digest of the code that reads and renders: versions and plugins."""
    return digest(
        {
            "versions": [pelican.__version__, jinja2.__version__, sys.version],
            "plugins": files_digest(_plugin_folders(settings), suffixes=(".py",)),
        }
    )


def _settings_values(settings: dict[str, Any]) -> dict[str, Any]:
    """Return the settings that can change what is read or rendered."""
    return {
        key: value
        for key, value in settings.items()
        if key.isupper() and key not in _CACHE_SWITCHES
    }


def settings_digest(settings: dict[str, Any], code: str) -> str:
    """Return a digest of what Pelican's content cache silently depends on.

    Pelican keeps read posts between builds keyed only by their files' times, so
    a changed setting, plugin or Pelican release would otherwise serve posts
    read under the old ones. `code` is `code_digest(settings)`.
    """
    return digest({"code": code, "settings": _settings_values(settings)})


def build_records(
    generators: list[Any],
    config: RenderCacheConfig,
    old: dict[str, Any],
    code: str,
) -> BuildRecords:
    """Digest the site and return this build's records, ready for the writer.

    `code` is `code_digest(settings)`, computed once when the build started.
    """
    settings = generators[0].settings
    context = generators[0].context
    contents = all_contents(generators)
    parts = {
        "code": code,
        "theme": files_digest(_template_folders(settings)),
        # Read again: other plugins may have added defaults since the start.
        "settings": _settings_values(settings),
    }
    site = site_digest(parts, contents, config.volatile_attributes)
    by_source = {str(c.source_path): c for c in contents}

    def dependency_digest(dependency: str) -> str:
        if dependency.startswith(ATTRIBUTE_DEPENDENCY):
            content = by_source.get(dependency.removeprefix(ATTRIBUTE_DEPENDENCY))
            if content is None:
                return "missing"
            return volatile_digest(content, config.volatile_attributes)
        if dependency.startswith(CONTEXT_DEPENDENCY):
            return digest(context.get(dependency.removeprefix(CONTEXT_DEPENDENCY)))
        return "unknown"

    return BuildRecords(site=site, old=old, dependency_digest=dependency_digest)
