"""The aliases plugin: parsing `Aliases:`, conflicts, redirect pages and the map."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pelican.settings import read_settings
from sitebuild import PROJECT_ROOT, SHOWCASE_SETTINGS

from common_ground_tools.check_content import main as check_main
from pelican.plugins.common_ground_aliases.core import (
    Claim,
    map_text,
    map_token,
    parse_aliases,
    relative_href,
    resolve,
    save_as_of,
)


@pytest.mark.parametrize(
    ("raw", "aliases"),
    [
        ("/2012/12/19/meh-sales/", ["/2012/12/19/meh-sales/"]),
        ("/2012/12/19/meh-sales", ["/2012/12/19/meh-sales/"]),
        ("/old/page.html, /b/", ["/old/page.html", "/b/"]),
        ("/caf%C3%A9/", ["/café/"]),
    ],
)
def test_parse_aliases_accepts_paths(raw, aliases):
    assert parse_aliases(raw) == (aliases, [])


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("/?p=12", "query"),
        ("old/page/", "starting with /"),
        ("https://example.org/x/", "starting with /"),
        ("/a/../../etc/", "not a plain path"),
        ("/", "home page"),
        ("//[x/", "starting with /"),
    ],
)
def test_parse_aliases_refuses_what_cannot_be_a_static_page(raw, problem):
    aliases, problems = parse_aliases(raw)
    assert aliases == []
    assert problem in problems[0]


def test_save_as_and_relative_links():
    assert save_as_of("/2012/12/19/x/") == "2012/12/19/x/index.html"
    assert save_as_of("/old/page.html") == "old/page.html"
    assert (
        relative_href("2012/12/19/x/index.html", "posts/x/") == "../../../../posts/x/"
    )
    assert relative_href("old.html", "posts/x/") == "posts/x/"


def test_conflicts_warn_naming_both_files_and_the_real_page_wins(
    fixture_content, site_builder
):
    content = fixture_content("aliases_conflicts")
    result = site_builder(content)
    first = str(content / "posts" / "first.md")
    second = str(content / "posts" / "second.md")
    warnings = result.warnings
    assert any(
        w.startswith(f"aliases: {second}: alias /old/shared/ is also claimed by")
        and w.endswith(f"{first}, which keeps it")
        for w in warnings
    )
    assert any(
        w.startswith(
            f"aliases: {first}: alias /tags/ is the address of tags/index.html, "
            "which the build writes"
        )
        for w in warnings
    )
    assert any(f"aliases: {second}: alias '/?p=12' has a query" in w for w in warnings)
    assert any(
        w.startswith(
            f"aliases: {second}: alias /archives/2024/ is the address of "
            "archives/2024/index.html"
        )
        for w in warnings
    )
    assert len(warnings) == 4
    shared = result.read("old/shared/index.html")
    assert 'href="../../posts/first-claim/"' in shared
    assert "Moved" not in result.read("tags/index.html")
    assert 'url=../posts/first-claim/"' in result.read("old/first.html")
    assert result.read("aliases.txt").splitlines()[2:] == [
        "/old/first.html /posts/first-claim/",
        "/old/shared/ /posts/first-claim/",
    ]


def test_make_check_errs_on_an_alias_the_build_would_refuse(capsys):
    content = Path(__file__).parent / "fixtures" / "aliases_conflicts"
    assert check_main(["--content", str(content)]) == 1
    out = capsys.readouterr().out
    assert "second.md:4: error: alias '/?p=12' has a query" in out


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("/old/nul%00/", "control character"),
        ("/old/nul\x00/", "control character"),
        ("/old/cr%0D%0Alf/", "control character"),
        ("/old/tab%09/", "control character"),
        ("/old/del%7F/", "control character"),
        ("/old/%FF/", "not UTF-8"),
        ("/" + "a" * 401 + "/", "longer than the 400 bytes"),
    ],
)
def test_parse_aliases_refuses_what_no_file_or_map_can_hold(raw, problem):
    aliases, problems = parse_aliases(raw)
    assert aliases == []
    assert problem in problems[0]


@pytest.mark.parametrize(
    ("path", "token"),
    [
        ("/old/a space/", "/old/a%20space/"),
        ("/old/semi;colon/", "/old/semi%3Bcolon/"),
        ("/old/{x}/", "/old/%7Bx%7D/"),
        ("/old/q\"'/", "/old/q%22%27/"),
        ("/old/$x\\/", "/old/%24x%5C/"),
        ("/old/100%/", "/old/100%25/"),
        ("/old/café/", "/old/café/"),
        ("/old/nb\u00a0sp/", "/old/nb%C2%A0sp/"),
    ],
)
def test_map_tokens_are_one_plain_word(path, token):
    assert map_token(path) == token


HOSTILE_BUILD = {
    "SITEURL": "https://example.org",
    "SEARCH_INDEX": True,
    "DEFAULT_PAGINATION": 1,
}
CLAIMED = [
    "/page/2/",
    "/feeds/all.atom.xml",
    "/sitemap.xml",
    "/robots.txt",
    "/theme/css/main.css",
    "/theme/css/main.css/",
    "/posts/other/index.html/",
    "/posts/other/index.html/deeper/",
    "/pagefind/pagefind.js",
    "/series/journey/",
    "/images/square.svg",
    "/images/square.svg/x.html",
    "/POSTS/OTHER/",
    "/aliases.txt",
    "/feeds/all.atom.xml/inside/",
]


@pytest.fixture
def hostile_build(fixture_content, site_builder):
    content = fixture_content("aliases_hostile")
    return content, site_builder(
        content, conf="publishconf.py", overrides=HOSTILE_BUILD
    )


def test_an_alias_never_takes_an_address_the_build_writes(hostile_build):
    content, result = hostile_build
    claimer = str(content / "posts" / "claimer.md")
    refused = [w for w in result.warnings if w.startswith(f"aliases: {claimer}:")]
    for alias in CLAIMED:
        assert any(f"alias {alias} " in w for w in refused), alias
    assert len(refused) == len(CLAIMED)
    # Every real file is the build's own, never a redirect page.
    assert (result.output / "page/2/index.html").is_file()
    assert (result.output / "series/journey/index.html").is_file()
    stylesheet = (PROJECT_ROOT / "theme/static/css/main.css").read_text("utf-8")
    assert result.read("theme/css/main.css") == stylesheet
    assert result.read("feeds/all.atom.xml").startswith("<?xml")
    assert "Moved" not in result.read("posts/other/index.html")
    assert result.read("robots.txt").startswith("User-agent")
    assert (result.output / "pagefind/pagefind.js").is_file()
    for path in result.output.rglob("*"):
        text = path.read_text("utf-8") if path.suffix in (".html", ".txt") else ""
        assert "Moved: The Claimer" not in text, path
    assert "/posts/claimer/" not in result.read("aliases.txt")


def test_odd_characters_are_encoded_in_the_map_or_refused(hostile_build):
    content, result = hostile_build
    odd = str(content / "posts" / "odd.md")
    refused = [w for w in result.warnings if w.startswith(f"aliases: {odd}:")]
    assert len(refused) == 4, refused
    for alias in ("'/old/hash#x'", "'/old/nul%00/'", "'/old/cr%0d%0alf/'"):
        assert any(alias in w for w in refused), alias
    lines = result.read("aliases.txt").splitlines()[2:]
    assert lines == [
        "/old/a%20space/ /posts/odd/",
        "/old/apos%27s/ /posts/odd/",
        "/old/back%5Cslash/ /posts/odd/",
        "/old/brace%7Bx%7D/ /posts/odd/",
        "/old/café/ /posts/odd/",
        "/old/dollar%24x/ /posts/odd/",
        "/old/good/ /posts/odd/",
        "/old/pct%25x/ /posts/odd/",
        "/old/quote%22s/ /posts/odd/",
        "/old/semi%3Bcolon/ /posts/odd/",
    ]
    # The redirect page is at the decoded path, where a static host finds it.
    assert "/posts/odd/" in result.read("old/a space/index.html")
    assert "/posts/odd/" in result.read('old/quote"s/index.html')


def documented_nginx(map_file: Path) -> tuple[str, str]:
    """Return (http lines, server lines) of the nginx block in docs/import.md."""
    doc = (PROJECT_ROOT / "docs" / "import.md").read_text("utf-8")
    block = re.search(r"```nginx\n(.*?)```", doc, re.S).group(1)
    http, server = block.split("# in the server block")
    http = http.replace("/etc/nginx/aliases.map", str(map_file))
    return http, server


def nginx_accepts(aliases_txt: Path, tmp: Path) -> subprocess.CompletedProcess:
    """Turn the map into an include as documented and run `nginx -t` on it."""
    map_file = tmp / "aliases.map"
    with map_file.open("wb") as sink:
        subprocess.run(
            ["sed", "-e", "/^#/d", "-e", "s/$/;/", str(aliases_txt)],
            stdout=sink,
            check=True,
        )
    http, server = documented_nginx(map_file)
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"pid {tmp}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n{http}\nserver {{\nlisten 127.0.0.1:8080;\n{server}\n}}\n}}\n",
        encoding="utf-8",
    )
    return subprocess.run(
        [
            shutil.which("nginx") or "/usr/sbin/nginx",
            "-t",
            "-e",
            "stderr",
            "-p",
            str(tmp),
            "-c",
            str(conf),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_map_passes_nginx_t_with_the_documented_include(hostile_build, tmp_path):
    _, result = hostile_build
    said = nginx_accepts(result.output / "aliases.txt", tmp_path)
    assert said.returncode == 0, said.stderr
    assert "test is successful" in said.stderr


def test_make_check_errs_on_each_alias_the_build_would_skip(capsys):
    content = Path(__file__).parent / "fixtures" / "aliases_hostile"
    status = check_main(
        ["--content", str(content), "--settings", str(PROJECT_ROOT / "publishconf.py")]
    )
    out = capsys.readouterr().out
    assert status == 1
    claimer = f"{content / 'posts' / 'claimer.md'}:4: error: alias "
    # Pagination pages are the one kind only the build itself finds.
    for alias in [a for a in CLAIMED if a != "/page/2/"]:
        assert f"{claimer}{alias} " in out, alias
    odd = f"{content / 'posts' / 'odd.md'}:4: error: alias "
    for alias in ("/old/nul%00/", "/old/cr%0d%0alf/", "/old/tab%09x/"):
        assert f"{odd}{alias!r} holds a control character" in out


def test_only_a_whole_index_html_segment_names_a_folder():
    # `a/myindex.html` is a file of its own, not the folder `a/my`: it neither
    # clashes with a/my/index.html nor is the same alias as /a/my/.
    claims = [
        Claim("/a/myindex.html", "one.md", "posts/one/", "One"),
        Claim("/b/myindex.html", "one.md", "posts/one/", "One"),
        Claim("/b/my/", "two.md", "posts/two/", "Two"),
    ]
    redirects, warnings = resolve(claims, {"a/my/index.html"})
    assert warnings == []
    assert [r.save_as for r in redirects] == [
        "a/myindex.html",
        "b/my/index.html",
        "b/myindex.html",
    ]


def test_any_alias_the_parser_accepts_makes_a_map_nginx_accepts(tmp_path):
    # Every printable ASCII character and a sample of others (the parser
    # refuses control characters, tested above), in random old addresses.
    alphabet = [chr(c) for c in range(0x20, 0x7F)] + list("éß€漢\u00a0\u2028\u200b😀")
    rng = random.Random(18)
    claims = []
    for number in range(400):
        raw = "/" + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        for alias in parse_aliases(raw)[0]:
            claims.append(Claim(alias, f"post-{number}.md", f"posts/p{number}/", "T"))
    redirects, _ = resolve(claims, set())
    assert len(redirects) > 150
    aliases_txt = tmp_path / "aliases.txt"
    aliases_txt.write_text(map_text(redirects, siteurl=""), encoding="utf-8")
    said = nginx_accepts(aliases_txt, tmp_path)
    assert said.returncode == 0, said.stderr


def test_a_site_restyles_redirect_pages_with_its_own_template(
    fixture_content, site_builder, tmp_path
):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "redirect.html").write_text(
        '<p class="moved">{{ SITENAME }}: see <a href="{{ target_url }}">'
        "{{ target_title }}</a> (was {{ alias }})</p>\n",
        encoding="utf-8",
    )
    result = site_builder(
        fixture_content("aliases_conflicts"),
        overrides={"THEME_TEMPLATES_OVERRIDES": [str(overrides)]},
    )
    sitename = read_settings(str(SHOWCASE_SETTINGS))["SITENAME"]
    assert result.read("old/shared/index.html") == (
        f'<p class="moved">{sitename}: see <a href="../../posts/first-claim/">'
        "First Claim</a> (was /old/shared/)</p>\n"
    )


def test_a_theme_without_a_redirect_template_gets_the_plugins_own(
    fixture_content, site_builder
):
    # Pelican's own theme, with Pelican's own list of pages from templates.
    plain = {
        "THEME": "notmyidea",
        "DIRECT_TEMPLATES": ["index", "tags", "categories", "authors", "archives"],
    }
    result = site_builder(fixture_content("aliases_conflicts"), overrides=plain)
    page = result.read("old/shared/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../../posts/first-claim/">' in (
        page
    )
    assert '<a href="../../posts/first-claim/">First Claim</a>' in page
    assert "viewport" not in page  # the plugin's tiny page, not the theme's
