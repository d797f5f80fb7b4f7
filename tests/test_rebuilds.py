"""A cached rebuild writes exactly what a cold build writes; PLUGINS order is free.

Both builds run the `pelican` command in a process of its own, as `make html`
does. The cached one keeps its output folder and Pelican's content cache from
edit to edit; the cold one starts each time from an empty folder and no cache.
Every file of the two outputs must be byte for byte the same after each edit.
"""

from __future__ import annotations

import ast
import json
import pickle
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

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


# Pelican pickles what it read into CACHE_PATH: the readers' output by default,
# whole Article and Page objects with CONTENT_CACHING_LAYER = "generator".
CACHING_LAYERS = ("reader", "generator")
OUR_MODULES = ("common_ground_", "pelican.plugins.common_ground_")


class _OursRefused(pickle.Unpickler):
    """Load a pickle, noting every class or function it names from our modules."""

    def __init__(self, file: BinaryIO) -> None:
        super().__init__(file)
        self.ours: set[str] = set()

    def find_class(self, module: str, name: str) -> Any:
        """Note `module.name` if it is ours; load Pelican's and Python's as usual."""
        if module.startswith(OUR_MODULES):
            # A rename or upgrade of our modules would make Pelican's next
            # cached build crash here (ModuleNotFoundError is not caught).
            self.ours.add(f"{module}.{name}")
            return type(name, (), {"__setstate__": lambda self, state: None})
        return super().find_class(module, name)


def _cached_build(output: Path, cache: Path, layer: str, *settings: str) -> None:
    status, said = run_pelican(
        SHOWCASE_CONTENT,
        output,
        "CACHE_CONTENT=true",
        "LOAD_CONTENT_CACHE=true",
        f"CACHE_PATH={json.dumps(str(cache))}",
        f"CONTENT_CACHING_LAYER={json.dumps(layer)}",
        *settings,
    )
    assert status == 0, said
    assert "ERROR" not in said, said
    assert "Traceback" not in said, said
    if layer == "reader":
        # A generator-layer cache keeps each post's context of the build that
        # pickled it, so Pelican itself warns of {static} links it no longer
        # finds; that is Pelican's, and the same with or without our plugins.
        assert "WARNING" not in said, said


def test_the_content_cache_holds_nothing_of_ours(tmp_path):
    # So no cache needs dropping when our plugins change: nothing to bump by hand.
    found: dict[str, set[str]] = {}
    for layer in CACHING_LAYERS:
        cache = tmp_path / f"cache-{layer}"
        # The second build loads what the first one pickled and saves it again.
        for _ in range(2):
            _cached_build(tmp_path / f"output-{layer}", cache, layer)
        pickles = sorted(p for p in cache.rglob("*") if p.is_file())
        assert pickles, f"a {layer}-layer build cached nothing in {cache}"
        for path in pickles:
            with path.open("rb") as file:
                unpickler = _OursRefused(file)
                unpickler.load()
            if unpickler.ours:
                found[f"{layer}: {path.name}"] = unpickler.ours
    assert found == {}


BADGE = re.compile(r'<time datetime="PT(\d+)M">')


def test_a_cached_build_follows_a_new_reading_speed(tmp_path):
    # Cached posts are estimated again with this build's READING_TIME_WPM: the
    # post's badge and its series' total follow the setting, as a cold build's do.
    post = "posts/first-thing-i-learned-from-sales/index.html"
    series = "series/lessons-learned-from-sales/index.html"
    slow = "READING_TIME_WPM=40"
    cold = tmp_path / "cold"
    status, said = run_pelican(SHOWCASE_CONTENT, cold, slow, "CACHE_CONTENT=false")
    assert status == 0, said
    expected = {
        page: BADGE.findall((cold / page).read_text()) for page in (post, series)
    }
    for layer in CACHING_LAYERS:
        output, cache = tmp_path / layer, tmp_path / f"cache-{layer}"
        _cached_build(output, cache, layer)
        before = {page: BADGE.findall((output / page).read_text()) for page in expected}
        assert before != expected
        _cached_build(output, cache, layer, slow)
        after = {page: BADGE.findall((output / page).read_text()) for page in expected}
        assert after == expected, layer
