"""The one metadata-header parser reads headers exactly as Pelican's Markdown does."""

from __future__ import annotations

import markdown
import pytest

from common_ground_core.header import (
    UnreadableTextError,
    decode_utf8,
    parse_header,
)

# Headers in every shape an author (or a stranger) writes; Python-Markdown's meta
# extension, which Pelican's MarkdownReader uses, is the reference.
HEADERS = [
    "Title: A\nDate: 2024-01-01\n\nBody text.\n",
    "---\nTitle: Front matter\ntags: a, b\n---\n\nBody.\n",
    "---\nTitle: Dots end it\n...\nBody right after.\n",
    "Title: Long\n    continued here\n    and here\nDate: 2024\n\nBody.\n",
    "Title: Tab\n\tcontinued by a tab\n\nBody.\n",
    "   Title: Indented three\nSlug: x\n\nBody.\n",
    "    Title: Indented four is not a key\n\nBody.\n",
    "Title: A\nTitle: B\n\nBody.\n",
    "Just a paragraph\nTitle: not metadata\n",
    "Title: A\n# Tags: a hint is not metadata\n\nBody.\n",
    "Title: CRLF\r\nDate: 2024-01-01\r\n\r\nBody.\r\n",
    "Title: Old Mac\rDate: 2024\r\rBody.\r",
    "Title: A\u2028Status: published\n\nBody.\n",
    "Key_with-dash_9: v\nAuthor : space before colon\n\nBody.\n",
    "Title:\n\nEmpty value.\n",
    "Title: only a header",
    "\ufeffTitle: BOM\n\nBody.\n",
    "Title: A\n   \nBody after a blank-looking line.\n",
]


def markdown_meta(text: str) -> tuple[dict[str, str], str]:
    """Return Python-Markdown's metadata (values joined) and its rendered body."""
    md = markdown.Markdown(extensions=["meta"])
    html = md.convert(text.removeprefix("\ufeff"))
    return {key: " ".join(values) for key, values in md.Meta.items()}, html


@pytest.mark.parametrize("text", HEADERS)
def test_the_header_parser_agrees_with_python_markdown(text):
    expected_meta, expected_html = markdown_meta(text)
    header = parse_header(text)
    ours: dict[str, str] = {}
    for entry in header.entries:
        ours[entry.key] = (
            f"{ours[entry.key]} {entry.value}" if entry.key in ours else entry.value
        )
    assert {k: v.strip() for k, v in ours.items()} == expected_meta
    assert markdown.markdown(header.body) == expected_html


def test_lines_are_numbered_from_the_top_of_the_file():
    header = parse_header("---\nTitle: A\n    more\nDate: 2024\n---\n\nBody\n")
    assert [(e.key, e.value, e.line) for e in header.entries] == [
        ("title", "A more", 2),
        ("date", "2024", 4),
    ]
    assert header.last_line == 4
    assert header.body_lines()[:2] == [(6, ""), (7, "Body")]


def test_undecodable_bytes_name_their_line():
    with pytest.raises(UnreadableTextError, match="invalid UTF-8") as caught:
        decode_utf8(b"Title: A\n\nok\nbad \xff\n")
    assert caught.value.line == 4
