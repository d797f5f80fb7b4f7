"""The header menu of a few-page site: one line at 1280 px, clean wraps on phones."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import build_site

from common_ground_tools.preview_server import serving

pytestmark = [pytest.mark.browser]

FIXTURE = Path(__file__).parent / "fixtures" / "menu_pages"

# The distinct line positions (rounded bottoms) of the menu's items.
MENU_LINES = """
() => [...new Set([...document.querySelectorAll('.site-nav li')]
  .map(li => Math.round(li.getBoundingClientRect().bottom)))]
"""
# Items that stick out of the viewport or overlap a neighbour on the same line.
MENU_PROBLEMS = """
() => {
  const items = [...document.querySelectorAll('.site-nav li')]
    .map(li => [li.textContent.trim(), li.getBoundingClientRect()]);
  const out = items.filter(([, r]) => r.left < 0 || r.right > innerWidth)
    .map(([t]) => t + ' sticks out');
  for (let i = 1; i < items.length; i++) {
    const [ta, a] = items[i - 1], [tb, b] = items[i];
    if (Math.abs(a.bottom - b.bottom) < 2 && b.left < a.right) out.push(ta + '/' + tb);
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def menu_site(tmp_path_factory):
    output = tmp_path_factory.mktemp("menu") / "output"
    build_site(FIXTURE, output, overrides={"SEARCH_INDEX": False})
    with serving(output) as url:
        yield url


def test_four_pages_fit_the_menu_on_one_line_at_1280px(browser_page, menu_site):
    browser_page.goto(menu_site + "/", wait_until="networkidle")
    names = browser_page.locator(".site-nav li").all_inner_texts()
    assert {"About", "Now", "Uses", "Contact Me", "Search"} <= set(names)
    assert len(browser_page.evaluate(MENU_LINES)) == 1, names
    assert browser_page.evaluate(MENU_PROBLEMS) == []


@pytest.mark.parametrize("width", [320, 360, 414])
def test_on_a_phone_the_menu_wraps_cleanly(chromium, menu_site, width):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(menu_site + "/", wait_until="networkidle")
        assert page.evaluate(MENU_PROBLEMS) == []
        # No horizontal scrolling: the menu wraps instead.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
