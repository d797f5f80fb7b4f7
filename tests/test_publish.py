"""`make publish`: atomic, loud on warnings, and never leaves a half-written site."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from processes import stop_all
from sitebuild import PROJECT_ROOT, SHOWCASE_PUBLISH_SETTINGS, extending

from common_ground_tools.publish import publish
from common_ground_tools.publish_state import marker_path, verify_published

# Pelican warns about an image whose alt text is empty; `make check` does not look.
NO_ALT_IMAGE = '\n<img alt="" src="{static}/images/square.svg">\n'
PUBLISH = [sys.executable, str(PROJECT_ROOT / "tools" / "publish.py")]


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(parent: Path) -> list[str]:
    return sorted(
        p.name
        for p in parent.iterdir()
        if p.name.startswith(".publish-") and p.name != ".publish-state"
    )


EXTENDS_PUBLISHCONF = extending(SHOWCASE_PUBLISH_SETTINGS)


def run(content: Path, output: Path, capsys, **kwargs) -> tuple[int, str]:
    status = publish(content, output, SHOWCASE_PUBLISH_SETTINGS, **kwargs)
    return status, capsys.readouterr().out


@pytest.fixture
def site(fixture_content, tmp_path):
    """Return a fresh content tree and the output folder to publish it into."""
    content = fixture_content("site_minimal")
    output = tmp_path / "output"
    return content, output


@pytest.fixture
def published(site, capsys):
    content, output = site
    status, said = run(content, output, capsys)
    assert status == 0, said
    return content, output, hashes(output)


def test_publish_builds_the_site_and_records_success(published):
    _, output, before = published
    assert (output / "index.html").is_file()
    assert "posts/a-first-post/index.html" in before
    record = json.loads(marker_path(output).read_text())
    assert record["status"] == "ok"
    assert record["files"] == len(before)
    assert verify_published(output) is None
    assert leftovers(output.parent) == []


def test_publish_uses_publishconf(published):
    _, output, _ = published
    html = (output / "posts/a-first-post/index.html").read_text()
    assert 'href="https://common-ground.example.org/' in html
    assert (output / "feeds/all.atom.xml").is_file()


def test_a_second_publish_replaces_the_whole_folder(published, capsys):
    content, output, _ = published
    (output / "stale.html").write_text("left over from an older build")
    post = content / "posts/first-post.md"
    post.write_text(post.read_text().replace("Listening comes first.", "Renewed."))
    status, said = run(content, output, capsys)
    assert status == 0, said
    assert not (output / "stale.html").exists()
    assert "Renewed." in (output / "posts/a-first-post/index.html").read_text()
    assert leftovers(output.parent) == []


def test_an_injected_content_error_leaves_the_output_untouched(published, capsys):
    content, output, before = published
    post = content / "posts/second-post.md"
    post.write_text(post.read_text().replace("Date: ", "Date: not-a-date ", 1))
    status, said = run(content, output, capsys)
    assert status == 1
    assert hashes(output) == before
    assert f"{post}:2: error: unparseable Date" in said
    assert "publish: FAILED: the content check found 1 error(s)" in said
    assert "left as it was" in said
    assert json.loads(marker_path(output).read_text())["status"] == "failed"
    assert leftovers(output.parent) == []


def test_an_injected_warning_fails_publish_and_is_listed(published, capsys):
    content, output, before = published
    post = content / "posts/second-post.md"
    post.write_text(post.read_text() + NO_ALT_IMAGE)
    status, said = run(content, output, capsys)
    assert status == 1
    assert hashes(output) == before
    warnings = said.split("publish: 1 warning(s) during the build:", 1)[1]
    assert "Empty alt attribute for image square.svg" in warnings
    assert "second-post.md" in warnings
    assert "FAILED: 1 warning(s) during the build" in said
    assert leftovers(output.parent) == []


def test_allow_warnings_publishes_anyway_but_still_lists_them(published, capsys):
    content, output, before = published
    post = content / "posts/second-post.md"
    post.write_text(post.read_text() + NO_ALT_IMAGE)
    status, said = run(content, output, capsys, allow_warnings=True)
    assert status == 0
    assert "Empty alt attribute for image square.svg" in said
    assert hashes(output) != before
    assert verify_published(output) is None


def test_a_broken_internal_link_in_the_built_site_fails_publish(published, capsys):
    content, output, before = published
    post = content / "posts/second-post.md"
    post.write_text(post.read_text() + '\n<a href="/posts/nowhere/">gone</a>\n')
    status, said = run(content, output, capsys)
    assert status == 1
    assert "broken internal reference: posts/a-second-post/index.html" in said
    assert hashes(output) == before


def test_a_crashing_build_leaves_the_output_untouched(published, capsys, tmp_path):
    content, output, before = published
    settings = tmp_path / "brokenconf.py"
    settings.write_text(
        EXTENDS_PUBLISHCONF + 'DIRECT_TEMPLATES = ["index", "no-such-template"]\n'
    )
    status = publish(content, output, settings)
    said = capsys.readouterr().out
    assert status == 1
    assert "FAILED: the build crashed" in said
    assert "no-such-template" in said
    assert hashes(output) == before
    assert leftovers(output.parent) == []


def test_a_bad_setting_fails_publish_before_building(published, capsys, tmp_path):
    content, output, before = published
    settings = tmp_path / "badconf.py"
    settings.write_text(EXTENDS_PUBLISHCONF + 'TIMEZONE = "Mars/Olympus"\n')
    status = publish(content, output, settings)
    said = capsys.readouterr().out
    assert status == 1
    assert (
        "publish: bad setting TIMEZONE='Mars/Olympus': expected a time zone name "
        "such as 'Europe/Paris' or 'UTC'"
    ) in said
    assert "publish: FAILED: 1 bad setting(s) in badconf.py" in said
    assert "building with" not in said
    assert hashes(output) == before
    assert leftovers(output.parent) == []


def test_a_failed_first_publish_creates_no_output(site, capsys):
    content, output = site
    (content / "posts/first-post.md").write_text("Date: 2024-01-01\n\nNo title.\n")
    status, said = run(content, output, capsys)
    assert status == 1
    assert not output.exists()
    assert "not created" in said
    assert leftovers(output.parent) == []


def write_many_posts(content: Path, count: int) -> None:
    """Make the build take long enough to be interrupted in the middle."""
    words = " ".join(["listening"] * 400)
    for number in range(count):
        (content / "posts" / f"bulk-{number:03}.md").write_text(
            f"Title: Bulk post {number}\nDate: 2024-02-01 10:{number % 60:02}\n"
            f"Category: Bulk\n\n{words}\n"
        )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_an_interrupted_publish_leaves_the_output_untouched(published, signum):
    content, output, before = published
    write_many_posts(content, 150)
    process = subprocess.Popen(
        [*PUBLISH, "--content", str(content), "--output", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not leftovers(output.parent):
            assert process.poll() is None, process.communicate()[0]
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(0.1)  # inside the build, long before its end
        process.send_signal(signum)
        said, _ = process.communicate(timeout=60)
    finally:
        # A test that fails or times out leaves no build running.
        stop_all(process, set(), 60)
    assert process.returncode == 128 + signum, said
    assert f"FAILED: interrupted by {signal.Signals(signum).name}" in said
    assert hashes(output) == before
    assert leftovers(output.parent) == []
    assert "interrupted" in verify_published(output)


def test_make_publish_passes_allow_warnings_through(published, tmp_path):
    content, output, before = published
    post = content / "posts/second-post.md"
    post.write_text(post.read_text() + NO_ALT_IMAGE)
    make = ["make", "--no-print-directory", "publish"]
    paths = [
        f"INPUTDIR={content}",
        f"OUTPUTDIR={output}",
        f"PUBLISHCONF={SHOWCASE_PUBLISH_SETTINGS}",
    ]
    refused = subprocess.run(
        [*make, *paths], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0
    assert hashes(output) == before
    allowed = subprocess.run(
        [*make, *paths, "ALLOW_WARNINGS=1"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ALLOW_WARNINGS": ""},
    )
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "Empty alt attribute for image square.svg" in allowed.stdout + allowed.stderr


def test_publish_points_at_folders_a_killed_publish_left(published, capsys):
    content, output, _ = published
    (output.parent / ".publish-abc123").mkdir()
    status, said = run(content, output, capsys)
    assert status == 0
    assert ".publish-abc123/ is left from a killed publish" in said


def test_a_malformed_feed_fails_publish(published, capsys, tmp_path):
    content, output, before = published
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT_ROOT / "theme", theme)
    # A sitemap template that forgets to close its root element.
    (theme / "templates" / "broken.xml").write_text("<urlset><url>")
    settings = tmp_path / "xmlconf.py"
    settings.write_text(
        EXTENDS_PUBLISHCONF + f"THEME = {str(theme)!r}\n"
        'TEMPLATE_PAGES = {"broken.xml": "broken.xml"}\n'
    )
    status = publish(content, output, settings)
    said = capsys.readouterr().out
    assert status == 1
    assert "malformed XML: broken.xml: no element found" in said
    assert hashes(output) == before


def test_drafts_never_reach_the_public_site_and_do_not_fail_publish(
    fixture_content, tmp_path, capsys
):
    # A draft in a category and tag nothing published uses: `make html` links
    # its page to category and tag pages that are never built.
    content = fixture_content("private_content")
    output = tmp_path / "output"
    status, said = run(content, output, capsys)
    assert status == 0, said
    written = hashes(output)
    assert not any(path.startswith("drafts/") for path in written)
    site_text = "\n".join(
        (output / path).read_text(encoding="utf-8")
        for path in written
        if path.endswith((".html", ".xml", ".txt", ".json"))
    )
    for word in ("Xylophonist", "Pangolinery", "Draft post", "Draft page"):
        assert word not in site_text
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    feeds = (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    for private in ("hidden-post", "hidden-page", "draft"):
        assert private not in sitemap
        assert private not in feeds


def test_a_link_to_a_draft_that_check_flags_is_why_publish_fails(tmp_path, capsys):
    # `make html` passes; `make check` names the link; publish stops on it.
    content = Path(__file__).parent / "fixtures" / "check_post_links_draft"
    status, said = run(content, tmp_path / "output", capsys)
    assert status == 1
    assert "public.md:4: error: {filename} link to 'plan.md' names a draft" in said
