"""The project as a package: a wheel any Pelican site installs, plugins nobody shadows.

One clean virtual environment per session holds the pinned requirements and the
wheel built from this checkout, nothing else: what a site that runs
`pip install common-ground-journal` gets.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from sitebuild import PROJECT_ROOT, SHOWCASE_CONTENT

pytestmark = pytest.mark.slow

PLUGIN_NAMES = sorted(
    p.name.removeprefix("common_ground_")
    for p in (PROJECT_ROOT / "plugins").glob("common_ground_*")
    if (p / "__init__.py").is_file()
)


def run(*command: str | Path, cwd: Path | None = None) -> str:
    """Run a command; fail the test with everything it printed if it fails."""
    done = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
        check=False,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "COLUMNS": "400"},
    )
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the project's wheel from this checkout."""
    folder = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", folder, ".",
        cwd=PROJECT_ROOT)  # fmt: skip
    (built,) = folder.glob("common_ground_journal-*.whl")
    return built


@pytest.fixture(scope="session")
def clean_venv(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """Return a new venv holding the pinned requirements and the wheel only."""
    venv = tmp_path_factory.mktemp("site-venv") / "venv"
    run(sys.executable, "-m", "venv", venv)
    pip = venv / "bin" / "pip"
    run(pip, "install", "-q", "-r", PROJECT_ROOT / "requirements.txt")
    run(pip, "install", "-q", "--no-deps", wheel)
    return venv


def test_the_wheel_holds_plugins_theme_and_commands(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(
            archive.read(n).decode() for n in names if n.endswith("entry_points.txt")
        )
    for plugin in PLUGIN_NAMES:
        assert f"pelican/plugins/common_ground_{plugin}/__init__.py" in names
        assert f"pelican/plugins/common_ground_{plugin}/plugin.py" in names
    # Nothing outside our own names: the namespace package itself is Pelican's.
    assert "pelican/__init__.py" not in names
    assert "pelican/plugins/__init__.py" not in names
    assert "common_ground_theme/templates/base.html" in names
    assert "common_ground_theme/templates/partials/comments.html" in names
    # Redirect pages: the theme's template, and the plugin's for foreign themes.
    assert "common_ground_theme/templates/redirect.html" in names
    assert "pelican/plugins/common_ground_aliases/templates/redirect.html" in names
    assert "common_ground_theme/static/css/main.css" in names
    assert "common_ground_tools/check_content.py" in names
    assert (
        "common-ground-check = common_ground_tools.check_content:main" in entry_points
    )


FOREIGN_CONF = """\
AUTHOR = "Someone Else"
SITENAME = "A quickstart site"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
THEME = "notmyidea"
THEME_TEMPLATES_OVERRIDES = ["overrides"]
# Comment files are the comments plugin's, not posts (docs/theme.md).
ARTICLE_EXCLUDES = ["comments"]
PLUGINS = [
    "common_ground_series",
    "common_ground_reading_time",
    "common_ground_comments",
]
"""

# The snippets docs/theme.md gives a foreign theme, one per plugin.
FOREIGN_ARTICLE = """\
{% extends "!theme/article.html" %}
{% block content %}
{{ super() }}
{% if article.series %}<p class="probe-series">{{ article.series.name }}:
part {{ article.series.position }} of {{ article.series.count }}</p>{% endif %}
{% if article.reading_time %}
<p class="probe-minutes">{{ article.reading_time.minutes }} min</p>
{% endif %}
<p class="probe-comments">{{ article.comments|length }} comments</p>
{% endblock %}
"""


def test_a_quickstart_site_with_notmyidea_builds_with_our_plugins(tmp_path, clean_venv):
    site = tmp_path / "site"
    posts = site / "content"
    (site / "overrides").mkdir(parents=True)
    (site / "overrides" / "article.html").write_text(FOREIGN_ARTICLE, encoding="utf-8")
    (site / "pelicanconf.py").write_text(FOREIGN_CONF, encoding="utf-8")
    for number in (1, 2):
        (posts / f"part-{number}.md").parent.mkdir(parents=True, exist_ok=True)
        (posts / f"part-{number}.md").write_text(
            f"Title: Part {number}\nDate: 2024-01-0{number}\nSeries: Learning\n\n"
            + "word " * 450,
            encoding="utf-8",
        )
    thread = posts / "comments" / "part-1"
    thread.mkdir(parents=True)
    (thread / "first.md").write_text(
        "Author: Ada\nDate: 2024-01-03T10:00:00\n\nThank you.\n", encoding="utf-8"
    )
    said = run(clean_venv / "bin" / "pelican", "content", "-s", "pelicanconf.py",
               "-o", "output", cwd=site)  # fmt: skip
    assert "ERROR" not in said, said
    assert "WARNING" not in said, said
    page = (site / "output" / "part-1.html").read_text(encoding="utf-8")
    assert "Learning:\npart 1 of 2" in page
    assert "3 min" in page
    assert "1 comments" in page


IMPOSTOR = '''\
"""A different package that took one of the common short names."""


def register():
    raise RuntimeError("impostor plugin {name} was loaded")
'''


def install_impostors(venv: Path, tmp_path: Path) -> None:
    """Install real packages named pelican.plugins.search, .sitemap and .series."""
    for name in ("search", "sitemap", "series"):
        project = tmp_path / f"pelican-{name}"
        package = project / "pelican" / "plugins" / name
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(IMPOSTOR.format(name=name))
        (project / "pyproject.toml").write_text(
            textwrap.dedent(f"""\
                [build-system]
                requires = ["setuptools"]
                build-backend = "setuptools.build_meta"
                [project]
                name = "pelican-{name}"
                version = "9.9"
                [tool.setuptools]
                packages = ["pelican.plugins.{name}"]
                """)
        )
        run(venv / "bin" / "pip", "install", "-q", "--no-deps", project)


def test_packages_with_our_short_names_change_nothing(tmp_path, clean_venv, showcase):
    install_impostors(clean_venv, tmp_path)
    listed = run(clean_venv / "bin" / "pelican-plugins")
    assert "pelican.plugins.search" in listed  # the impostors are really there
    output = tmp_path / "output"
    run(clean_venv / "bin" / "pelican", SHOWCASE_CONTENT, "-o", output,
        "-s", PROJECT_ROOT / "pelicanconf.py",
        "-e", "CACHE_CONTENT=false", "LOAD_CONTENT_CACHE=false",
        cwd=PROJECT_ROOT)  # fmt: skip
    compared = filecmp.dircmp(output, showcase.output)
    differing = _differences(compared)
    assert differing == [], differing


def _differences(compared: filecmp.dircmp, prefix: str = "") -> list[str]:
    """Return every path that is missing on one side or differs byte for byte."""
    found = [prefix + n for n in compared.left_only + compared.right_only]
    _, mismatch, errors = filecmp.cmpfiles(
        compared.left, compared.right, compared.common_files, shallow=False
    )
    found += [prefix + n for n in mismatch + errors]
    for name, sub in compared.subdirs.items():
        found += _differences(sub, f"{prefix}{name}/")
    return sorted(found)
