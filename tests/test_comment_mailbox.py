"""make comment FROM=<Maildir or mbox>: every comment message, repeats skipped."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage

import pytest

from common_ground_tools import comment_ingest
from pelican.plugins.common_ground_comments.compose import mail_template


def message(number: int, body: str, *, slug: str = "hello-thread") -> EmailMessage:
    text = mail_template(slug).replace(
        "(Write your comment here. Markdown is fine.)", body
    )
    text = text.replace(
        "Author: (your name as it should appear)", f"Author: Reader {number}"
    )
    mail = EmailMessage()
    mail["From"] = f"reader{number}@example.org"
    mail["Subject"] = f"Comment [{slug}]"
    mail["Date"] = f"Tue, 07 May 2024 10:{number:02d}:00 +0000"
    mail["Message-ID"] = f"<m{number}@example.org>"
    mail.set_content(text)
    return mail


def fill(box: mailbox.Mailbox) -> None:
    box.add(message(1, "First by mail."))
    box.add(message(2, "Second by mail."))
    box.add(message(3, "On a post that is not there.", slug="no-such-post"))
    junk = EmailMessage()
    junk["From"] = "spam@example.org"
    junk["Subject"] = "Cheap pills"
    junk.set_content("Buy now.")
    box.add(junk)
    box.flush()


@pytest.mark.parametrize("kind", ["mbox", "maildir"])
def test_a_mailbox_is_ingested_once_with_one_summary(
    fixture_content, tmp_path, capsys, kind
):
    content = fixture_content("comments_threaded")
    path = tmp_path / kind
    box = mailbox.mbox(path) if kind == "mbox" else mailbox.Maildir(path)
    fill(box)
    box.close()
    run = [str(path), "--content", str(content)]
    assert comment_ingest.main(run) == 0
    out, err = capsys.readouterr()
    assert f"comment: {path}: 2 saved as pending, 0 already saved, 2 refused" in out
    assert "no post has the slug 'no-such-post'" in err
    folder = content / "comments" / "hello-thread"
    texts = [(folder / f"c00{n}.md").read_text(encoding="utf-8") for n in (8, 9)]
    assert sorted(t.split("\n", 1)[0] for t in texts) == [
        "Author: Reader 1",
        "Author: Reader 2",
    ]
    assert all("Status: pending" in t for t in texts)
    assert comment_ingest.main(run) == 0
    out = capsys.readouterr().out
    assert "0 saved as pending, 2 already saved, 2 refused" in out
    assert not (folder / "c010.md").exists()


def test_a_folder_that_is_not_a_maildir_is_named(fixture_content, tmp_path, capsys):
    content = fixture_content("comments_threaded")
    folder = tmp_path / "notmail"
    folder.mkdir()
    assert comment_ingest.main([str(folder), "--content", str(content)]) == 2
    assert "a folder that is not a Maildir" in capsys.readouterr().err
