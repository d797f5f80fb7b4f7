"""The showcase site in Chromium: clean loads, fits, keyboard, axe, search."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser.chromium import PageWatch
from browser.site_server import serve
from playwright.sync_api import Page
from sitebuild import PROJECT_ROOT, SHOWCASE_CONTENT, build_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"

POST = "/posts/first-thing-i-learned-from-sales/"
PAGES = {
    "index": "/",
    "post": POST,
    "series": "/series/lessons-learned-from-sales/",
    "category": "/category/learning-journal/",
    # Served for a missing address several folders deep, as a static host would.
    "404": "/no/such/page/at/any/depth/",
}
WIDTHS = [360, 1280]


def _open(page: Page, url: str) -> PageWatch:
    """Load a page with a watch attached and wait until the network is idle."""
    watch = PageWatch().attach(page)
    page.goto(url, wait_until="networkidle")
    return watch


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_errors_or_failed_requests(browser_page, site_url, name):
    url = site_url + PAGES[name]
    watch = _open(browser_page, url)
    expected_errors = [f"404 {url}"] if name == "404" else []
    assert watch.http_errors == expected_errors
    assert watch.failed == []
    console = watch.console_errors
    if name == "404":
        # Chromium reports the document's own 404 status on the console.
        console = [m for m in console if "status of 404" not in m]
    assert console == []
    # Everything came from the site itself: no third-party request of any kind.
    hosts = {urlsplit(u).netloc for u in watch.requested if u.startswith("http")}
    assert hosts == {urlsplit(site_url).netloc}


def test_404_page_is_styled_and_its_links_work_at_any_depth(browser_page, site_url):
    _open(browser_page, site_url + PAGES["404"])
    assert browser_page.locator("h1").inner_text() == "Page not found"
    # The stylesheet applied: the skip link is moved off screen by main.css.
    top = browser_page.eval_on_selector(
        ".skip-link", "e => e.getBoundingClientRect().top"
    )
    assert top < 0
    browser_page.get_by_role("link", name="Every post by date").click()
    browser_page.wait_for_load_state()
    assert urlsplit(browser_page.url).path == "/archives/"
    assert browser_page.locator("h1").inner_text() == "Archives"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_overflow_and_screenshot(chromium, site_url, name, width):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        _open(page, site_url + PAGES[name])
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        assert scroll_width <= width, f"{name} is {scroll_width}px wide at {width}px"
    finally:
        context.close()


def test_dark_scheme_follows_the_system_setting(chromium, site_url):
    context = chromium.new_context(
        viewport={"width": 1280, "height": 800}, color_scheme="dark"
    )
    page = context.new_page()
    try:
        _open(page, site_url + POST)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "post-1280-dark.png", full_page=True)
    finally:
        context.close()
    assert background == "rgb(22, 27, 26)"


def test_print_stylesheet_drops_navigation_and_prints_black_on_white(
    browser_page, site_url
):
    _open(browser_page, site_url + POST)
    browser_page.emulate_media(media="print", color_scheme="dark")
    nav = browser_page.eval_on_selector(
        "nav[aria-label='Site']", "e => getComputedStyle(e).display"
    )
    colors = browser_page.evaluate(
        "[getComputedStyle(document.body).color,"
        " getComputedStyle(document.body).backgroundColor]"
    )
    assert nav == "none"
    assert colors == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]


def _tab_until(page: Page, predicate: str, limit: int = 200) -> int:
    """Press Tab until `predicate` (JS on document.activeElement) holds."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(e => Boolean({predicate}))(document.activeElement)"):
            return count
    pytest.fail(f"Tab never reached an element where {predicate}")


@pytest.fixture(scope="module")
def form_site_url(tmp_path_factory):
    """Serve the showcase built with a comment form endpoint instead of email."""
    output = tmp_path_factory.mktemp("form-site") / "output"
    build_site(
        SHOWCASE_CONTENT,
        output,
        overrides={
            "COMMENTS_FORM_ENDPOINT": "https://comments.example.org/entry",
            "SEARCH_INDEX": False,
        },
    )
    with serve(output) as url:
        yield url


