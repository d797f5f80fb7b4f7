"""Bylines, archives, responses and search of the reader_way fixture in Chromium.

At a phone width and a desktop width: no two boxes of a row overlap, a byline's
"·" never starts a line, a count never splits across lines, and without the
stylesheet the byline still reads with its separators.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser.chromium import PageWatch
from browser.site_server import serve
from playwright.sync_api import Browser, Page
from sitebuild import build_site

pytestmark = [pytest.mark.browser]

FIXTURE = Path(__file__).parent / "fixtures" / "reader_way"
WIDTHS = [360, 1280]
PAGES = ["/archives/", "/posts/part-one/", "/series/reading-path/", "/"]

# Every pair of boxes that must not overlap, as [selector of a row, selector of
# its parts]: archive rows (date, entry) and the items of every byline.
OVERLAPS = """
rows => rows.flatMap(([rowSel, partSel]) =>
  [...document.querySelectorAll(rowSel)].flatMap(row => {
    const boxes = [...row.querySelectorAll(partSel)]
      .filter(e => e.parentElement.closest(rowSel) === row)
      .flatMap(e => [...e.getClientRects()].map(r => [e, r]));
    const hits = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, ra] = boxes[i], [b, rb] = boxes[j];
        if (a.contains(b) || b.contains(a)) continue;
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (w > 0.5 && h > 0.5)
          hits.push(a.textContent.trim() + " / " + b.textContent.trim());
      }
    return hits;
  }))
"""

# A separator that starts a line: its box is not on the line where the content
# before it ends, or it sits at the byline's left edge.
ORPHANED_SEPARATORS = """
() => [...document.querySelectorAll('.byline-sep')].filter(sep => {
  const mark = sep.getClientRects()[0];
  const range = document.createRange();
  range.setStart(sep.parentElement, 0);
  range.setEndBefore(sep);
  const before = [...range.getClientRects()].filter(r => r.width > 0).pop();
  const line = sep.closest('.byline').getBoundingClientRect();
  return Math.abs(mark.bottom - before.bottom) > 2 || mark.left <= line.left + 1;
}).map(sep => sep.parentElement.textContent.trim())
"""

# Elements whose boxes lie on more than one line (Chromium gives a text run
# and an inline child separate boxes on the same line).
WRAPPED_LINES = """
sel => [...document.querySelectorAll(sel)].filter(e =>
  new Set([...e.getClientRects()].map(r => Math.round(r.bottom))).size > 1
).map(e => e.textContent)
"""


@pytest.fixture(scope="module")
def reader_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the fixture built with its search index."""
    output = tmp_path_factory.mktemp("reader_browser") / "output"
    build_site(FIXTURE, output)
    with serve(output) as url:
        yield url


def _page(chromium: Browser, width: int) -> Page:
    return chromium.new_context(viewport={"width": width, "height": 900}).new_page()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_bylines_and_archive_rows_lay_out_cleanly(chromium, reader_url, path, width):
    page = _page(chromium, width)
    try:
        watch = PageWatch().attach(page)
        page.goto(reader_url + path, wait_until="networkidle")
        overlaps = page.evaluate(
            OVERLAPS,
            [[".archive-list li", ":scope > *"], [".byline", ".byline-item"]],
        )
        orphaned = page.evaluate(ORPHANED_SEPARATORS)
        split = page.evaluate(WRAPPED_LINES, ".post-comments a, .reading-time")
        wide = page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.context.close()
    assert overlaps == []
    assert orphaned == []
    assert split == []
    assert wide <= width
    assert watch.failed == watch.console_errors == []


def test_a_phone_wraps_the_byline_between_items(chromium, reader_url):
    page = _page(chromium, 360)
    try:
        page.goto(reader_url + "/posts/part-one/", wait_until="networkidle")
        lines = page.evaluate(
            """() => {
              const byline = document.querySelector('.post-header .byline');
              const tops = [...byline.querySelectorAll('.byline-item')]
                .flatMap(e => [...e.getClientRects()].map(r => Math.round(r.top)));
              return new Set(tops).size;
            }"""
        )
        orphaned = page.evaluate(ORPHANED_SEPARATORS)
    finally:
        page.context.close()
    # The test above means something only if the line does wrap on a phone.
    assert lines > 1
    assert orphaned == []


def test_byline_reads_with_separators_without_the_stylesheet(chromium, reader_url):
    page = _page(chromium, 1280)
    try:
        page.goto(reader_url + "/posts/part-one/", wait_until="networkidle")
        page.evaluate("[...document.styleSheets].forEach(s => { s.disabled = true; })")
        text = page.locator(".post-header .byline").inner_text()
        archive = page.goto(reader_url + "/archives/", wait_until="networkidle")
        assert archive.ok
        page.evaluate("[...document.styleSheets].forEach(s => { s.disabled = true; })")
        row = page.locator(".archive-list li", has_text="Part One").inner_text()
    finally:
        page.context.close()
    assert " ".join(text.split()) == (
        "November 20, 2023 · Posted in Learning Journal · 2 comments, 2 mentions"
        " · Reading time: 1 min."
    )
    assert "1 min. · 2 comments" in " ".join(row.split())


def test_footer_stays_at_the_bottom_of_a_short_page(chromium, reader_url):
    page = _page(chromium, 1280)
    try:
        page.goto(reader_url + "/category/marketing/", wait_until="networkidle")
        height = page.evaluate("document.documentElement.scrollHeight")
        bottom = page.evaluate(
            "document.querySelector('.site-footer').getBoundingClientRect().bottom"
        )
    finally:
        page.context.close()
    assert height <= 900, "the page must be short for this test to mean anything"
    assert abs(bottom - 900) <= 1


def test_comment_text_is_a_step_smaller_than_the_post(chromium, reader_url):
    page = _page(chromium, 1280)
    try:
        page.goto(reader_url + "/posts/part-one/", wait_until="networkidle")
        sizes = page.evaluate(
            """() => ['.post-body p', '.comment-content p'].map(s =>
                 parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"""
        )
    finally:
        page.context.close()
    post, comment = sizes
    assert 0.8 * post <= comment < post


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(chromium, reader_url, path):
    page = _page(chromium, 1280)
    try:
        page.goto(reader_url + path, wait_until="networkidle")
        violations = [
            (v["id"], [n["target"] for n in v["nodes"]])
            for v in Axe().run(page).response["violations"]
        ]
    finally:
        page.context.close()
    assert violations == []


def test_search_excerpt_skips_the_title_and_marks_the_cut(chromium, reader_url):
    page = _page(chromium, 1280)
    try:
        page.goto(reader_url + "/search/?q=feature", wait_until="networkidle")
        page.locator(".search-results li p").first.wait_for()
        results = page.eval_on_selector_all(
            ".search-results li",
            "items => items.map(li => [li.querySelector('h2').textContent,"
            " li.querySelector('p').textContent])",
        )
    finally:
        page.context.close()
    assert results[0][0] == "Part One: Listen"
    excerpt = results[0][1]
    # The window opened on the title: the heading shows it, the excerpt does not.
    assert excerpt.startswith("The first call of the week")
    # The page goes on after the window: the cut is marked.
    assert excerpt.endswith(" …")
