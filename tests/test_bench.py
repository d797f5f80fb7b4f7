"""The benchmark harness: a deterministic, contract-valid corpus; a working runner."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from pathlib import Path

import check_content
import pytest
from bench.__main__ import main as bench_main
from bench.configs import COMMON_GROUND, VANILLA, build_spec, project_plugins
from bench.corpus import IMAGE_PATH, CorpusSpec, generate
from pelican.settings import read_settings
from sitebuild import PROJECT_ROOT

META_RE = re.compile(r"^(?P<key>[A-Za-z_]+): (?P<value>.*)$")


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def header(path: Path) -> dict[str, str]:
    meta = {}
    for line in path.read_text("utf-8").split("\n\n", 1)[0].splitlines():
        match = META_RE.match(line)
        assert match, f"{path}: not a metadata line: {line!r}"
        meta[match["key"].lower()] = match["value"]
    return meta


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "corpus"
    generate(CorpusSpec(posts=200, seed=7), root)
    return root


def test_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path):
    spec = CorpusSpec(posts=15, seed=3)
    first = generate(spec, tmp_path / "a")
    second = generate(spec, tmp_path / "b")
    assert first.posts == second.posts == 15
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    generate(CorpusSpec(posts=15, seed=4), tmp_path / "c")
    assert tree(tmp_path / "a") != tree(tmp_path / "c")


def test_project_content_checker_finds_no_problem(corpus):
    settings = check_content.load_settings(PROJECT_ROOT / "pelicanconf.py", corpus)
    assert check_content.check_tree(corpus, settings, "corpus") == []


def test_comment_folders_match_slugs_and_parents_exist(corpus):
    slugs = {header(p)["slug"] for p in (corpus / "posts").rglob("*.md")}
    threads = list((corpus / "comments").iterdir())
    assert threads
    statuses: Counter[str] = Counter()
    replies = total = 0
    for thread in threads:
        assert thread.name in slugs
        comments = {p.stem: header(p) for p in thread.glob("*.md")}
        for meta in comments.values():
            total += 1
            assert meta["author"]
            statuses[meta.get("status", "published")] += 1
            if "replyto" in meta:
                replies += 1
                parent = comments[meta["replyto"]]
                assert parent.get("status", "published") == "published"
                assert parent["date"] < meta["date"]
    assert 3.5 <= total / 200 <= 4.5
    assert 0.25 <= replies / total <= 0.35
    assert 0 < statuses["pending"] < total * 0.1


def test_posts_have_the_asked_mix(corpus):
    posts = sorted((corpus / "posts").rglob("*.md"))
    texts = [p.read_text("utf-8") for p in posts]
    metas = [header(p) for p in posts]
    assert len(posts) == 200
    assert all(
        p.parent.name == m["date"][:4] for p, m in zip(posts, metas, strict=True)
    )
    words = [len(t.split("\n\n", 1)[1].split()) for t in texts]
    assert min(words) >= 380
    assert max(words) <= 2300
    assert 1100 <= statistics.mean(words) <= 1400
    series = Counter(m["series"] for m in metas if "series" in m)
    assert set(series.values()) <= set(range(3, 9))
    assert 0.25 <= sum(series.values()) / 200 <= 0.32
    assert any("lesson" in m for m in metas)
    with_image = sum(IMAGE_PATH in t for t in texts) / 200
    with_code = sum("```python" in t for t in texts) / 200
    assert 0.12 <= with_image <= 0.28
    assert 0.04 <= with_code <= 0.16
    links = [t.count("{filename}/posts/") for t in texts]
    assert max(links) == 3
    assert 1.0 <= statistics.mean(links) <= 2.0
    assert (corpus / IMAGE_PATH).read_bytes().startswith(b"\x89PNG")


def test_vanilla_uses_pelicans_theme_and_no_plugins(tmp_path):
    spec = build_spec(VANILLA, tmp_path / "content", tmp_path / "out", None)
    (tmp_path / "content").mkdir()
    settings = read_settings(spec["conf"], override=spec["overrides"])
    assert settings["THEME"].endswith("/themes/notmyidea")
    assert settings["PLUGINS"] == []
    assert "comments" in settings["ARTICLE_EXCLUDES"]
    ours = read_settings(str(PROJECT_ROOT / "pelicanconf.py"))
    assert settings["ARTICLE_SAVE_AS"] == ours["ARTICLE_SAVE_AS"]
    assert settings["CACHE_CONTENT"] is False
    cg = build_spec(COMMON_GROUND, tmp_path / "content", tmp_path / "out", tmp_path)
    assert cg["conf"].endswith("pelicanconf.py")
    assert cg["overrides"]["LOAD_CONTENT_CACHE"] is True


def test_runner_end_to_end_on_a_tiny_corpus(tmp_path, capsys):
    out = tmp_path / "results.json"
    argv = ["run", "--sizes", "5", "--runs", "1", "--rebuild-runs", "1"]
    argv += ["--workdir", str(tmp_path), "--out", str(out), "--quiet"]
    assert bench_main(argv) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed[-1].startswith("Headline: Common Ground full build at 5 posts = ")
    assert re.search(r"= \d+\.\d\d× vanilla Pelican", printed[-1])

    results = json.loads(out.read_text("utf-8"))
    assert results["plugins"] == project_plugins()
    (size,) = results["sizes"]
    assert size["posts"] == 5
    for config in (VANILLA, COMMON_GROUND):
        assert size["full"][config]["wall_s"]["median"] > 0
        assert size["full"][config]["peak_mib"]["median"] > 10
        assert size["warnings"][config] == []
        assert size["rebuild_post_visible"][config] is True
    assert size["rebuild_comment_visible"] is ("comments" in results["plugins"])
    assert size["full_ratio"]["min"] <= size["full_ratio"]["median"]
