"""The static_urls plugin's core: a static file's URL, percent-encoded."""

from __future__ import annotations

from sitebuild import build_site

from pelican.plugins.common_ground_static_urls.core import encoded_url


def test_encoded_url():
    assert encoded_url("posts/Search Marketing/a.svg") == (
        "posts/Search%20Marketing/a.svg"
    )
    assert encoded_url("images/café.png") == "images/caf%C3%A9.png"
    assert encoded_url("posts/x/") == "posts/x/"


def test_a_static_file_with_a_space_gets_a_valid_url_and_keeps_its_name(tmp_path):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "files").mkdir()
    (content / "files/my chart.svg").write_text("<svg/>")
    (content / "posts/a.md").write_text(
        "Title: A\nDate: 2024-01-01\n\n"
        '<img alt="chart" src="{static}/files/my%20chart.svg">\n',
        encoding="utf-8",
    )
    result = build_site(
        content,
        tmp_path / "output",
        overrides={
            "PLUGINS": ["pelican.plugins.common_ground_static_urls"],
            "STATIC_PATHS": ["files"],
            "SEARCH_INDEX": False,
        },
    )
    page = result.read("posts/a/index.html")
    assert 'src="../../files/my%20chart.svg"' in page
    assert (result.output / "files/my chart.svg").is_file()
