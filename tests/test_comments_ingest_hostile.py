"""make comment with malformed or hostile submissions: every reason, no traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common_ground_tools import comment_ingest


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("hostile-ingest") / "content"
    shutil.copytree(FIXTURES / "comments_threaded", target)
    return target


def ingest(content: Path, folder: Path, name: str, raw: bytes) -> int:
    path = folder / name
    path.write_bytes(raw)
    return comment_ingest.main([str(path), "--content", str(content)])


def encoded_word(text: str) -> str:
    """Return `text` as an RFC 2047 quoted-printable encoded word."""
    # Every byte as =XX: CR, LF and `?` included, as a hostile sender would.
    return "=?utf-8?q?" + "".join(f"={b:02X}" for b in text.encode("utf-8")) + "?="


def email_with(sender: str, body: str = "Author: Lee\n\nHello.") -> bytes:
    return (
        f"From: {sender}\r\nSubject: Re [hello-thread]\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body
    ).encode("utf-8")


@pytest.mark.parametrize(
    "sender",
    [
        encoded_word("Evil\r\nStatus: published") + " <evil@example.org>",
        "Evil <" + encoded_word("a\r\nb") + "@example.org>",
        encoded_word("Lee\nBcc: x@example.org") + " <lee@example.org>",
    ],
)
def test_cr_lf_inside_an_encoded_address_is_a_reason(content, tmp_path, capsys, sender):
    assert ingest(content, tmp_path, "s.eml", email_with(sender)) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "From" in err or "line break" in err
    assert err.rstrip().endswith("comment: nothing written")


@pytest.mark.parametrize(
    ("data", "reasons"),
    [
        (
            {"slug": ["hello-thread"], "name": ["x"], "body": {"a": 1}},
            [
                "'slug' must be text, not a list",
                "'name' must be text, not a list",
                "'body' must be text, not an object",
            ],
        ),
        (
            {"slug": 5, "name": 7, "body": 3.5, "date": 12},
            ["'slug' must be text, not a number", "'date' must be text, not a number"],
        ),
        (
            {"fields": None, "options": 3, "slug": "hello-thread", "name": "A"},
            ["'options' must be an object, not a number", "the comment is empty"],
        ),
        (
            {"fields": "x", "options": [1]},
            [
                "'fields' must be an object, not text",
                "no name (Author)",
                "no post slug",
            ],
        ),
        ({"slug": "hello-thread", "name": True, "body": None}, ["'name' must be text"]),
    ],
)
def test_a_json_field_of_the_wrong_type_gives_every_reason(
    content, tmp_path, capsys, data, reasons
):
    raw = json.dumps(data).encode("utf-8")
    assert ingest(content, tmp_path, "s.json", raw) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for reason in reasons:
        assert reason in err, err


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"slug": "\xff\xfe"}', "not UTF-8"),
        (b"", "not valid JSON"),
        (b"[" * 30000 + b"]" * 30000, "nested too deeply"),
        (b"[1, 2]", "must be an object"),
    ],
)
def test_unreadable_json_says_why(content, tmp_path, capsys, raw, reason):
    assert ingest(content, tmp_path, "s.json", raw) == 1
    err = capsys.readouterr().err
    assert reason in err
    assert "nothing written" in err


def test_a_huge_submission_is_refused_unread(content, tmp_path, capsys):
    raw = b'{"body": "' + b"a" * 5_000_000 + b'"}'
    assert ingest(content, tmp_path, "huge.json", raw) == 1
    err = capsys.readouterr().err
    assert "too big for a submission" in err


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELD_NAMES = st.sampled_from(
    [
        "slug",
        "post",
        "name",
        "author",
        "email",
        "website",
        "url",
        "replyto",
        "parent",
        "body",
        "message",
        "comment",
        "date",
        "fields",
        "options",
    ]
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=8))
def test_fuzzed_json_never_ends_in_a_traceback(content, tmp_path, data):
    raw = json.dumps(data).encode("utf-8")
    assert ingest(content, tmp_path, "f.json", raw) in (0, 1)


HEADER_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=25
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=HEADER_TEXT,
    local=HEADER_TEXT,
    subject=HEADER_TEXT,
    date=HEADER_TEXT,
    message_id=HEADER_TEXT,
    body=st.text(max_size=80),
)
def test_fuzzed_email_headers_never_end_in_a_traceback(
    content, tmp_path, name, local, subject, date, message_id, body
):
    raw = (
        f"From: {encoded_word(name)} <{encoded_word(local)}@example.org>\r\n"
        f"Subject: {encoded_word(subject)} [hello-thread]\r\n"
        f"Date: {encoded_word(date)}\r\n"
        f"Message-ID: {encoded_word(message_id)}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Author: {name}\n\n{body}"
    ).encode("utf-8", "surrogatepass")
    assert ingest(content, tmp_path, "f.eml", raw) in (0, 1)
