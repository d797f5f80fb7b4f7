"""A page full of hostile comments loads in Chromium with no dialog and no script."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser.chromium import PageWatch
from browser.site_server import serve
from test_comments_sanitize import HOSTILE

pytestmark = pytest.mark.browser

# What the fixture's hostile names, websites and pingbacks trip on purpose.
EXPECTED_WARNINGS = ("n002.md:3", "n003.md:3", "n004.md")


@pytest.fixture
def hostile_site(fixture_content, site_builder):
    content = fixture_content("comments_hostile")
    folder = content / "comments" / "hostile"
    for number, body in enumerate(HOSTILE, start=100):
        (folder / f"c{number}.md").write_text(
            f"Author: Attacker {number}\nDate: 2024-06-02T10:{number % 60:02d}:00\n"
            + ("Replyto: c100\n" if number % 3 == 0 else "")
            + f"\n{body}\n",
            encoding="utf-8",
        )
    return site_builder(content)


def test_hostile_fixture_warns_only_about_what_it_should(hostile_site):
    assert len(hostile_site.warnings) == len(EXPECTED_WARNINGS)
    for expected, message in zip(
        EXPECTED_WARNINGS, sorted(hostile_site.warnings), strict=True
    ):
        assert expected in message


def test_hostile_page_runs_no_script_and_opens_no_dialog(chromium, hostile_site):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    watch = PageWatch().attach(page)
    try:
        with serve(hostile_site.output) as base:
            page.goto(f"{base}/posts/hostile/", wait_until="networkidle")
            # Give timers, onload and onfocus handlers a chance to fire.
            page.mouse.move(400, 400)
            page.keyboard.press("Tab")
            page.wait_for_timeout(300)
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert dialogs == []
            assert watch.console_errors == []
            hosts = {urlsplit(u).netloc for u in watch.requested}
            assert hosts == {urlsplit(base).netloc}
            shape = page.evaluate(
                """() => ({
                    comments: document.querySelectorAll('li.comment').length,
                    outside: [...document.querySelectorAll('li.comment, li.pingback')]
                        .filter(li => !li.closest('article.h-entry section#comments'))
                        .length,
                    respondInArticle: !!document.querySelector(
                        'article.h-entry > section#respond'),
                    footerAfterMain: !!document.querySelector('main ~ footer'),
                    scripts: [...document.scripts].filter(
                        s => s.type !== 'application/ld+json' && !s.src).length,
                    h1: document.querySelectorAll('h1').length,
                    images: document.images.length,
                    frames: document.querySelectorAll('iframe, object, embed').length,
                })"""
            )
    finally:
        context.close()
    assert shape == {
        "comments": len(HOSTILE) + 3,
        "outside": 0,
        "respondInArticle": True,
        "footerAfterMain": True,
        "scripts": 0,
        "h1": 1,
        "images": 0,
        "frames": 0,
    }


@pytest.mark.parametrize(
    ("endpoint", "inbox"),
    [
        (None, None),
        ("https://api.example/v3/entry/site", None),
        (None, "https://inbox.example.org"),
    ],
)
def test_thread_and_form_pass_axe(
    chromium, fixture_content, site_builder, endpoint, inbox
):
    result = site_builder(
        fixture_content("comments_threaded"),
        overrides={"COMMENTS_FORM_ENDPOINT": endpoint, "COMMENTS_INBOX_URL": inbox},
    )
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    try:
        with serve(result.output) as base:
            page.goto(f"{base}/posts/hello-thread/", wait_until="networkidle")
            violations = Axe().run(page).response["violations"]
    finally:
        page.close()
    assert [(v["id"], len(v["nodes"])) for v in violations] == []
