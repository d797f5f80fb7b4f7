"""What docs/authoring.md tells a new author holds in a real build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from pelican.settings import read_settings
from sitebuild import PROJECT_ROOT, build_site

AUTHORING = (PROJECT_ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
SQUARE = PROJECT_ROOT / "tests" / "fixtures" / "site_minimal" / "images" / "square.svg"


def image_example() -> str:
    """Return the Markdown image line the docs show."""
    section = AUTHORING.split("## Images in a post", 1)[1].split("\n## ", 1)[0]
    return re.search(r"^!\[.*$", section, re.MULTILINE)[0]


def test_a_first_post_without_category_is_in_the_category_the_docs_name(tmp_path):
    settings = read_settings(str(PROJECT_ROOT / "pelicanconf.py"))
    category = settings["DEFAULT_CATEGORY"]
    assert f"`DEFAULT_CATEGORY` (`{category}` in `pelicanconf.py`)" in AUTHORING
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "posts" / "first.md").write_text(
        "Title: My First Lesson\nDate: 2024-03-04 09:30\n\nHello.\n"
    )
    result = build_site(content, tmp_path / "output")
    page = BeautifulSoup(result.read("posts/my-first-lesson/index.html"), "html.parser")
    byline = page.select_one(".byline").get_text(" ", strip=True)
    assert f"in {category}" in byline
    assert "posts" not in byline


def test_a_post_in_a_folder_below_posts_is_in_that_folders_category(tmp_path):
    content = tmp_path / "content"
    (content / "posts" / "Field Notes").mkdir(parents=True)
    (content / "posts" / "Field Notes" / "walk.md").write_text(
        "Title: A Walk\nDate: 2024-03-04 09:30\n\nOutside.\n"
    )
    result = build_site(content, tmp_path / "output")
    page = BeautifulSoup(result.read("posts/a-walk/index.html"), "html.parser")
    assert "in Field Notes" in page.select_one(".byline").get_text(" ", strip=True)


def test_the_documented_image_example_shows_the_image(tmp_path):
    line = image_example()
    target = re.search(r"\{static\}/(\S+)\)", line)[1]
    alt = re.search(r"!\[(.*?)\]", line)[1]
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / Path(target)).parent.mkdir(parents=True)
    shutil.copy(SQUARE, content / target)
    (content / "posts" / "pic.md").write_text(
        f"Title: With A Picture\nDate: 2024-03-04 09:30\n\n{line}\n"
    )
    result = build_site(content, tmp_path / "output")
    assert result.warnings == []
    page_path = result.output / "posts" / "with-a-picture" / "index.html"
    page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
    image = page.select_one("article img")
    assert image["alt"] == alt
    assert (page_path.parent / image["src"]).resolve().is_file()
