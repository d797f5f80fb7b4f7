"""Local preview: `make serve`, `make devserver` and previewing `make publish`.

Each test starts tools/serve.py in its own process on a free port, as the
Makefile does, and talks to it over HTTP.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import PUBLISHED_SITEURL
from processes import stop_all
from sitebuild import (
    PROJECT_ROOT,
    SHOWCASE_PUBLISH_SETTINGS,
    SHOWCASE_SETTINGS,
    BuildResult,
    run_pelican,
)

from common_ground_tools.publish import placeholder_warning, publish

SERVE = [sys.executable, str(PROJECT_ROOT / "tools" / "serve.py")]
# How long a server or a rebuild may take to appear on a loaded 2-core machine;
# only a limit on waiting, never a measured expectation.
PATIENCE = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    """GET `url`; return the status and body, for error statuses too."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not check():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.5)


def answers(url: str) -> bool:
    try:
        fetch(url)
    except (ConnectionError, urllib.error.URLError):
        return False
    return True


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., tuple[str, Path]]]:
    """Start tools/serve.py with these arguments; stop it (Ctrl-C) afterwards."""
    started: list[subprocess.Popen[bytes]] = []

    def run(*args: str) -> tuple[str, Path]:
        port = free_port()
        log = tmp_path / f"serve-{port}.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [*SERVE, "--port", str(port), *args],
                stdout=sink,
                stderr=subprocess.STDOUT,
                cwd=PROJECT_ROOT,
                # Its own process group: Ctrl-C reaches it and its rebuilder only.
                start_new_session=True,
            )
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: answers(url + "/") or process.poll() is not None, url)
        assert process.poll() is None, log.read_text()
        return url, log

    yield run
    # Ctrl-C, then anything left (a server that hung, its rebuilder) is killed.
    for process in started:
        stop_all(process, set(), PATIENCE)


def test_a_missing_address_gets_the_sites_404_page(
    site_builder, fixture_content, start
):
    build: BuildResult = site_builder(fixture_content("site_minimal"))
    url, _ = start("--output", str(build.output))
    status, body = fetch(url + "/no/such/page/")
    assert status == 404
    assert body == build.read("404.html")
    status, body = fetch(url + "/posts/a-first-post/")
    assert status == 200
    assert "A First Post" in body


