"""Settings files: publishconf extends pelicanconf; every plugin resolves."""

from __future__ import annotations

import pytest
from pelican.settings import read_settings
from sitebuild import PROJECT_ROOT, run_pelican


def test_publishconf_extends_pelicanconf():
    dev = read_settings(str(PROJECT_ROOT / "pelicanconf.py"))
    prod = read_settings(str(PROJECT_ROOT / "publishconf.py"))
    # Whatever the author named the site ("Make it yours"), both files agree.
    assert prod["SITENAME"] == dev["SITENAME"]
    assert prod["TIMEZONE"] == dev["TIMEZONE"]
    assert prod["RELATIVE_URLS"] is False
    assert prod["SITEURL"].startswith("https://")
    assert prod["DELETE_OUTPUT_DIRECTORY"] is True
    # Writing uses every cache; a published site is always built from scratch.
    assert dev["CACHE_CONTENT"] is dev["LOAD_CONTENT_CACHE"] is True
    assert prod["CACHE_CONTENT"] is prod["LOAD_CONTENT_CACHE"] is False
    assert prod["FEED_ALL_ATOM"]


def test_every_plugin_is_a_package_in_plugins():
    settings = read_settings(str(PROJECT_ROOT / "pelicanconf.py"))
    for name in settings["PLUGINS"]:
        prefix, _, folder = name.rpartition(".")
        # Namespaced under a name no other package uses, so none can replace it.
        assert prefix == "pelican.plugins", name
        assert folder.startswith("common_ground_"), name
        package = PROJECT_ROOT / "plugins" / folder
        assert (package / "__init__.py").is_file(), name
        assert (package / "plugin.py").is_file(), name


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("READING_TIME_WPM", "0"),
        ("SERIES_RULES", '[{"series": "X", "colour": "red"}]'),
        ("COMMENTS_ORDER", '"sideways"'),
        ("SEARCH_TIMEOUT", '"soon"'),
        ("SITEMAP_EXCLUDE", '"posts/"'),
    ],
)
def test_a_bad_plugin_setting_stops_the_build_by_name_without_traceback(
    tmp_path, setting, value
):
    output = tmp_path / "output"
    returncode, said = run_pelican(
        PROJECT_ROOT / "tests/fixtures/site_minimal", output, f"{setting}={value}"
    )
    assert returncode == 1, said
    assert setting in said
    assert "Traceback" not in said
    assert not (output / "index.html").exists()
