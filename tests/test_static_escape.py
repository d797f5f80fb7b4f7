"""{static}/{attach} links with `../` never copy a file from outside the content."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES
from sitebuild import build_site


@pytest.mark.parametrize("depth", ["output", "a/output", "a/b/c/output"])
def test_a_link_out_of_the_content_folder_is_refused(tmp_path, depth):
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES / "static_escape", tree)
    content = tree / "content"
    output = tree / depth
    result = build_site(content, output, overrides={"SEARCH_INDEX": False})
    copies = [p for p in tmp_path.rglob("private.txt") if p != tree / "private.txt"]
    assert copies == []
    post = str(content / "posts" / "escape.md")
    refused = [w for w in result.warnings if w.startswith("relative_links: ")]
    assert refused == [
        f"relative_links: {post}: links to {tree / 'private.txt'}, which is outside "
        f"the content folder {content}; the file is not copied"
    ]
    # What is inside the content folder is still copied.
    assert (output / "images" / "square.svg").is_file()
