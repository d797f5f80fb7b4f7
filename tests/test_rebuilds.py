"""A cached rebuild writes exactly what a cold build writes; PLUGINS order is free.

Both builds run the `pelican` command in a process of its own, as `make html`
does. The cached one keeps its output folder and Pelican's content cache from
edit to edit; the cold one starts each time from an empty folder and no cache.
Every file of the two outputs must be byte for byte the same after each edit.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sitebuild import PROJECT_ROOT, SHOWCASE_CONTENT, SHOWCASE_SETTINGS, run_pelican
from test_determinism import differences, files

pytestmark = pytest.mark.slow

POST = "posts/first-thing-i-learned-from-sales.md"
THREAD = "comments/first-thing-i-learned-from-sales"

DRAFT = """Title: A lesson still being written
Date: 2025-03-01 09:00
Category: Learning Journal
Status: draft

The first version of a draft.
"""

HIDDEN = """Title: Thank you for writing
Status: hidden

The first version of a hidden page.
"""

COMMENT = """Author: Riley Park
Date: 2025-02-01 10:00

A first comment on the first lesson.
"""


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} has no {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


class Site:
    """A copied content tree and theme, with the settings both builds share."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.theme = root / "theme"
        shutil.copytree(SHOWCASE_CONTENT, self.content)
        shutil.copytree(PROJECT_ROOT / "theme", self.theme)
        (self.content / "posts" / "draft-lesson.md").write_text(DRAFT, "utf-8")
        (self.content / "pages" / "thanks.md").write_text(HIDDEN, "utf-8")
        self.settings = {"THEME": str(self.theme), "SEARCH_INDEX": True}
        self.cached_output = root / "cached"
        self.builds = 0

    def _run(self, output: Path, **extra: object) -> None:
        values = {**self.settings, **extra}
        status, said = run_pelican(
            self.content,
            output,
            *(f"{name}={json.dumps(value)}" for name, value in values.items()),
        )
        assert status == 0, said
        assert "WARNING" not in said, said
        assert "ERROR" not in said, said

    def cached_build(self) -> dict[str, bytes]:
        self._run(
            self.cached_output,
            CACHE_CONTENT=True,
            LOAD_CONTENT_CACHE=True,
            CACHE_PATH=str(self.root / "cache"),
        )
        return files(self.cached_output)

    def cold_build(self) -> dict[str, bytes]:
        self.builds += 1
        output = self.root / f"cold-{self.builds}"
        self._run(output, CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
        return files(output)


EDITS: dict[str, Callable[[Site], None]] = {
    "a post body": lambda site: _append(
        site.content / POST, "\nA sentence added after the first build.\n"
    ),
    "a draft": lambda site: _replace(
        site.content / "posts" / "draft-lesson.md", "first version", "second version"
    ),
    "a hidden page": lambda site: _replace(
        site.content / "pages" / "thanks.md", "first version", "second version"
    ),
    "a comment added": lambda site: (site.content / THREAD / "c100.md").write_text(
        COMMENT, "utf-8"
    ),
    "a comment edited": lambda site: _replace(
        site.content / THREAD / "c100.md", "A first comment", "An edited comment"
    ),
    "a comment removed": lambda site: (site.content / THREAD / "c100.md").unlink(),
    "a comment's status": lambda site: _replace(
        site.content / THREAD / "c007.md", "Status: pending", "Status: published"
    ),
    "a template": lambda site: _replace(
        site.theme / "templates" / "base.html", "</main>", "<!-- edited --></main>"
    ),
    "a setting": lambda site: site.settings.update(SITESUBTITLE="A new subtitle"),
    "a static file": lambda site: _append(
        site.content / "images" / "listening-ladder.svg", "<!-- edited -->\n"
    ),
    "a series member": lambda site: _replace(
        site.content / "posts" / "second-thing-i-learned-from-sales.md",
        "Title: ",
        "Title: Retitled: ",
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("rebuilds"))
    first = site.cached_build()
    assert first == site.cold_build(), differences(first, site.cold_build())
    return site


# Ordered: each edit builds on the site the earlier ones left.
@pytest.mark.parametrize("edit", list(EDITS))
def test_a_cached_rebuild_writes_what_a_cold_build_writes(site, edit):
    EDITS[edit](site)
    cached, cold = site.cached_build(), site.cold_build()
    assert cached == cold, differences(cold, cached)


def _plugins() -> list[str]:
    """Return PLUGINS as pelicanconf.py lists them."""
    tree = ast.parse((SHOWCASE_SETTINGS).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(target, "id", None) == "PLUGINS" for target in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise AssertionError("pelicanconf.py sets no PLUGINS")


def test_the_order_of_plugins_does_not_matter(tmp_path):
    plugins = _plugins()
    assert len(plugins) > 1
    outputs = {}
    for name, order in (("listed", plugins), ("reversed", plugins[::-1])):
        output = tmp_path / name
        status, said = run_pelican(
            SHOWCASE_CONTENT,
            output,
            f"PLUGINS={json.dumps(order)}",
            "SEARCH_INDEX=true",
            "CACHE_CONTENT=false",
        )
        assert status == 0, said
        outputs[name] = files(output)
    assert outputs["listed"] == outputs["reversed"], differences(
        outputs["listed"], outputs["reversed"]
    )


def test_make_html_drops_a_cache_an_older_version_wrote(tmp_path):
    # A pickle naming a class this version no longer has, as the plugins of the
    # previous release left in cache/: Pelican cannot load it.
    cache = tmp_path / "cache"
    cache.mkdir()
    poison = (
        b"\x80\x04\x95!\x00\x00\x00\x00\x00\x00\x00\x8c\x15build_summary.plugin"
        b"\x94\x8c\nBuildState\x94\x93\x94."
    )
    for name in ("ArticlesGenerator-Readers", "PagesGenerator-Readers"):
        (cache / name).write_bytes(poison)
    output = tmp_path / "output"
    options = f"-e 'CACHE_PATH=\"{cache}\"' SEARCH_INDEX=false"
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "html",
            f"INPUTDIR={PROJECT_ROOT / 'tests/fixtures/site_minimal'}",
            f"OUTPUTDIR={output}",
            f"CONFFILE={SHOWCASE_SETTINGS}",
            f"CACHE_DIR={cache}",
            f"PELICANOPTS={options}",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert "Traceback" not in said
    assert (output / "index.html").is_file()
    assert (cache / ".common-ground-cache-2").is_file()
