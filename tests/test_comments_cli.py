"""make comment (ingest a saved email or JSON) and make moderate, end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
from email.message import EmailMessage
from pathlib import Path

import pytest
from sitebuild import PROJECT_ROOT, SHOWCASE_SETTINGS

from common_ground_core.submissions import (
    Submission,
    next_id,
    set_status,
    validate,
)
from common_ground_tools import comment_ingest, moderate
from pelican.plugins.common_ground_comments.compose import mail_template, mailto
from pelican.plugins.common_ground_comments.parse import parse_comment

# The showcase's settings, never the author's pelicanconf.py.
SITE = ["--settings", str(SHOWCASE_SETTINGS)]


def read_comment(path: Path):
    comment, notes = parse_comment(
        path.read_bytes(),
        source_path=str(path),
        slug=path.parent.name,
        comment_id=path.stem,
        timezone="UTC",
    )
    assert notes == []
    return comment


def write_email(tmp_path: Path, body: str, *, subject: str = "", sender: str) -> Path:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "comments@common-ground.example.org"
    message["Subject"] = subject
    message["Date"] = "Tue, 07 May 2024 10:30:00 +0000"
    message["Message-ID"] = "<once@example.org>"
    message.set_content(body)
    path = tmp_path / "submission.eml"
    path.write_bytes(bytes(message))
    return path


@pytest.fixture
def content(fixture_content) -> Path:
    return fixture_content("comments_threaded")


def run_ingest(content: Path, file: Path) -> int:
    return comment_ingest.main([str(file), "--content", str(content), *SITE])


def test_email_from_the_mailto_template_becomes_a_pending_reply(
    content, tmp_path, capsys
):
    body = mail_template("hello-thread", "c002").replace(
        "(Write your comment here. Markdown is fine.)",
        "I *agree*, Dana.\n\nStatus: published",
    )
    body = body.replace("Author: (your name as it should appear)", "Author: Lee Park")
    eml = write_email(
        tmp_path,
        body + "\n-- \nLee, sent from a phone\n",
        subject="Reply to Dana on “Hello Thread” [hello-thread]",
        sender="Lee P <lee@example.org>",
    )
    assert run_ingest(content, eml) == 0
    written = content / "comments" / "hello-thread" / "c008.md"
    assert f"wrote {written}" in capsys.readouterr().out
    comment = read_comment(written)
    assert comment.status == "pending"
    assert comment.author == "Lee Park"
    assert comment.replyto == "c002"
    assert comment.body == "I *agree*, Dana.\n\nStatus: published"
    assert comment.date.isoformat() == "2024-05-07T10:30:00+00:00"
    assert "Email: lee@example.org" in written.read_text()
    assert "sent from a phone" not in written.read_text()


def test_email_without_template_lines_uses_subject_and_sender(content, tmp_path):
    eml = write_email(
        tmp_path,
        "Just a plain message.\n",
        subject="Re: Comment on “A Quiet Post” [quiet-post]",
        sender="Sam Rivera <sam@example.net>",
    )
    assert run_ingest(content, eml) == 0
    comment = read_comment(content / "comments" / "quiet-post" / "c002.md")
    assert comment.author == "Sam Rivera"
    assert comment.body == "Just a plain message."


def test_staticman_json_submission(content, tmp_path):
    data = {
        "fields": {
            "name": "Priya",
            "email": "priya@example.com",
            "website": "https://priya.example",
            "body": "From the form.",
            "replyto": "c001",
        },
        "options": {"slug": "hello-thread"},
    }
    path = tmp_path / "post.json"
    path.write_text(json.dumps(data))
    assert run_ingest(content, path) == 0
    comment = read_comment(content / "comments" / "hello-thread" / "c008.md")
    assert comment.website == "https://priya.example"
    assert comment.replyto == "c001"
    assert comment.status == "pending"


def test_a_fresh_folder_gets_c001(content, tmp_path):
    path = tmp_path / "post.json"
    path.write_text(json.dumps({"slug": "quiet-post", "name": "A", "body": "B"}))
    shutil.rmtree(content / "comments" / "quiet-post")
    assert run_ingest(content, path) == 0
    assert (content / "comments" / "quiet-post" / "c001.md").is_file()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": "A", "body": "B"}, "no post slug"),
        ({"slug": "nope", "name": "A", "body": "B"}, "no post has the slug 'nope'"),
        ({"slug": "quiet-post", "body": "B"}, "no name"),
        ({"slug": "quiet-post", "name": "A", "body": "  "}, "the comment is empty"),
        (
            {"slug": "quiet-post", "name": "A\nStatus: published", "body": "B"},
            "line break",
        ),
        (
            {"slug": "quiet-post", "name": "A\u2028Status: published", "body": "B"},
            "line break",
        ),
        (
            {"slug": "quiet-post", "name": "A", "email": "a@b.c\u2029Status: x"},
            "line break",
        ),
        (
            {"slug": "quiet-post", "name": "A", "body": "B", "website": "javascript:x"},
            "not an http(s) URL",
        ),
        ({"slug": "quiet-post", "name": "A", "body": "B", "email": "nope"}, "email"),
        ({"slug": "quiet-post", "name": "A", "body": "B", "replyto": "c404"}, "c404"),
        ({"slug": "quiet-post", "name": "A", "body": "x" * 30_000}, "bytes"),
        ({"slug": "closed-post", "name": "A", "body": "B"}, "comments are closed"),
    ],
)
def test_invalid_submissions_are_refused_and_nothing_is_written(
    content, tmp_path, capsys, data, error
):
    before = sorted(p.name for p in (content / "comments").rglob("*.md"))
    path = tmp_path / "post.json"
    path.write_text(json.dumps(data))
    assert run_ingest(content, path) == 1
    err = capsys.readouterr().err
    assert error in err
    assert "nothing written" in err
    assert sorted(p.name for p in (content / "comments").rglob("*.md")) == before


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b"[1, 2]"])
def test_unreadable_json_is_one_clear_error(content, tmp_path, capsys, raw):
    path = tmp_path / "post.json"
    path.write_bytes(raw)
    assert run_ingest(content, path) == 1
    assert "post.json" in capsys.readouterr().err


def test_missing_file_is_a_usage_error(content, tmp_path, capsys):
    assert run_ingest(content, tmp_path / "absent.eml") == 2
    assert "make comment FILE=" in capsys.readouterr().err


def test_moderate_lists_pending_and_approves_by_id(content, capsys):
    root = ["--content", str(content), *SITE]
    assert moderate.main(root) == 0
    out = capsys.readouterr().out
    assert "hello-thread/c006" in out
    assert "quiet-post/c001" in out
    assert "2 pending comment(s)" in out
    assert "c007" not in out  # spam is not pending
    assert "APPROVE=<slug/id>" in out

    assert moderate.main([*root, "--approve", "c006"]) == 0
    path = content / "comments" / "hello-thread" / "c006.md"
    assert read_comment(path).status == "published"

    assert moderate.main([*root, "--spam", "c001", "--slug", "quiet-post"]) == 0
    assert (
        read_comment(content / "comments" / "quiet-post" / "c001.md").status == "spam"
    )
    assert moderate.main(root) == 0
    assert "0 pending comment(s)" in capsys.readouterr().out


def test_moderate_needs_a_slug_when_the_id_repeats(content, capsys):
    assert moderate.main(["--content", str(content), *SITE, "--approve", "c001"]) == 1
    assert "hello-thread/c001" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["--approve", "c404"],
        ["--spam", "../x"],
        ["--approve", "README", "--slug", "../.."],
        ["--approve", "c001", "--slug", ".."],
    ],
)
def test_moderate_refuses_unknown_or_odd_ids(content, argv):
    assert moderate.main(["--content", str(content), *SITE, *argv]) in (1, 2)


def test_set_status_adds_the_line_when_missing():
    text = "Author: A\nDate: 2024-01-01\n\nBody: not metadata\n"
    assert set_status(text, "spam") == (
        "Author: A\nDate: 2024-01-01\nStatus: spam\n\nBody: not metadata\n"
    )
    assert set_status("Status: pending\nAuthor: A\n\nB\n", "published") == (
        "Status: published\nAuthor: A\n\nB\n"
    )


def test_next_id_goes_past_the_highest_number():
    assert next_id(set()) == "c001"
    assert next_id({"c001", "c007", "x1"}) == "c008"
    assert next_id({"c999"}) == "c1000"


def test_validate_accepts_a_replyto_written_as_a_file_name():
    sub = Submission(slug="p", author="A", body="B", replyto="c1.md")
    assert validate(sub, known_slugs={"p"}, existing_ids={"c1"}, max_bytes=100) == []


def test_mailto_link_carries_slug_and_parent_and_is_percent_encoded():
    url = mailto(
        "c@example.org",
        title="Win &amp; Win <em>now</em>",
        slug="win",
        parent_id="c002",
        parent_author="Sam & Co",
    )
    assert url.startswith("mailto:c@example.org?subject=")
    assert "&body=" in url
    subject, body = url.split("?", 1)[1].split("&body=")
    assert "&" not in subject.removeprefix("subject=")
    assert "Win%20%26%20Win%20now" in subject
    assert "%5Bwin%5D" in subject
    assert "Replyto%3A%20c002" in body


def test_moderate_takes_back_the_slug_slash_id_form_it_prints(content, capsys):
    root = ["--content", str(content), *SITE]
    assert moderate.main(root) == 0
    listed = capsys.readouterr().out
    assert "quiet-post/c001" in listed
    assert moderate.main([*root, "--approve", "quiet-post/c001"]) == 0
    path = content / "comments" / "quiet-post" / "c001.md"
    assert read_comment(path).status == "published"
    assert moderate.main([*root, "--spam", "hello-thread/c006"]) == 0
    assert read_comment(content / "comments/hello-thread/c006.md").status == "spam"


@pytest.mark.parametrize(
    "argv",
    [
        ["--approve", "../c001"],
        ["--approve", "a/b/c001"],
        ["--approve", "hello-thread/c001", "--slug", "quiet-post"],
        ["--approve", "hello-thread/../c001"],
    ],
)
def test_moderate_refuses_odd_slug_forms(content, argv):
    before = {p: p.read_bytes() for p in (content / "comments").rglob("*.md")}
    assert moderate.main(["--content", str(content), *SITE, *argv]) in (1, 2)
    assert {p: p.read_bytes() for p in (content / "comments").rglob("*.md")} == before


def test_the_same_email_twice_is_saved_once(content, tmp_path, capsys):
    eml = write_email(
        tmp_path,
        "Post: quiet-post\nAuthor: Ines\n\nOnce is enough.\n",
        sender="Ines <ines@example.org>",
    )
    assert run_ingest(content, eml) == 0
    written = content / "comments" / "quiet-post" / "c002.md"
    text = written.read_text()
    assert "Message_id: <once@example.org>" in text
    capsys.readouterr()
    before = sorted((content / "comments").rglob("*.md"))
    assert run_ingest(content, eml) == 0
    said = capsys.readouterr().out
    assert f"already saved as {written}" in said
    assert "Message-ID" in said
    assert "nothing written" in said
    assert sorted((content / "comments").rglob("*.md")) == before
    # The Message-ID is kept for this check and never shown.
    comment = read_comment(written)
    assert "once@example.org" not in repr(vars(comment))


def test_a_resent_comment_without_message_id_is_recognised_by_its_words(
    content, tmp_path, capsys
):
    path = tmp_path / "post.json"
    path.write_text(
        json.dumps({"slug": "quiet-post", "name": "Al", "body": "Hi  there"})
    )
    assert run_ingest(content, path) == 0
    path.write_text(
        json.dumps({"slug": "quiet-post", "name": "Al", "body": "Hi\nthere\n"})
    )
    assert run_ingest(content, path) == 0
    assert "the same author and text" in capsys.readouterr().out
    assert not (content / "comments" / "quiet-post" / "c003.md").exists()


def test_make_comment_without_file_says_what_to_do(tmp_path):
    done = subprocess.run(
        ["make", "-s", "comment", f"INPUTDIR={tmp_path}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "make comment FILE=message.eml" in done.stderr
    assert "no such file" not in done.stderr
