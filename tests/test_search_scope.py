"""Which files the search plugin lets Pagefind read: pure glob logic and a build."""

import pytest
from search.scope import has_body_mark, index_glob

MARKED = "<main data-pagefind-body><h1>Hi</h1></main>"


@pytest.mark.parametrize(
    ("html", "marked"),
    [
        (MARKED.encode(), True),
        (b"<DIV DATA-PAGEFIND-BODY>x</DIV>", True),
        (b"<main><h1>Tagged</h1></main>", False),
        (b"", False),
    ],
)
def test_has_body_mark(html, marked):
    assert has_body_mark(html) is marked


@pytest.mark.parametrize(
    ("pages", "glob"),
    [
        # Posts and a page are read; listings and the home page are left out.
        (
            [
                ("index.html", False),
                ("posts/a/index.html", True),
                ("posts/b/index.html", True),
                ("tag/x/index.html", False),
                ("about/index.html", True),
            ],
            "{about/**/*.html,posts/**/*.html}",
        ),
        (
            [("posts/a/index.html", True), ("tag/x/index.html", False)],
            "posts/**/*.html",
        ),
        # A marked file at the top level is named on its own.
        ([("hello.html", True), ("index.html", False)], "hello.html"),
        # No marked page: Pagefind indexes every page, so it must read them all.
        ([("index.html", False), ("tag/x/index.html", False)], None),
        # Every page marked: nothing to leave out.
        ([("posts/a/index.html", True)], None),
        ([], None),
        # Folder names that would need escaping in a glob: read everything.
        ([("we{ird}/index.html", True), ("index.html", False)], None),
    ],
)
def test_index_glob(pages, glob):
    assert index_glob(pages) == glob


def test_glob_is_independent_of_page_order():
    pages = [("b/index.html", True), ("a/index.html", True), ("index.html", False)]
    assert index_glob(pages) == index_glob(list(reversed(pages)))