def test_tab_reaches_the_comment_form_fields(chromium, form_site_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        watch = _open(page, form_site_url + POST)
        _tab_until(page, "e.closest('nav[aria-label=\"Series\"]') !== null")
        _tab_until(page, "e.tagName === 'TEXTAREA' && e.form !== null")
        label = page.evaluate("document.activeElement.labels[0].textContent")
        violations = [v["id"] for v in Axe().run(page).response["violations"]]
    finally:
        context.close()
    assert label.startswith("Comment")
    assert violations == []
    assert watch.failed == watch.console_errors == []


def test_skip_link_is_first_and_moves_focus_to_main(browser_page, site_url):
    _open(browser_page, site_url + POST)
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    assert browser_page.evaluate(
        "document.activeElement.getBoundingClientRect().top >= 0"
    )
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main"
    assert urlsplit(browser_page.url).fragment == "main"
    # The next Tab continues inside the content, not back in the header.
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("document.activeElement.closest('main') !== null")


def test_tab_reaches_series_navigation_then_comment_form(browser_page, site_url):
    _open(browser_page, site_url + POST)
    series_presses = _tab_until(
        browser_page, "e.closest('nav[aria-label=\"Series\"]') !== null"
    )
    # "Got something to say?": a form when an endpoint is configured, otherwise the
    # mail link that opens a comment template (the showcase default).
    form_presses = _tab_until(browser_page, "e.closest('#respond') !== null")
    assert series_presses >= 1
    assert form_presses >= 1
    # Focus is visible where it lands: a real outline, not the browser default off.
    outline = browser_page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle"
    )
    assert outline != "none"


@pytest.mark.parametrize("name", PAGES)
def test_axe_reports_no_violations(browser_page, site_url, name):
    _open(browser_page, site_url + PAGES[name])
    result = Axe().run(browser_page)
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in result.response["violations"]
    ]
    assert violations == []


def test_dark_scheme_has_no_axe_violations(chromium, site_url):
    context = chromium.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        _open(page, site_url + POST)
        violations = [v["id"] for v in Axe().run(page).response["violations"]]
    finally:
        context.close()
    assert violations == []


def test_search_finds_the_expected_post(browser_page, site_url):
    watch = _open(browser_page, site_url + "/search/")
    browser_page.get_by_label("Words to look for").fill("bookkeeping practice")
    browser_page.keyboard.press("Enter")
    # Typing runs searches for the partial words first; wait for the full query's
    # answer, not the first list that appears.
    browser_page.wait_for_function(
        "document.getElementById('search-status').textContent"
        ".includes('“bookkeeping practice”')"
    )
    first = browser_page.locator(".search-results li a").first
    first.wait_for()
    hrefs = browser_page.eval_on_selector_all(
        ".search-results a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert POST in hrefs
    assert "posts match" in browser_page.locator("#search-status").inner_text()
    assert urlsplit(browser_page.url).query == "q=bookkeeping+practice"
    assert watch.console_errors == []
    assert watch.failed == []


def test_search_query_in_the_address_runs_on_load(browser_page, site_url):
    _open(browser_page, site_url + "/search/?q=invitation")
    browser_page.locator(".search-results li a").first.wait_for()
    assert browser_page.locator("#search-query").input_value() == "invitation"
    links = browser_page.locator(".search-results li a").all_inner_texts()
    assert any("Invitation" in text for text in links)


def test_search_page_with_results_has_no_axe_violations(browser_page, site_url):
    _open(browser_page, site_url + "/search/?q=listening")
    browser_page.locator(".search-results li a").first.wait_for()
    violations = [v["id"] for v in Axe().run(browser_page).response["violations"]]
    assert violations == []


def test_nonsense_query_says_nothing_matched(browser_page, site_url):
    _open(browser_page, site_url + "/search/?q=zzqxjv")
    status = browser_page.locator("#search-status")
    status.filter(has_text="No posts match").wait_for()
    assert browser_page.locator(".search-results li").count() == 0


def test_post_reads_without_javascript(chromium, site_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        watch = _open(page, site_url + POST)
        assert page.locator("h1").count() == 1
        assert page.locator("nav[aria-label='Series'] a[rel='next']").count() == 1
        respond = page.locator("#respond")
        assert respond.locator("form textarea, a[href^='mailto:']").count() >= 1
        search = _open(page, site_url + "/search/")
        notice = page.locator("noscript").first
        assert "needs JavaScript" in (notice.text_content() or "")
        assert page.get_by_role("link", name="Every post by date").is_visible()
    finally:
        context.close()
    assert watch.failed == search.failed == []


def test_screenshots_are_written_where_the_gitignore_expects():
    ignored = (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "test-artifacts/" in ignored
    assert Path(SCREENSHOTS).is_relative_to(PROJECT_ROOT / "test-artifacts")