def test_serve_without_a_build_says_what_to_run(tmp_path):
    done = subprocess.run(
        [*SERVE, "--output", str(tmp_path / "nothing"), "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        check=False,
    )
    assert done.returncode == 1
    assert "make html" in done.stdout


def test_a_published_site_is_served_as_it_will_look(fixture_content, tmp_path, start):
    output = tmp_path / "output"
    status = publish(
        fixture_content("site_minimal"),
        output,
        SHOWCASE_PUBLISH_SETTINGS,
        say=lambda _line: None,
    )
    assert status == 0
    assert PUBLISHED_SITEURL in (output / "index.html").read_text()
    url, log = start("--output", str(output))
    assert "make publish" in log.read_text()
    assert PUBLISHED_SITEURL in log.read_text()
    status, page = fetch(url + "/posts/a-first-post/")
    assert status == 200
    assert PUBLISHED_SITEURL not in page
    assert f'href="{url}/theme/css/' in page
    stylesheet = page.split(f'href="{url}/theme/css/', 1)[1].split('"', 1)[0]
    assert fetch(f"{url}/theme/css/{stylesheet}")[0] == 200
    status, missing = fetch(url + "/gone/")
    assert status == 404
    assert PUBLISHED_SITEURL not in missing
    # The feed too: a reader would follow its links to this preview.
    assert PUBLISHED_SITEURL not in fetch(url + "/feeds/all.atom.xml")[1]


def test_devserver_rebuilds_on_change_and_serves_the_404_page(
    fixture_content, tmp_path, start
):
    content = fixture_content("site_minimal")
    output = tmp_path / "output"
    rebuild = [sys.executable, "-m", "pelican", "-r", str(content), "-o", str(output)]
    rebuild += ["-s", str(SHOWCASE_SETTINGS)]
    rebuild += ["-e", "SEARCH_INDEX=false", "CACHE_PATH=" + f'"{tmp_path / "c"}"']
    url, log = start("--output", str(output), "--", *rebuild)
    page = url + "/posts/a-first-post/"
    wait_for(lambda: fetch(page)[0] == 200, "the first build")
    assert fetch(url + "/missing/")[0] == 404
    post = content / "posts" / "first-post.md"
    renamed = post.read_text().replace("A First Post", "A Renamed Post")

    def rebuilt() -> bool:
        # Written again on every try: the watcher starts only after the first
        # build, and a change made before it starts is never seen.
        post.write_text(renamed)
        return "A Renamed Post" in fetch(page)[1]

    wait_for(rebuilt, "the rebuild")
    assert "content/extra" not in log.read_text()


def test_the_makefile_runs_serve_and_devserver_through_the_serve_tool():
    said = subprocess.run(
        ["make", "-n", "--always-make", "serve", "devserver"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=True,
    ).stdout
    lines = [line for line in said.splitlines() if "common_ground_tools.serve" in line]
    assert len(lines) == 2
    assert "pelican -r" in said


def test_a_build_does_not_warn_about_missing_static_folders(tmp_path):
    status, said = run_pelican(
        PROJECT_ROOT / "tests/fixtures/site_minimal",
        tmp_path / "output",
        "SEARCH_INDEX=false",
    )
    assert status == 0
    assert "extra" not in said
    assert "WARNING" not in said


@pytest.mark.parametrize(
    ("url", "warns"),
    [
        (PUBLISHED_SITEURL, True),
        ("https://www.example.com/blog", True),
        ("http://journal.test", True),
        ("", True),
        ("https://dana.example", True),
        ("https://journal.dana-whitfield.net", False),
        ("https://example.org.dana.net", False),
    ],
)
def test_publish_warns_while_siteurl_is_an_example(url, warns):
    warning = placeholder_warning(url)
    assert (warning is not None) is warns
    if warns:
        assert "COMMON_GROUND_SITEURL" in warning


def test_make_publish_says_so_and_still_publishes(fixture_content, tmp_path):
    said: list[str] = []
    status = publish(
        fixture_content("site_minimal"),
        tmp_path / "output",
        SHOWCASE_PUBLISH_SETTINGS,
        say=said.append,
    )
    assert status == 0
    warnings = [line for line in said if "SITEURL" in line]
    # Once before the work starts, once more under the last line.
    assert len(warnings) == 2
    assert said[-1] == warnings[1]


def raw_request(url: str, target: bytes, host: bytes = b"127.0.0.1") -> bytes:
    """Send one hand-written GET and return the whole answer (b"" if dropped)."""
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(
            b"GET " + target + b" HTTP/1.1\r\nHost: " + host + b"\r\n"
            b"Connection: close\r\n\r\n"
        )
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer


@pytest.fixture
def published_preview(fixture_content, tmp_path, start) -> tuple[str, Path]:
    output = tmp_path / "output"
    status = publish(
        fixture_content("site_minimal"),
        output,
        PROJECT_ROOT / "publishconf.py",
        say=lambda _line: None,
    )
    assert status == 0
    url, log = start("--output", str(output))
    return url, log


HOSTILE_HOSTS = [
    b'evil.example"><script>alert(1)</script>',
    b"x.example/<img src=x onerror=alert(1)>",
    b"a b",
    b"example.org:80'",
]


@pytest.mark.parametrize("host", HOSTILE_HOSTS)
def test_a_hostile_host_header_never_reaches_a_page(published_preview, host):
    url, _ = published_preview
    for target in (b"/posts/a-first-post/", b"/gone/", b"/feeds/all.atom.xml"):
        answer = raw_request(url, target, host=host)
        assert answer.startswith(b"HTTP/1.0 "), answer[:200]
        assert b"<script>alert" not in answer
        assert b"onerror" not in answer
        assert host not in answer
        assert PUBLISHED_SITEURL.encode() not in answer
    # The page still names the server's own address instead.
    page = raw_request(url, b"/posts/a-first-post/", host=HOSTILE_HOSTS[0])
    assert url.encode() + b"/theme/css/" in page


def test_a_good_host_header_is_still_used(published_preview):
    url, _ = published_preview
    port = url.rsplit(":", 1)[1].encode()
    page = raw_request(url, b"/posts/a-first-post/", host=b"localhost:" + port)
    assert b"http://localhost:" + port + b"/theme/css/" in page


ODD_PATHS = [b"/%00", b"/posts/%00/", b"/%00.html", b"/%ff", b"/%c0%af", b"/a%0d%0a"]


def assert_odd_paths_answered(url: str, log: Path) -> None:
    for target in ODD_PATHS:
        answer = raw_request(url, target)
        status = answer.split(b" ", 2)[1] if answer else b"dropped"
        assert status in (b"400", b"404"), (target, answer[:200])
    assert "Traceback" not in log.read_text()
    # The server still answers afterwards.
    assert fetch(url + "/posts/a-first-post/")[0] == 200


def test_odd_paths_get_an_error_page_never_a_traceback(
    site_builder, fixture_content, start
):
    build = site_builder(fixture_content("site_minimal"))
    assert_odd_paths_answered(*start("--output", str(build.output)))


def test_odd_paths_on_a_published_preview_get_an_error_page(published_preview):
    assert_odd_paths_answered(*published_preview)
