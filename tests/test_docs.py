"""The README and docs/: links resolve, every plugin setting is documented."""

from __future__ import annotations

import importlib
import re

import pytest
from sitebuild import PROJECT_ROOT, SHOWCASE_CONTENT

DOCS = PROJECT_ROOT / "docs"
LINK = re.compile(r"\]\(((?!https?:|mailto:|#)[^)#\s]+)(#[^)\s]*)?\)")
# Examples of what authors write (`{filename}` links) are code, not links.
FENCED = r"^```.*?^```"
INLINE = r"`([^`\n]+)`"
CODE = re.compile(f"{FENCED}|{INLINE}", re.MULTILINE | re.DOTALL)
FRAGMENT_LINK = re.compile(r"\]\(((?!https?:|mailto:)[^)#\s]*)#([^)\s]+)\)")
# A command as the docs quote it: `make html`, `make serve PORT=8001`, or in a block.
MAKE_COMMAND = re.compile(r"(?:^|`)make ([a-z][\w-]*)", re.MULTILINE)
HELP_TARGET = re.compile(r"^([a-zA-Z_-]+):.*?## ", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.MULTILINE)


def heading_anchors(markdown: str) -> set[str]:
    """Return the ids GitHub gives the headings of a Markdown page."""
    prose = re.sub(FENCED, "", markdown, flags=re.MULTILINE | re.DOTALL)
    anchors = set()
    for heading in HEADING.findall(re.sub(INLINE, r"\1", prose)):
        text = re.sub(r"[^\w\- ]", "", heading.lower())
        anchors.add(text.replace(" ", "-"))
    return anchors


def documentation() -> dict[str, str]:
    pages = {"README.md": (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")}
    for page in sorted(DOCS.glob("*.md")):
        pages[f"docs/{page.name}"] = page.read_text(encoding="utf-8")
    return pages


def plugin_names() -> list[str]:
    """Return the plugins that have settings (a config.py with DEFAULTS)."""
    return sorted(
        p.name
        for p in (PROJECT_ROOT / "plugins").iterdir()
        if (p / "config.py").is_file()
    )


def test_the_readme_opens_with_a_picture_and_the_two_commands():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    top = readme[:2500]
    assert "![" in top
    assert "make html" in top
    assert "make test" in top
    assert len(readme.splitlines()) < 120


def test_make_it_yours_names_settings_and_files_the_project_has():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Make it yours", 1)[1].split("\n## ", 1)[0]
    conf = "\n".join(
        (PROJECT_ROOT / name).read_text(encoding="utf-8")
        for name in ("pelicanconf.py", "publishconf.py")
    )
    settings = re.findall(r"`([A-Z][A-Z0-9_]+)`", section)
    assert {"SITENAME", "AUTHOR", "TIMEZONE", "COMMENTS_EMAIL"} <= set(settings)
    for setting in settings:
        assert re.search(rf"\b{setting}\b", conf), f"{setting} is in no settings file"
    paths = re.findall(r"`(content/[^`]+)`", section)
    assert "content/posts/" in paths
    # The samples the steps delete: content/ holds them until the author
    # follows the steps; the showcase fixture is a copy of them that stays.
    for path in paths:
        assert (SHOWCASE_CONTENT.parent / path).exists(), (
            f"Make it yours names missing {path}"
        )


def test_every_relative_link_in_the_docs_resolves():
    for name, text in documentation().items():
        base = (PROJECT_ROOT / name).parent
        for target, _ in LINK.findall(CODE.sub("", text)):
            assert (base / target).exists(), f"{name} links to missing {target}"


def test_every_link_to_a_section_finds_its_heading():
    pages = documentation()
    for name, text in pages.items():
        base = (PROJECT_ROOT / name).parent
        for target, fragment in FRAGMENT_LINK.findall(CODE.sub("", text)):
            page = (base / target).resolve() if target else PROJECT_ROOT / name
            key = page.relative_to(PROJECT_ROOT).as_posix()
            assert fragment in heading_anchors(pages[key]), (
                f"{name} links to {target}#{fragment}: no such heading"
            )


def test_every_make_command_named_is_a_target_make_help_lists():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(HELP_TARGET.findall(makefile))
    assert {"html", "test", "help"} <= targets
    for name, text in documentation().items():
        named = set(MAKE_COMMAND.findall(text))
        assert named - targets == set(), f"{name} names unknown make targets"


def test_heading_anchors_are_githubs():
    text = "# Old addresses: `Aliases:` and the plugin\n## The README's screenshot\n"
    assert heading_anchors(text) == {
        "old-addresses-aliases-and-the-plugin",
        "the-readmes-screenshot",
    }


def test_code_examples_are_not_taken_for_links():
    text = "```markdown\n[a]({filename}/x.md)\n```\n`[b](nowhere.md)` [c](here.md)"
    assert LINK.findall(CODE.sub("", text)) == [("here.md", "")]


@pytest.mark.parametrize("plugin", plugin_names())
def test_every_plugin_setting_is_documented(plugin):
    config = importlib.import_module(f"pelican.plugins.{plugin}.config")
    text = "\n".join(documentation().values())
    missing = [name for name in config.DEFAULTS if f"`{name}`" not in text]
    assert missing == [], f"{plugin}: settings not in README.md or docs/: {missing}"


def test_every_inbox_setting_is_documented():
    settings = importlib.import_module("common_ground_tools.inbox.settings")
    text = (PROJECT_ROOT / "docs" / "inbox.md").read_text(encoding="utf-8")
    missing = [name for name in settings.DEFAULTS if f"`{name}`" not in text]
    assert missing == []
