"""Every generated page is valid HTML (Nu Html Checker) and every reference resolves."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import PUBLISHED_SITEURL
from linkcheck import broken_references
from sitebuild import PROJECT_ROOT

pytestmark = pytest.mark.slow

VNU = PROJECT_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REFERENCES = {"a": "href", "link": "href", "img": "src", "script": "src"}


def nu_errors(*folders: Path) -> list[str]:
    """Run vnu once over whole folders; return 'file:line: message' per error."""
    java = shutil.which("java")
    assert java, "Java is needed for the Nu Html Checker (see .ci/run)"
    assert VNU.is_file(), "run `npm ci` (make test does) to install vnu-jar"
    command = [java, "-jar", str(VNU), "--errors-only", "--format", "json"]
    command += ["--stdout", "--exit-zero-always", "--skip-non-html"]
    done = subprocess.run(
        [*command, *map(str, folders)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = json.loads(done.stdout)["messages"]
    return [
        f"{m.get('url', '?')}:{m.get('lastLine', '?')}: {m.get('message')}"
        for m in messages
    ]


def test_nu_html_checker_finds_no_errors(showcase, published):
    pages = list(showcase.output.rglob("*.html")) + list(
        published.output.rglob("*.html")
    )
    assert len(pages) > 60
    assert nu_errors(showcase.output, published.output) == []


def test_nu_html_checker_catches_a_broken_page(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a">x</p><p id="a"><img src="x.png"></p></body></html>',
        encoding="utf-8",
    )
    errors = nu_errors(tmp_path)
    assert any("Duplicate ID" in e for e in errors)
    assert any("alt" in e for e in errors)


def _published_target(output: Path, reference: str) -> Path | None:
    """Map an absolute URL on the public site to the file that must serve it."""
    if not reference.startswith(PUBLISHED_SITEURL + "/"):
        return None
    path = unquote(urlsplit(reference).path)
    target = output / path.lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def test_development_build_references_resolve(showcase):
    assert broken_references(showcase.output) == []


def test_published_build_references_resolve(published):
    problems = []
    for page in sorted(published.output.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for name, attribute in REFERENCES.items():
            for tag in soup.find_all(name):
                target = _published_target(published.output, tag.get(attribute, ""))
                if target is not None and not target.exists():
                    problems.append(f"{page.relative_to(published.output)}: {target}")
    assert problems == []
    # Relative references would break in feeds and on the 404 page.
    relative = [
        str(page)
        for page in published.output.rglob("*.html")
        if 'href="../' in page.read_text(encoding="utf-8")
    ]
    assert relative == []


def test_published_build_has_no_warnings(published):
    assert published.warnings == []
