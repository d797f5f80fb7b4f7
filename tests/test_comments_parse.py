"""Comment files: metadata, dates, statuses and the settings they are read with."""

from __future__ import annotations

import datetime as dt

import pytest

from pelican.plugins.common_ground_comments.config import ConfigError, get_config
from pelican.plugins.common_ground_comments.parse import CommentFileError, parse_comment


def parse(text: str | bytes, cid: str = "c001"):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return parse_comment(
        data,
        source_path=f"comments/post/{cid}.md",
        slug="post",
        comment_id=cid,
        timezone="America/New_York",
    )


def test_contract_keys_are_read_case_insensitively():
    comment, notes = parse(
        "author: Sam\nDATE: 2025-02-03T14:05:00\nWebsite: https://sam.example\n"
        "Email: sam@example.org\nReplyto: c000.md\nStatus: Published\n\nHello.\n"
    )
    assert notes == []
    assert comment.author == "Sam"
    assert comment.date == dt.datetime(2025, 2, 3, 14, 5, tzinfo=comment.date.tzinfo)
    assert comment.date.utcoffset() == dt.timedelta(hours=-5)
    assert comment.website == "https://sam.example"
    assert comment.replyto == "c000"
    assert comment.status == "published"
    assert comment.kind == "comment"
    assert comment.body == "Hello."
    assert not hasattr(comment, "email")
    assert "sam@example.org" not in repr(vars(comment))


def test_windows_line_endings_and_a_bom_are_fine():
    comment, _ = parse(
        b"\xef\xbb\xbfAuthor: Sam\r\nDate: 2025-02-03\r\n\r\nHi\r\nthere\r\n"
    )
    assert comment.author == "Sam"
    assert comment.body == "Hi\nthere"


def test_body_lines_that_look_like_metadata_stay_in_the_body():
    comment, _ = parse("Author: A\nDate: 2025-02-03\n\nStatus: published\nHi\n")
    assert comment.body == "Status: published\nHi"


def test_a_pingback_file():
    comment, _ = parse(
        "Type: pingback\nAuthor: Blog\nTitle: T\nSource: https://x.example/a\n"
        "Date: 2025-02-03\n\n[…] excerpt […]\n"
    )
    assert comment.kind == "pingback"
    assert comment.source == "https://x.example/a"
    assert comment.title == "T"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("Date: 2025-02-03\n\nHi\n", "missing Author", None),
        ("Author: A\n\nHi\n", "missing Date", None),
        ("Hi there\n", "missing Author and Date", None),
        ("Author: A\nDate: 03/02/2025\n\nHi\n", "unparseable Date", 2),
        ("Author: A\nDate: 2025-02-03\n\n \n", "empty body", None),
        ("Author: A\nDate: 2025-02-03\nStatus: maybe\n\nHi\n", "unknown Status", 3),
        ("Author: A\nDate: 2025-02-03\nType: note\n\nHi\n", "unknown Type", 3),
        (
            "Type: pingback\nAuthor: A\nDate: 2025-02-03\nSource: ftp://x\n\nHi\n",
            "Source",
            4,
        ),
    ],
)
def test_unusable_files_say_why(text, message, line):
    with pytest.raises(CommentFileError, match=message) as caught:
        parse(text)
    assert caught.value.line == line
    assert "skipped" in str(caught.value)


def test_invalid_utf8_names_the_line():
    with pytest.raises(CommentFileError, match="UTF-8") as caught:
        parse(b"Author: A\nDate: 2025-02-03\n\nok\nbad \xff\n")
    assert caught.value.line == 5


def test_a_bad_website_is_a_note_and_the_comment_stays():
    comment, notes = parse("Author: A\nDate: 2025-02-03\nWebsite: javascript:x\n\nHi\n")
    assert comment.website is None
    assert len(notes) == 1
    assert notes[0][1] == 3


def test_a_date_with_an_offset_is_shown_in_the_site_zone():
    comment, _ = parse("Author: A\nDate: 2025-02-03T14:05:00+02:00\n\nHi\n")
    assert comment.date.isoformat() == "2025-02-03T07:05:00-05:00"
    assert str(comment.date.tzinfo) == "America/New_York"
    # The same instant: only the zone it is shown in changed.
    assert comment.date == dt.datetime(2025, 2, 3, 12, 5, tzinfo=dt.UTC)


def test_defaults_and_validation_of_settings():
    cfg = get_config({"TIMEZONE": "Europe/Paris"})
    assert cfg.max_depth == 3
    assert not cfg.newest_first
    assert cfg.timezone == "Europe/Paris"
    assert get_config({"COMMENTS_ORDER": "newest"}).newest_first


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("COMMENTS_MAX_DEPTH", 0),
        ("COMMENTS_MAX_DEPTH", "3"),
        ("COMMENTS_ORDER", "random"),
        ("COMMENTS_AUTHOR_NAMES", "Dana"),
        ("COMMENTS_EMAIL", 42),
        ("COMMENTS_DIR", ""),
        ("COMMENTS_IDENTICON_SALT", None),
    ],
)
def test_bad_settings_are_errors_naming_the_setting(caplog, key, value):
    with pytest.raises(ConfigError):
        get_config({key: value})
    assert key in caplog.text


def test_control_characters_are_dropped():
    comment, _ = parse("Author: A\x01B\nDate: 2025-02-03\n\nx\x0by\x7fz\x00\n")
    assert comment.author == "AB"
    assert comment.body == "xyz"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1e"])
def test_only_newlines_end_a_metadata_line(separator):
    comment, _ = parse(
        f"Author: Sam{separator}Status: published\nDate: 2025-02-03\n"
        "Status: pending\n\nHi\n"
    )
    assert comment.status == "pending"


def test_a_comment_file_that_vanishes_before_it_is_read_is_a_named_problem(tmp_path):
    from pelican.plugins.common_ground_comments.loader import read_folder

    folder = tmp_path / "a-post"
    folder.mkdir()
    comments, problems = [], []
    read_folder(folder, [folder / "c001.md"], 20000, "UTC", comments, problems)
    assert comments == []
    assert [(p.path, p.line) for p in problems] == [(str(folder / "c001.md"), 1)]
    assert "cannot be read" in problems[0].message
