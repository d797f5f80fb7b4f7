"""Real builds of comment fixtures: markup (mf2py), feeds (feedparser), warnings."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import feedparser
import mf2py
import pytest
from bs4 import BeautifulSoup
from pelican import signals
from sitebuild import build_site_in_fresh_process

SITE = "https://site.example"
THREAD = "posts/hello-thread/index.html"


def entry_of(result, page: str = THREAD) -> dict:
    doc = mf2py.parse(doc=result.read(page), url=f"{SITE}/{page}")
    entries = [i for i in doc["items"] if "h-entry" in i["type"]]
    assert len(entries) == 1
    return entries[0]


def all_output_text(output: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(output.rglob("*"))
        if p.is_file() and p.suffix in {".html", ".xml", ".json", ".txt", ".js"}
    )


@pytest.fixture
def threaded(fixture_content, site_builder):
    return site_builder(fixture_content("comments_threaded"))


def test_fixture_builds_without_warnings(threaded):
    assert threaded.warnings == []


def test_every_response_is_an_h_cite_in_p_comment_of_the_h_entry(threaded):
    comments = entry_of(threaded)["properties"]["comment"]
    assert all(c["type"] == ["h-cite"] for c in comments)
    urls = [c["properties"]["url"][0] for c in comments]
    assert urls == [
        f"{SITE}/posts/hello-thread/#comment-c005",
        f"{SITE}/posts/hello-thread/#comment-c001",
        f"{SITE}/posts/hello-thread/#comment-c002",
        f"{SITE}/posts/hello-thread/#comment-c003",
        f"{SITE}/posts/hello-thread/#comment-c004",
        "https://ledger.example.org/notes/selling",
    ]


def test_replies_carry_u_in_reply_to_their_parent_permalink(threaded):
    by_url = {
        c["properties"]["url"][0].rsplit("#", 1)[-1]: c["properties"]
        for c in entry_of(threaded)["properties"]["comment"]
    }
    base = f"{SITE}/posts/hello-thread/#"
    assert "in-reply-to" not in by_url["comment-c001"]
    assert by_url["comment-c002"]["in-reply-to"] == [base + "comment-c001"]
    assert by_url["comment-c003"]["in-reply-to"] == [base + "comment-c002"]
    assert by_url["comment-c004"]["in-reply-to"] == [base + "comment-c003"]
    author = by_url["comment-c001"]["author"][0]["properties"]
    assert author["name"] == ["Sam Rivera"]
    assert author["url"] == ["https://sam.example.net"]


def test_thread_structure_heading_nesting_and_flattening(threaded):
    soup = BeautifulSoup(threaded.read(THREAD), "html.parser")
    section = soup.find("section", id="comments")
    assert section["aria-labelledby"] == "comments-title"
    heading = section.find(id="comments-title")
    assert heading.name == "h2"
    assert heading.get_text() == "6 Responses to “Hello Thread”"
    top = section.find("ol", class_="comment-list")
    assert [li["id"] for li in top.find_all("li", recursive=False)] == [
        "comment-c005",
        "comment-c001",
    ]
    c003 = soup.find(id="comment-c003")
    level3 = c003.find_parent("ol")
    # c004 is a fourth-level reply: listed flat after c003, saying whom it answers.
    assert [li["id"] for li in level3.find_all("li", recursive=False)] == [
        "comment-c003",
        "comment-c004",
    ]
    c004 = soup.find(id="comment-c004")
    assert "comment-flattened" in c004["class"]
    assert c004.find(class_="comment-in-reply").get_text(" ", strip=True) == (
        "in reply to Sam Rivera"
    )
    assert "comment-by-author" in soup.find(id="comment-c002")["class"]
    assert soup.find(id="comment-c002").find(class_="comment-badge")
    link = soup.find(id="comment-c001").find("a", class_="p-name")
    assert link["rel"] == ["nofollow", "ugc", "noopener"]
    pings = section.find("ol", class_="pingback-list")
    assert [li["id"] for li in pings.find_all("li")] == ["comment-p001"]
    for li in soup.select("li.comment"):
        reply = li.find("a", class_="comment-reply")
        assert reply.get_text() == "Reply"
        assert f"Replyto%3A%20{li['id'].removeprefix('comment-')}" in reply["href"]
    assert soup.find(id="respond").find("h2").get_text() == "Got something to say?"


def test_identicons_are_inline_and_nothing_is_fetched_from_elsewhere(threaded):
    soup = BeautifulSoup(threaded.read(THREAD), "html.parser")
    avatars = soup.select("li.comment svg.comment-avatar")
    assert len(avatars) == 5
    section = soup.find("section", id="comments")
    assert not section.find_all(["img", "script", "iframe", "link"])


def test_pending_spam_and_email_never_reach_the_output(threaded):
    text = all_output_text(threaded.output)
    assert "PENDING-MARKER" not in text
    assert "SPAM-MARKER" not in text
    assert "Spammy" not in text
    assert "sam.secret" not in text
    assert "comment-c006" not in text


def test_counts_on_listings(threaded):
    soup = BeautifulSoup(threaded.read("index.html"), "html.parser")
    counts = {
        a.find_parent("article").find("h2").get_text(strip=True): a.find("a").get_text()
        for a in soup.select(".post-comments")
    }
    assert counts == {
        "Hello Thread": "5 comments, 1 mention",
        "Closed For Comments": "1 comment",
        "A Quiet Post": "Leave a comment",
    }
    link = soup.find("a", string="5 comments, 1 mention")
    assert link["href"].endswith("posts/hello-thread/#comments")
    assert soup.find("a", string="Leave a comment")["href"].endswith(
        "posts/quiet-post/#respond"
    )


def test_quiet_post_offers_only_the_form(threaded):
    soup = BeautifulSoup(threaded.read("posts/quiet-post/index.html"), "html.parser")
    assert soup.find(id="comments") is None
    mailto = soup.find(id="respond").find("a", class_="comment-mailto-link")["href"]
    assert mailto.startswith("mailto:comments@")
    assert "Post%3A%20quiet-post" in mailto
    assert "%5Bquiet-post%5D" in mailto  # the slug in the subject


def test_closed_post_keeps_the_thread_but_has_no_form(threaded):
    soup = BeautifulSoup(threaded.read("posts/closed-post/index.html"), "html.parser")
    assert soup.find(id="comment-c001")
    assert soup.find(id="respond") is None
    assert soup.find("a", class_="comment-reply") is None
    assert soup.find("form") is None


def test_json_ld_comment_count_matches_the_count_shown(threaded):
    soup = BeautifulSoup(threaded.read(THREAD), "html.parser")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["commentCount"] == 6
    quiet = BeautifulSoup(threaded.read("posts/quiet-post/index.html"), "html.parser")
    assert (
        json.loads(quiet.find("script", type="application/ld+json").string)[
            "commentCount"
        ]
        == 0
    )


def test_comment_stats_in_the_context(fixture_content, site_builder):
    seen = {}

    def capture(generator, writer):
        seen.update(generator.context["comment_stats"])

    signals.article_writer_finalized.connect(capture)
    try:
        site_builder(fixture_content("comments_threaded"))
    finally:
        signals.article_writer_finalized.disconnect(capture)
    assert seen == {"published": 6, "pending": 2, "spam": 1, "pingbacks": 1}


def test_form_endpoint_uses_staticman_field_names(fixture_content, site_builder):
    result = site_builder(
        fixture_content("comments_threaded"),
        overrides={"COMMENTS_FORM_ENDPOINT": "https://api.example/v3/entry/site"},
    )
    assert result.warnings == []
    soup = BeautifulSoup(result.read(THREAD), "html.parser")
    form = soup.find("form", class_="comment-form")
    assert form["method"] == "post"
    assert form["action"] == "https://api.example/v3/entry/site"
    names = {field["name"] for field in form.find_all(["input", "textarea", "select"])}
    assert names == {
        "options[slug]",
        "fields[name]",
        "fields[email]",
        "fields[website]",
        "fields[replyto]",
        "fields[body]",
    }
    assert (
        form.find("input", attrs={"name": "options[slug]"})["value"] == "hello-thread"
    )
    choices = [o["value"] for o in form.find("select").find_all("option")]
    assert choices == ["", "c005", "c001", "c002", "c003", "c004"]
    for label in form.find_all("label"):
        assert form.find(id=label["for"])
    assert soup.find("a", class_="comment-reply")["href"] == "#respond"


def test_feeds_of_each_post_and_of_the_latest_comments(fixture_content, site_builder):
    result = site_builder(
        fixture_content("comments_threaded"),
        overrides={"SITEURL": SITE, "RELATIVE_URLS": False},
    )
    assert result.warnings == []
    feed = feedparser.parse(result.read("feeds/comments/hello-thread.atom.xml"))
    assert not feed.bozo
    assert feed.feed.title == "Comments on “Hello Thread”"
    links = [e.link for e in feed.entries]
    assert links[0] == f"{SITE}/posts/hello-thread/#comment-c004"  # newest first
    assert sorted(links) == sorted(
        f"{SITE}/posts/hello-thread/#comment-c00{i}" for i in (1, 2, 3, 4, 5)
    )
    first = next(e for e in feed.entries if e.link.endswith("c001"))
    assert first.author == "Sam Rivera"
    assert "<strong>open</strong>" in first.content[0].value
    everything = feedparser.parse(result.read("feeds/comments.atom.xml"))
    assert not everything.bozo
    assert len(everything.entries) == 6
    assert everything.entries[0].link == f"{SITE}/posts/closed-post/#comment-c001"
    soup = BeautifulSoup(result.read(THREAD), "html.parser")
    assert [a["href"] for a in soup.find_all("a", type="application/atom+xml")] == [
        f"{SITE}/feeds/comments/hello-thread.atom.xml",
        f"{SITE}/feeds/comments.atom.xml",
    ]
    text = all_output_text(result.output)
    assert "sam.secret" not in text
    assert "PENDING-MARKER" not in text


def test_dev_build_without_siteurl_writes_no_comment_feeds(threaded):
    assert not (threaded.output / "feeds" / "comments.atom.xml").exists()
    assert "application/atom+xml" not in threaded.read(THREAD)


@pytest.mark.parametrize(("order", "first"), [("oldest", "c005"), ("newest", "c001")])
def test_order_setting(fixture_content, site_builder, order, first):
    result = site_builder(
        fixture_content("comments_threaded"), overrides={"COMMENTS_ORDER": order}
    )
    soup = BeautifulSoup(result.read(THREAD), "html.parser")
    assert soup.select("ol.comment-list > li")[0]["id"] == f"comment-{first}"


def test_visual_depth_setting(fixture_content, site_builder):
    result = site_builder(
        fixture_content("comments_threaded"), overrides={"COMMENTS_MAX_DEPTH": 1}
    )
    soup = BeautifulSoup(result.read(THREAD), "html.parser")
    assert soup.select("ol.comment-replies") == []
    assert [li["id"] for li in soup.select("ol.comment-list > li")] == [
        "comment-c005",
        "comment-c001",
        "comment-c002",
        "comment-c003",
        "comment-c004",
    ]


def test_bad_setting_is_an_error_naming_it(fixture_content, site_builder, caplog):
    with pytest.raises(SystemExit) as stop:
        site_builder(
            fixture_content("comments_threaded"), overrides={"COMMENTS_MAX_DEPTH": 0}
        )
    assert stop.value.code == 1
    assert any(
        r.levelno == logging.ERROR and "COMMENTS_MAX_DEPTH" in r.getMessage()
        for r in caplog.records
    )


def test_inbox_url_makes_the_form_post_to_the_inbox_with_its_guards(
    fixture_content, site_builder
):
    result = site_builder(
        fixture_content("comments_threaded"),
        overrides={"COMMENTS_INBOX_URL": "https://inbox.example.org/"},
    )
    assert result.warnings == []
    soup = BeautifulSoup(result.read(THREAD), "html.parser")
    form = soup.find("form", class_="comment-form")
    assert form["action"] == "https://inbox.example.org/comments"
    names = {field["name"] for field in form.find_all(["input", "textarea", "select"])}
    assert {"options[started]", "fields[homepage]", "fields[body]"} <= names
    trap = form.find("input", attrs={"name": "fields[homepage]"})
    assert trap["tabindex"] == "-1"
    assert "comment-trap" in trap.parent["class"]
    assert soup.find("script", src=lambda s: s and s.endswith("js/comment-form.js"))
    assert soup.find(class_="comment-mailto")  # the email option stays
    closed = BeautifulSoup(result.read("posts/closed-post/index.html"), "html.parser")
    assert closed.find("form", class_="comment-form") is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"COMMENTS_INBOX_URL": "inbox.example.org"},
        {
            "COMMENTS_INBOX_URL": "https://inbox.example.org",
            "COMMENTS_FORM_ENDPOINT": "https://api.example/entry",
        },
    ],
)
def test_a_bad_inbox_url_is_an_error_naming_it(
    fixture_content, site_builder, caplog, overrides
):
    with pytest.raises(SystemExit):
        site_builder(fixture_content("comments_threaded"), overrides=overrides)
    assert any(
        r.levelno == logging.ERROR and "COMMENTS_INBOX_URL" in r.getMessage()
        for r in caplog.records
    )


# --- Bad input: one warning naming the file, the rest of the build unharmed ---

GOOD_HEAD = "Author: Sam\nDate: 2024-05-05T10:00:00\n"

BAD_INPUTS = {
    "unknown-slug": ("no-such-post/c001.md", GOOD_HEAD + "\nHello.\n", "no-such-post"),
    "missing-parent": (
        "hello-thread/x01.md",
        GOOD_HEAD + "Replyto: c999\n\nORPHAN-TEXT\n",
        "x01.md",
    ),
    "missing-author": ("hello-thread/x01.md", "Date: 2024-05-05\n\nHi\n", "x01.md"),
    "missing-date": ("hello-thread/x01.md", "Author: Sam\n\nHi\n", "x01.md"),
    "bad-date": (
        "hello-thread/x01.md",
        "Author: Sam\nDate: yesterday-ish\n\nHi\n",
        "x01.md:2",
    ),
    "empty-body": ("hello-thread/x01.md", GOOD_HEAD + "\n\n   \n", "x01.md"),
    "invalid-utf8": (
        "hello-thread/x01.md",
        (GOOD_HEAD + "\nline three\n").encode() + b"caf\xe9\n",
        "x01.md:5",
    ),
    "huge-body": ("hello-thread/x01.md", GOOD_HEAD + "\n" + "word " * 5000, "x01.md"),
    "duplicate-id": (
        "hello-thread/c001.markdown",
        GOOD_HEAD + "\nTwin\n",
        "c001.markdown",
    ),
    "bad-status": (
        "hello-thread/x01.md",
        GOOD_HEAD + "Status: maybe\n\nHi\n",
        "x01.md:3",
    ),
    "bad-type": (
        "hello-thread/x01.md",
        GOOD_HEAD + "Type: trackback\n\nHi\n",
        "x01.md:3",
    ),
    "pingback-without-source": (
        "hello-thread/x01.md",
        GOOD_HEAD + "Type: pingback\nTitle: T\n\nHi\n",
        "x01.md",
    ),
    "bad-website": (
        "hello-thread/x01.md",
        GOOD_HEAD + "Website: javascript:alert(1)\n\nWEBSITE-TEXT\n",
        "x01.md:3",
    ),
    "bad-id": ("hello-thread/bad id!.md", GOOD_HEAD + "\nHi\n", "bad id!.md"),
    "stray-file": ("loose.md", GOOD_HEAD + "\nHi\n", "loose.md"),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_each_bad_input_gives_exactly_one_warning_naming_the_file(
    fixture_content, site_builder, kind
):
    relative, data, named = BAD_INPUTS[kind]
    content = fixture_content("comments_threaded")
    target = content / "comments" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        target.write_bytes(data)
    else:
        target.write_text(data, encoding="utf-8")
    result = site_builder(content)
    assert len(result.warnings) == 1, result.warnings
    message = result.warnings[0]
    assert message.startswith("comments: ")
    assert named in message
    assert "Traceback" not in message
    # The rest of the thread still renders.
    page = result.read(THREAD)
    assert 'id="comment-c001"' in page
    if kind == "missing-parent":
        assert "top-level" in message
        soup = BeautifulSoup(page, "html.parser")
        assert soup.select_one("ol.comment-list > li#comment-x01")
    if kind == "bad-website":
        assert "WEBSITE-TEXT" in page
        assert "javascript:" not in page


def test_reply_cycle_gives_one_warning_and_shows_the_thread(
    fixture_content, site_builder
):
    content = fixture_content("comments_threaded")
    folder = content / "comments" / "hello-thread"
    (folder / "y01.md").write_text(GOOD_HEAD + "Replyto: y02\n\nCYCLE-ONE\n")
    (folder / "y02.md").write_text(
        "Author: Lee\nDate: 2024-05-06T10:00:00\nReplyto: y01\n\nCYCLE-TWO\n"
    )
    result = site_builder(content)
    assert len(result.warnings) == 1
    assert "y01.md" in result.warnings[0]
    assert "reply cycle (y01 → y02 → y01)" in result.warnings[0]
    soup = BeautifulSoup(result.read(THREAD), "html.parser")
    assert soup.select_one("ol.comment-list > li#comment-y01 li#comment-y02")


def test_unknown_comments_value_warns_once(fixture_content, site_builder):
    content = fixture_content("comments_threaded")
    post = content / "posts" / "quiet-post.md"
    post.write_text(post.read_text().replace("Slug:", "Comments: maybe\nSlug:"))
    result = site_builder(content)
    assert len(result.warnings) == 1
    assert "quiet-post.md" in result.warnings[0]


# --- Caching: with Pelican's content cache on, nothing stale survives ---

CACHED = {
    "CACHE_CONTENT": True,
    "LOAD_CONTENT_CACHE": True,
    "PLUGINS": ["pelican.plugins.common_ground_comments"],
}


def cached_build(content: Path, output: Path) -> tuple[list[str], str]:
    """Build in a fresh interpreter, as `make html` does, with caching on.

    Signal receivers connected by other plugins in this test process would
    otherwise leak into the build; only the comments plugin is loaded here.
    """
    result = build_site_in_fresh_process(content, output, overrides=CACHED)
    return result.warnings, (output / THREAD).read_text(encoding="utf-8")


def test_rebuilds_with_content_caching_follow_every_comment_change(
    fixture_content, tmp_path
):
    content = fixture_content("comments_threaded")
    output = tmp_path / "output"
    folder = content / "comments" / "hello-thread"
    warnings, page = cached_build(content, output)
    assert warnings == []
    assert any(
        p.name.startswith("ArticlesGenerator") for p in (tmp_path / "cache").iterdir()
    )

    (folder / "c100.md").write_text(GOOD_HEAD + "\nADDED-COMMENT\n")
    warnings, page = cached_build(content, output)
    assert warnings == []
    assert "ADDED-COMMENT" in page
    assert "7 Responses" in page

    (folder / "c100.md").write_text(GOOD_HEAD + "\nEDITED-COMMENT\n")
    _, page = cached_build(content, output)
    assert "EDITED-COMMENT" in page
    assert "ADDED-COMMENT" not in page

    (folder / "c100.md").unlink()
    _, page = cached_build(content, output)
    assert "EDITED-COMMENT" not in page
    assert "6 Responses" in page

    (folder / "c006.md").write_text(
        (folder / "c006.md").read_text().replace("pending", "published")
    )
    _, page = cached_build(content, output)
    assert "PENDING-MARKER" in page

    c002 = folder / "c002.md"
    c002.write_text(c002.read_text().replace("Thank you, Sam.", "Thanks again."))
    _, page = cached_build(content, output)
    assert "Thank you, Sam." not in page
    assert "Thanks again." in page


# --- Pingbacks in a real build ---


@pytest.fixture
def pingback_site(fixture_content, site_builder):
    return site_builder(fixture_content("pingbacks_site"))


def test_internal_pingbacks_in_a_real_build(pingback_site):
    assert pingback_site.warnings == []
    soup = BeautifulSoup(pingback_site.read("posts/a-target/index.html"), "html.parser")
    items = soup.select("ol.pingback-list > li")
    assert [li["id"] for li in items] == ["pingback-b-filename", "pingback-c-url"]
    assert soup.find(id="comments-title").get_text() == (
        "2 Responses to “The First Lesson”"
    )
    first = items[0]
    assert first.find("a").get_text() == "The Second Lesson"
    assert first.find("a")["href"].endswith("posts/b-filename/")
    assert first.find("time")["datetime"].startswith("2024-01-10T05:54")
    assert first.find(class_="pingback-excerpt").get_text() == (
        "[…] After my first lesson, I knew I had to stop treating calls as contests "
        "and […]"
    )
    ping_urls = [
        c["properties"]["url"][0]
        for c in entry_of(pingback_site, "posts/a-target/index.html")["properties"][
            "comment"
        ]
    ]
    assert ping_urls == [f"{SITE}/posts/b-filename/", f"{SITE}/posts/c-url/"]
    second = BeautifulSoup(
        pingback_site.read("posts/b-filename/index.html"), "html.parser"
    )
    assert [li["id"] for li in second.select("ol.pingback-list > li")] == [
        "pingback-c-url"
    ]
    selfish = BeautifulSoup(
        pingback_site.read("posts/e-self/index.html"), "html.parser"
    )
    assert selfish.find(id="comments") is None
    assert "d-draft" not in pingback_site.read("posts/a-target/index.html")


def test_pingbacks_can_be_turned_off(fixture_content, site_builder):
    result = site_builder(
        fixture_content("pingbacks_site"), overrides={"COMMENTS_PINGBACKS": False}
    )
    assert "pingback-list" not in result.read("posts/a-target/index.html")


def test_showcase_threads_render(showcase):
    page = showcase.read("posts/first-thing-i-learned-from-sales/index.html")
    soup = BeautifulSoup(page, "html.parser")
    heading = soup.find(id="comments-title").get_text()
    assert re.fullmatch(r"\d+ Responses? to “.+”", heading)
    assert soup.select("li.comment")
    assert soup.select("li.pingback")
    assert "Status: pending" not in page


def test_a_translation_shares_the_thread_without_double_warnings(
    fixture_content, site_builder
):
    content = fixture_content("comments_threaded")
    (content / "posts" / "hello-thread-fr.md").write_text(
        "Title: Bonjour le fil\nDate: 2024-05-01 09:00\nCategory: Conversations\n"
        "Slug: hello-thread\nLang: fr\nAuthor: Dana Whitfield\n\nUn billet.\n",
        encoding="utf-8",
    )
    (content / "comments" / "hello-thread" / "x01.md").write_text(
        GOOD_HEAD + "Replyto: c999\n\nORPHAN-TEXT\n", encoding="utf-8"
    )
    seen = {}

    def capture(generator, writer):
        seen.update(generator.context["comment_stats"])

    signals.article_writer_finalized.connect(capture)
    try:
        result = site_builder(content)
    finally:
        signals.article_writer_finalized.disconnect(capture)
    assert len(result.warnings) == 1
    assert "x01.md" in result.warnings[0]
    assert seen["published"] == 7
    translated = next(result.output.rglob("hello-thread-fr*"))
    page = translated.read_text(encoding="utf-8")
    assert "ORPHAN-TEXT" in page
    assert "7 Responses" in page


def test_a_title_given_twice_does_not_stop_the_thread(tmp_path, site_builder):
    # Pelican hands a repeated metadata key over as a list; `make check` reports it.
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "posts/twice.md").write_text(
        "Title: First title\nTitle: Second title\nDate: 2024-01-01\nSlug: twice\n\nT.\n"
    )
    (content / "comments/twice").mkdir(parents=True)
    (content / "comments/twice/c1.md").write_text(
        "Author: Ana\nDate: 2024-02-01T10:00:00\n\nStill here.\n"
    )
    result = site_builder(
        content, overrides={"SITEURL": "https://example.org", "RELATIVE_URLS": False}
    )
    assert "Still here." in result.read("posts/twice/index.html")
    feed = feedparser.parse(result.read("feeds/comments.atom.xml"))
    assert feed.entries[0].title == "Ana on “First title”"


def test_archives_show_comment_counts_too(threaded):
    soup = BeautifulSoup(threaded.read("archives/index.html"), "html.parser")
    counts = {
        li.select_one(".p-name").get_text(strip=True): li.select_one(
            ".post-comments a"
        ).get_text()
        for li in soup.select(".archive-list li")
        if li.select_one(".post-comments")
    }
    assert counts == {
        "Hello Thread": "5 comments, 1 mention",
        "Closed For Comments": "1 comment",
        "A Quiet Post": "Leave a comment",
    }
