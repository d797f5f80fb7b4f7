"""Settings files: publishconf extends pelicanconf; every plugin resolves."""

from __future__ import annotations

from pelican.settings import read_settings
from sitebuild import PROJECT_ROOT


def test_publishconf_extends_pelicanconf():
    dev = read_settings(str(PROJECT_ROOT / "pelicanconf.py"))
    prod = read_settings(str(PROJECT_ROOT / "publishconf.py"))
    assert prod["SITENAME"] == dev["SITENAME"] == "Common Ground"
    assert prod["RELATIVE_URLS"] is False
    assert prod["SITEURL"].startswith("https://")
    assert prod["DELETE_OUTPUT_DIRECTORY"] is True
    assert prod["FEED_ALL_ATOM"]


def test_every_plugin_is_a_package_in_plugins():
    settings = read_settings(str(PROJECT_ROOT / "pelicanconf.py"))
    for name in settings["PLUGINS"]:
        package = PROJECT_ROOT / "plugins" / name
        assert (package / "__init__.py").is_file(), name
        assert (package / "plugin.py").is_file(), name
