"""Pinned packages: what building needs, apart from what testing needs."""

from __future__ import annotations

import re

from sitebuild import PROJECT_ROOT

PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[a-z,]+\])?==[0-9][^\s;]*$")
TEST_ONLY = {"pytest", "playwright", "axe-playwright-python", "hypothesis", "ruff"}


def requirement_lines(name: str) -> list[str]:
    text = (PROJECT_ROOT / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def names(lines: list[str]) -> set[str]:
    return {line.split("==")[0].lower() for line in lines if "==" in line}


def test_every_package_is_pinned_exactly():
    for name in ("requirements.txt", "requirements-inbox.txt", "requirements-test.txt"):
        for line in requirement_lines(name):
            includes = ("-r requirements.txt", "-r requirements-inbox.txt")
            assert line in includes or PIN.match(line), (name, line)


def test_the_inbox_adds_its_server_to_building_and_tests_include_it():
    build = names(requirement_lines("requirements.txt"))
    inbox = requirement_lines("requirements-inbox.txt")
    assert "-r requirements.txt" in inbox
    assert "waitress" in names(inbox)
    assert {"flask", "werkzeug"} <= build | names(inbox)
    assert not build & names(inbox)
    assert not names(inbox) & TEST_ONLY
    assert "-r requirements-inbox.txt" in requirement_lines("requirements-test.txt")
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^inbox: \$\(INBOX_STAMP\)", makefile, re.M)


def test_building_installs_no_test_tool_and_testing_adds_to_building():
    build = names(requirement_lines("requirements.txt"))
    test = requirement_lines("requirements-test.txt")
    assert {"pelican", "markdown", "beautifulsoup4", "nh3", "pagefind"} <= build
    assert not build & TEST_ONLY
    assert "-r requirements.txt" in test
    assert names(test) >= TEST_ONLY
    assert not build & names(test)


def test_make_html_installs_only_the_build_requirements():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    html = re.search(r"^html: (.*)$", makefile, re.M)
    test = re.search(r"^test: (.*)$", makefile, re.M)
    assert html is not None
    assert test is not None
    assert html[1].split("##")[0].split() == ["$(STAMP)"]
    assert "$(TEST_STAMP)" in test[1]
    assert re.search(
        r"^\$\(STAMP\): requirements\.txt pyproject\.toml$", makefile, re.M
    )
