"""The whole loop in Chromium: the post's form, the inbox, make moderate, a rebuild."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser.site_server import serve
from inbox_server import free_port, start_inbox, stop_inbox
from playwright.sync_api import Page
from test_comments_sanitize import HOSTILE

from common_ground_tools import moderate

pytestmark = pytest.mark.browser

POST = "posts/hello-thread/"


@contextmanager
def site_with_inbox(
    content: Path, site_builder, tmp_path: Path, min_fill: str
) -> Iterator[tuple[str, object]]:
    """Build the site with its form pointing at a running inbox; serve both."""
    port = free_port()
    overrides = {"COMMENTS_INBOX_URL": f"http://127.0.0.1:{port}"}
    result = site_builder(content, overrides=overrides)
    with serve(result.output) as base:
        inbox = start_inbox(
            content,
            tmp_path / "inbox.sqlite3",
            tmp_path / "inbox.log",
            port,
            INBOX_SITE_URL=base,
            INBOX_MIN_FILL_SECONDS=min_fill,
            INBOX_RATE_LIMIT="1000",
        )
        try:
            yield base, inbox

        finally:
            stop_inbox(inbox)


def send(page: Page, base: str, name: str, body: str, replyto: str = "") -> None:
    """Fill the post's comment form as a reader does and send it."""
    page.goto(f"{base}/{POST}")
    page.fill("#comment-name", name)
    if replyto:
        page.select_option("#comment-replyto", replyto)
    page.fill("#comment-body", body)
    with page.expect_navigation():
        page.click("#respond button[type=submit]")


def approve(content: Path, db: Path, number: int) -> None:
    argv = ["--approve", f"inbox:{number}", "--content", str(content)]
    assert moderate.main([*argv, "--inbox-db", str(db)]) == 0


def depth_of(page: Page, anchor: str) -> int:
    return page.evaluate(
        """(id) => {
            let depth = 0;
            let li = document.getElementById(id);
            for (; li; li = li.parentElement.closest('li.comment')) depth++;
            return depth;
        }""",
        anchor,
    )


def test_a_comment_and_a_reply_go_from_the_form_to_their_thread(
    browser_page, fixture_content, site_builder, tmp_path
):
    content = fixture_content("comments_threaded")
    page = browser_page
    with site_with_inbox(content, site_builder, tmp_path, "1") as (base, inbox):
        page.goto(f"{base}/{POST}")
        form = page.locator("#respond form")
        assert form.get_attribute("action") == f"{inbox.url}/comments"
        page.fill("#comment-name", "Browser Reader")
        page.fill("#comment-body", "Sent from *Chromium*.")
        page.wait_for_timeout(1100)  # a person takes longer than INBOX_MIN_FILL_SECONDS
        with page.expect_navigation():
            page.click("#respond button[type=submit]")
        assert page.locator("h1").inner_text() == "Thank you: your comment was received"
        assert "after moderation" in page.locator("main").inner_text()
        with page.expect_navigation():
            page.click("a.inbox-back")
        assert page.url == f"{base}/{POST}"

        approve(content, inbox.db, 1)
        site_builder(content, overrides={"COMMENTS_INBOX_URL": inbox.url})
        page.reload()
        top = page.locator("#comment-c008")
        assert "Sent from Chromium." in top.inner_text()
        assert top.locator("em").inner_text() == "Chromium"
        assert depth_of(page, "comment-c008") == 1

        page.wait_for_timeout(1100)
        page.fill("#comment-name", "Second Reader")
        page.select_option("#comment-replyto", "c002")
        page.fill("#comment-body", "Answering Dana.")
        page.wait_for_timeout(1100)
        with page.expect_navigation():
            page.click("#respond button[type=submit]")
        assert "your comment was received" in page.locator("h1").inner_text()
        approve(content, inbox.db, 2)
        site_builder(content, overrides={"COMMENTS_INBOX_URL": inbox.url})
        page.goto(f"{base}/{POST}?rebuilt")
        reply = page.locator("#comment-c002 > ol.comment-replies > #comment-c009")
        assert "Answering Dana." in reply.inner_text()
        assert depth_of(page, "comment-c009") == depth_of(page, "comment-c002") + 1


def test_a_refused_comment_comes_back_with_the_readers_text(
    browser_page, fixture_content, site_builder, tmp_path
):
    content = fixture_content("comments_threaded")
    page = browser_page
    with site_with_inbox(content, site_builder, tmp_path, "60") as (base, _inbox):
        send(page, base, "Too Quick", "Typed in a hurry.")
        assert page.locator("h1").inner_text() == "Please send it again"
        assert "faster than a person writes" in page.locator("main").inner_text()
        assert page.locator("#comment-body").input_value() == "Typed in a hurry."
        assert page.locator("#comment-name").input_value() == "Too Quick"


def test_hostile_comments_sent_through_the_form_are_inert(
    browser_page, fixture_content, site_builder, tmp_path
):
    content = fixture_content("comments_threaded")
    page = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with site_with_inbox(content, site_builder, tmp_path, "0") as (base, inbox):
        for number, body in enumerate(HOSTILE, start=1):
            send(page, base, f"Attacker {number}", body)
            assert "your comment was received" in page.locator("h1").inner_text()
        for number in range(1, len(HOSTILE) + 1):
            approve(content, inbox.db, number)
        site_builder(content, overrides={"COMMENTS_INBOX_URL": inbox.url})
        # A query string: the page Chromium cached before the rebuild is not reused.
        page.goto(f"{base}/{POST}?rebuilt", wait_until="networkidle")
        page.mouse.move(400, 400)
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert dialogs == []
        shape = page.evaluate(
            """() => ({
                attackers: [...document.querySelectorAll('li.comment .p-name')]
                    .filter(n => n.textContent.startsWith('Attacker')).length,
                inline: [...document.scripts]
                    .filter(s => !s.src && s.type !== 'application/ld+json').length,
                frames: document.querySelectorAll('iframe, object, embed').length,
            })"""
        )
    assert shape == {"attackers": len(HOSTILE), "inline": 0, "frames": 0}


def test_without_javascript_the_reader_confirms_once(
    chromium, fixture_content, site_builder, tmp_path
):
    content = fixture_content("comments_threaded")
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        with site_with_inbox(content, site_builder, tmp_path, "1") as (base, inbox):
            send(page, base, "No Script", "Written with JavaScript off.")
            assert page.locator("h1").inner_text() == "Please send it again"
            assert "could not tell when the form was opened" in page.inner_text("main")
            assert page.locator("#comment-body").input_value() == (
                "Written with JavaScript off."
            )
            page.wait_for_timeout(1100)  # the reader reads the page first
            with page.expect_navigation():
                page.click("form.comment-form button[type=submit]")
            assert "your comment was received" in page.locator("h1").inner_text()
            approve(content, inbox.db, 1)
            text = (content / "comments" / "hello-thread" / "c008.md").read_text()
            assert text.startswith("Author: No Script\n")
    finally:
        context.close()
