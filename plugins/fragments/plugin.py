"""Pelican glue: every generator's Jinja environment gets a fresh fragment memo."""

from __future__ import annotations

from typing import Any

from pelican import signals

from .memo import install

PLUGIN_NAME = "fragments"


def _enabled(settings: dict[str, Any]) -> bool:
    """Tell whether this run listed the plugin (Pelican's signals are process-wide)."""
    plugins = settings.get("PLUGINS")
    if not isinstance(plugins, list | tuple):
        return True
    return any(str(name).rsplit(".", 1)[-1] == PLUGIN_NAME for name in plugins)


def add_memo(generator: Any) -> None:
    """Install `render_once` in the generator's environment, new for each build."""
    environment = getattr(generator, "env", None)
    if environment is not None and _enabled(generator.settings):
        install(environment)


def register() -> None:
    """Connect the handler."""
    # Generators, and their environments, are made anew for every build, so a
    # devserver rebuild never reuses text rendered from the previous content.
    signals.generator_init.connect(add_memo)
