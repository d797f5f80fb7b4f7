"""One site's settings for every tool: a non-default COMMENTS_DIR and TIMEZONE.

`make check`, `make comment`, `make moderate` and the build all read the same
settings file, so a site that moves its comments and lives in another zone gets
tools that agree with its build.
"""

from __future__ import annotations

import json
import shutil
from email.message import EmailMessage
from pathlib import Path

import pytest
from sitebuild import SHOWCASE_SETTINGS, build_site, extending

from common_ground_tools import check_content, comment_ingest, moderate

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Return a settings file whose site keeps comments in feedback/, in Chicago."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "comments_threaded", content)
    (content / "comments").rename(content / "feedback")
    settings = tmp_path / "site.py"
    settings.write_text(
        extending(SHOWCASE_SETTINGS) + "\n# This site's own choices.\n"
        'COMMENTS_DIR = "feedback"\n'
        'ARTICLE_EXCLUDES = ["feedback"]\n'
        'PAGE_EXCLUDES = ["feedback"]\n'
        'TIMEZONE = "America/Chicago"\n'
        'COMMENTS_DATE_FORMAT = "%Y-%m-%d %H:%M"\n',
        encoding="utf-8",
    )
    return settings


def tool_args(settings: Path) -> list[str]:
    return ["--settings", str(settings)]


def test_every_tool_and_the_build_follow_the_sites_settings(site, tmp_path, capsys):
    content = tmp_path / "content"
    feedback = content / "feedback"
    # A hand-written comment with the sender's +02:00 offset.
    (feedback / "quiet-post" / "c002.md").write_text(
        "Author: Offset Olga\nDate: 2024-05-07T18:00:00+02:00\n\nFrom Kyiv.\n",
        encoding="utf-8",
    )
    # A comment by email, sent at 10:30 UTC, and one from the form without a zone.
    message = EmailMessage()
    message["From"] = "Mail Mo <mo@example.org>"
    message["Subject"] = "Comment [quiet-post]"
    message["Date"] = "Tue, 07 May 2024 10:30:00 +0000"
    message["Message-ID"] = "<mo-1@example.org>"
    message.set_content("By email.\n")
    eml = tmp_path / "mo.eml"
    eml.write_bytes(bytes(message))
    assert comment_ingest.main([str(eml), *tool_args(site)]) == 0
    form = tmp_path / "form.json"
    form.write_text(
        json.dumps(
            {
                "slug": "quiet-post",
                "name": "Form Fay",
                "body": "From the form.",
                "date": "2024-05-07T09:15:00",
            }
        )
    )
    assert comment_ingest.main([str(form), *tool_args(site)]) == 0
    emailed = feedback / "quiet-post" / "c003.md"
    formed = feedback / "quiet-post" / "c004.md"
    assert "Date: 2024-05-07T05:30:00-05:00\n" in emailed.read_text()
    assert "Date: 2024-05-07T09:15:00-05:00\n" in formed.read_text()
    assert not (content / "comments").exists()

    # make moderate finds them in feedback/ and takes the id form it prints.
    assert moderate.main(tool_args(site)) == 0
    listed = capsys.readouterr().out
    assert "quiet-post/c003" in listed
    assert "quiet-post/c004" in listed
    for comment_id in ("quiet-post/c003", "quiet-post/c004"):
        assert moderate.main([*tool_args(site), "--approve", comment_id]) == 0

    # make check reads feedback/ too, and reports what the build warns about.
    (feedback / "hello-thread" / "c008.md").write_text(
        "Author: Lost\nDate: 2024-05-08\nReplyto: c999\n\nWhere is it?\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert check_content.main(tool_args(site)) == 1
    checked = capsys.readouterr().out.splitlines()
    assert checked[:-1] == [
        f"{content}/feedback/hello-thread/c008.md:3: error: Replyto 'c999' names "
        "no comment of this post; shown as a top-level comment"
    ]

    result = build_site(
        content, tmp_path / "output", conf=str(site), overrides={"SEARCH_INDEX": False}
    )
    assert result.warnings == [
        f"comments: {feedback}/hello-thread/c008.md:3: Replyto 'c999' names no "
        "comment of this post; shown as a top-level comment"
    ]
    page = result.read("posts/quiet-post/index.html")
    # Every comment in the site's zone (Chicago, UTC-5 in May), however it came.
    assert 'datetime="2024-05-07T11:00:00-05:00">2024-05-07 11:00</time>' in page
    assert 'datetime="2024-05-07T05:30:00-05:00">2024-05-07 05:30</time>' in page
    assert 'datetime="2024-05-07T09:15:00-05:00">2024-05-07 09:15</time>' in page
    assert "+02:00" not in page
    assert "+00:00" not in page
