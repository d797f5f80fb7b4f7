"""The benchmark harness, checked without asserting how fast anything is.

A deterministic corpus, real separate processes measured with their helpers,
and the report's arithmetic checked on made-up samples.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from pelican.settings import read_settings
from sitebuild import PROJECT_ROOT

from common_ground_tools import content_checks
from common_ground_tools.bench import configs
from common_ground_tools.bench.__main__ import main as bench_main
from common_ground_tools.bench.configs import (
    FULL,
    NO_SEARCH,
    PAGEFIND,
    PLAIN,
    QUICKSTART,
    REBUILD,
    REBUILD_NO_SEARCH,
    Workspace,
)
from common_ground_tools.bench.corpus import IMAGE_PATH, CorpusSpec, generate
from common_ground_tools.bench.measure import BenchError, run_measured
from common_ground_tools.bench.report import derive, markdown
from common_ground_tools.bench.runner import CONFIGS, count_post_pages, slug_of

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
    settings = content_checks.load_settings(PROJECT_ROOT / "pelicanconf.py", corpus)
    assert content_checks.check_tree(corpus, settings, "corpus") == []


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


def test_plain_pelican_uses_its_simple_theme_no_plugins_and_our_addresses(tmp_path):
    conf = configs.write_plain_settings(tmp_path / "plainconf.py")
    settings = read_settings(str(conf))
    assert Path(settings["THEME"]).parts[-2:] == ("themes", "simple")
    assert settings["PLUGINS"] == []
    assert "comments" in settings["ARTICLE_EXCLUDES"]
    assert "comments" in settings["PAGE_EXCLUDES"]
    assert settings["CACHE_CONTENT"] is False
    ours = read_settings(str(PROJECT_ROOT / "pelicanconf.py"))
    for key in ("ARTICLE_SAVE_AS", "ARTICLE_PATHS", "MARKDOWN", "DEFAULT_PAGINATION"):
        assert settings[key] == ours[key]


def test_quickstart_pelican_keeps_pelicans_defaults_for_markdown_and_addresses(
    tmp_path,
):
    conf = configs.write_quickstart_settings(tmp_path / "quickstartconf.py")
    settings = read_settings(str(conf))
    defaults = read_settings(None)
    assert Path(settings["THEME"]).parts[-2:] == ("themes", "simple")
    assert settings["PLUGINS"] == []
    # Pelican's own MARKDOWN (no toc), URLs and content paths, as quickstart
    # leaves them; the project's differ, so plain (a) is a different baseline.
    ours = read_settings(str(PROJECT_ROOT / "pelicanconf.py"))
    for key in ("MARKDOWN", "ARTICLE_URL", "ARTICLE_SAVE_AS", "ARTICLE_PATHS"):
        assert settings[key] == defaults[key]
        assert settings[key] != ours[key]
    assert settings["RELATIVE_URLS"] is False
    assert settings["DEFAULT_PAGINATION"] == 10
    assert settings["FEED_ALL_ATOM"] is None
    assert settings["SITENAME"] == ours["SITENAME"]
    # The corpus's comment files are never read as posts.
    assert "comments" in settings["ARTICLE_EXCLUDES"]


def test_quickstart_build_writes_every_post_at_pelicans_default_address(tmp_path):
    generate(CorpusSpec(posts=5, seed=3), tmp_path / "content")
    space = Workspace(tmp_path)
    configs.write_quickstart_settings(space.quickstart_conf)
    argv = configs.command(QUICKSTART, space, tmp_path / "plainconf.py")
    assert argv[-2:] == ["-s", str(space.quickstart_conf)]
    assert "--cache-path" not in argv
    run_measured(argv, PROJECT_ROOT, space.log(QUICKSTART))
    slugs = [slug_of(path) for path in (space.content / "posts").rglob("*.md")]
    output = space.output(QUICKSTART)
    assert count_post_pages(output, slugs, QUICKSTART) == 5
    assert all((output / f"{slug}.html").is_file() for slug in slugs)
    assert not (output / "posts").exists()
    # Only the five posts: no comment file became an article.
    assert "Processed 5 articles" in " ".join(
        space.log(QUICKSTART).read_text("utf-8").split()
    )


def test_pelican_reads_the_cache_path_and_search_setting_the_command_gives(tmp_path):
    space = Workspace(tmp_path)
    space.content.mkdir()
    argv = configs.command(NO_SEARCH, space, tmp_path / "plainconf.py")
    asked = ["--print-settings", "CACHE_PATH", "SEARCH_INDEX", "THEME"]
    printed = subprocess.run(
        [*argv, *asked],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Pelican's console wraps long values onto the next line.
    printed = " ".join(printed.split())
    assert f"CACHE_PATH: '{space.cache(NO_SEARCH)}'" in printed
    assert "SEARCH_INDEX: False" in printed
    assert f"THEME: '{PROJECT_ROOT / 'theme'}'" in printed


def test_builds_are_the_make_html_command_with_cache_and_search_settings(tmp_path):
    space = Workspace(tmp_path)
    plain_conf = tmp_path / "plainconf.py"
    pelican = str(PROJECT_ROOT / ".venv" / "bin" / "pelican")
    full = configs.command(FULL, space, plain_conf)
    assert full[:6] == [
        pelican,
        str(space.content),
        "-o",
        str(tmp_path / "output-full"),
        "-s",
        str(PROJECT_ROOT / "pelicanconf.py"),
    ]
    # Only the cache folder moves: the project's own cache/ is left alone.
    assert full[6:] == ["--cache-path", str(tmp_path / "cache-full")]
    assert configs.command(REBUILD, space, plain_conf) == full
    no_search = configs.command(NO_SEARCH, space, plain_conf)
    assert no_search[-2:] == ["-e", "SEARCH_INDEX=false"]
    assert configs.command(REBUILD_NO_SEARCH, space, plain_conf) == no_search
    plain = configs.command(PLAIN, space, plain_conf)
    assert plain == [
        pelican,
        str(space.content),
        "-o",
        str(tmp_path / "output-plain"),
        "-s",
        str(plain_conf),
    ]
    own = configs.command(PAGEFIND, space, plain_conf)
    site = tmp_path / "output-no-search"
    assert own[1:] == [
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-path",
        str(site / "pagefind"),
        "--silent",
    ]


# A child that starts a grandchild and waits for it, as Pelican waits for
# Pagefind. The grandchild burns CPU, holds memory, and writes down what the
# kernel says it used itself; each writes its process id.
TREE = """
import os, resource, subprocess, sys, time
out = sys.argv[1]
if sys.argv[2] == "child":
    with open(out + ".child", "w") as f:
        f.write(str(os.getpid()))
    subprocess.run([sys.executable, "-c", sys.argv[3], out, "grandchild"], check=True)
else:
    held = bytearray(120 * 1024 * 1024)
    held[::4096] = b"x" * len(held[::4096])
    started = time.process_time()
    while time.process_time() - started < 0.3:
        pass
    own = resource.getrusage(resource.RUSAGE_SELF)
    with open(out + ".grandchild", "w") as f:
        f.write(f"{os.getpid()} {own.ru_utime + own.ru_stime} {own.ru_maxrss}")
"""


def test_measures_a_separate_process_tree_with_its_helpers_cpu_and_memory(tmp_path):
    measured = []
    pids = []
    for run in range(2):
        out = tmp_path / f"run{run}"
        argv = [sys.executable, "-c", TREE, str(out), "child", TREE]
        measured.append(run_measured(argv, tmp_path, tmp_path / f"log{run}"))
        child = int(Path(f"{out}.child").read_text())
        grandchild, cpu, maxrss = Path(f"{out}.grandchild").read_text().split()
        pids += [child, int(grandchild)]
        # The tree's total includes all the grandchild used, and its peak.
        assert measured[-1].cpu_s >= float(cpu)
        assert measured[-1].peak_mib >= int(maxrss) / 1024 >= 120
        assert measured[-1].cpu_s == pytest.approx(
            measured[-1].user_s + measured[-1].sys_s
        )
        assert measured[-1].wall_s > 0
    assert os.getpid() not in pids
    assert len(set(pids)) == 4


def test_a_failing_command_raises_with_the_end_of_its_log(tmp_path):
    argv = [sys.executable, "-c", "import sys; print('broken build'); sys.exit(3)"]
    with pytest.raises(BenchError, match=r"(?s)exited with 3.*broken build"):
        run_measured(argv, tmp_path, tmp_path / "log")


def _samples(cpu: float, runs: int = 3) -> list[dict[str, float]]:
    """Return runs around `cpu` whose median is exactly `cpu`."""
    values = [cpu * 0.9, cpu, cpu * 1.5][:runs]
    return [
        {"cpu_s": v, "user_s": v, "sys_s": 0.0, "wall_s": v / 2, "peak_mib": v * 10}
        for v in values
    ]


def _size(posts: int, cpu: dict[str, float]) -> dict[str, object]:
    return {
        "posts": posts,
        "runs": 3,
        "corpus": {
            "posts": posts,
            "words": 1,
            "comments": 1,
            "replies": 0,
            "pending": 0,
            "series": 0,
        },
        "samples": {config: _samples(value) for config, value in cpu.items()},
        "checks": {
            "post_pages": {},
            "edited_post": "posts/x/index.html",
            "edit_seen": {REBUILD: True, REBUILD_NO_SEARCH: True},
            "indexed_pages": {FULL: posts, PAGEFIND: posts},
        },
        "warnings": {config: [] for config in cpu},
    }


def _results(*sizes: dict[str, object]) -> dict[str, object]:
    results = {
        "command": "python -m bench run",
        "commit": "abc123",
        "dirty": False,
        "started": "2026-12-06T00:00:00+00:00",
        "elapsed_s": 1.0,
        "machine": {
            "cores": 2,
            "usable_cores": 2,
            "cpu": "test",
            "load_average": [1.0, 0.5, 0.25],
        },
        "load_average_at_end": [2.0, 1.0, 0.5],
        "versions": {"python": "3", "pelican": "4", "pagefind": "1", "markdown": "3"},
        "plugins": ["search"],
        "plan": {"seed": 1, "comments_per_post": 4.0, "target_posts": 1000},
        "configs": {c: {"command": f"run {c}"} for c in CONFIGS},
        "sizes": list(sizes),
    }
    results.update(derive(results))
    return results


def test_report_computes_ratios_search_cost_growth_and_verdicts():
    at_1000 = {
        QUICKSTART: 8.0,
        PLAIN: 10.0,
        NO_SEARCH: 12.0,
        FULL: 16.0,
        PAGEFIND: 4.0,
        REBUILD: 9.0,
        REBUILD_NO_SEARCH: 7.0,
    }
    at_4000 = {
        QUICKSTART: 32.0,
        PLAIN: 40.0,
        NO_SEARCH: 50.0,
        FULL: 70.0,
        PAGEFIND: 18.0,
        REBUILD: 36.0,
        REBUILD_NO_SEARCH: 30.0,
    }
    results = _results(_size(1000, at_1000), _size(4000, at_4000))
    small = results["figures"][0]
    assert small["medians"][NO_SEARCH]["cpu_s"] == {
        "median": 12.0,
        "min": pytest.approx(10.8),
        "max": 18.0,
    }
    assert small["ratio_to_plain"][NO_SEARCH]["cpu_s"] == pytest.approx(1.2)
    assert small["ratio_to_quickstart"][NO_SEARCH]["cpu_s"] == pytest.approx(1.5)
    assert small["ratio_to_quickstart"][PLAIN]["cpu_s"] == pytest.approx(1.25)
    assert small["ratio_to_plain"][FULL]["wall_s"] == pytest.approx(1.6)
    assert small["search_cost"]["cpu_s"] == pytest.approx(4.0)
    assert small["search_vs_pagefind"]["cpu_s"] == pytest.approx(1.0)
    assert small["search_to_baseline"]["quickstart"]["cpu_s"] == pytest.approx(0.5)
    assert small["search_to_baseline"]["plain"]["cpu_s"] == pytest.approx(0.4)
    assert small["pagefind_peak_mib"] == pytest.approx(40.0)
    grown = results["growth"]
    assert (grown["from_posts"], grown["to_posts"]) == (1000, 4000)
    assert grown["cpu_factor"][PLAIN] == pytest.approx(4.0)
    assert grown["cpu_factor_to_plain"][FULL] == pytest.approx(70 / 16 / 4)

    verdicts = {row["key"]: row for row in results["targets"]}
    # Against quickstart Pelican 12 / 8 fails; against plain (a) 12 / 10 passes.
    assert verdicts["no_search_cpu"]["measured"] == pytest.approx(1.5)
    assert verdicts["no_search_cpu"]["passed"] is False
    assert verdicts["no_search_shared_cpu"]["measured"] == pytest.approx(1.2)
    assert verdicts["no_search_shared_cpu"]["passed"] is True
    assert verdicts["search_cpu"]["passed"] is True
    assert verdicts["rebuild_cpu"]["measured"] == pytest.approx(0.9)
    assert verdicts["rebuild_cpu"]["passed"] is False
    assert verdicts["growth_cpu"]["measured"] == pytest.approx(1.09375)
    assert verdicts["growth_cpu"]["passed"] is True
    assert all(row["posts"] in (1000, 4000) for row in verdicts.values())

    text = markdown(results)
    assert (
        "| (e) rebuild after one edit, CPU ≤ 0.8× cold plain | 1,000 | 0.90× " in text
    )
    assert text.count("**FAIL**") == 2
    assert "| 12.00 (10.80–18.00) | 1.50× | 1.20× |" in text
    assert "| search step (c − b), 1.00× Pagefind's own CPU" in text
    assert "load average at start 1.00, 0.50, 0.25" in text
    assert "Pagefind's own peak memory at 4,000 posts: **180 MiB**" in text


def test_targets_are_checked_at_the_size_nearest_the_target(tmp_path):
    cpu = dict.fromkeys(CONFIGS, 10.0)
    results = _results(_size(250, {**cpu, NO_SEARCH: 14.0}), _size(900, cpu))
    assert {row["posts"] for row in results["targets"][:4]} == {900}
    assert results["targets"][0]["passed"] is True
    assert results["targets"][1]["passed"] is True


def test_bench_run_end_to_end_on_a_tiny_corpus(tmp_path, capsys):
    out = tmp_path / "results.json"
    argv = ["run", "--sizes", "3,6", "--runs", "1", "--target-posts", "6"]
    argv += ["--workdir", str(tmp_path), "--out", str(out), "--quiet"]
    assert bench_main(argv) == 0
    printed = capsys.readouterr().out
    report = out.with_suffix(".md").read_text("utf-8")
    assert report in printed
    assert "### Targets" in report
    assert "(c) CPU growth 3 → 6 posts" in report

    results = json.loads(out.read_text("utf-8"))
    assert results["plugins"] == configs.project_plugins()
    assert re.fullmatch(r"[0-9a-f]{40}", results["commit"])
    assert results["machine"]["cores"] >= 1
    assert len(results["machine"]["load_average"]) == 3
    assert results["command"].startswith("python -m bench run --sizes 3,6")
    assert results["configs"][FULL]["command"].startswith(".venv/bin/pelican ")
    assert [size["posts"] for size in results["sizes"]] == [3, 6]
    for size in results["sizes"]:
        assert set(size["samples"]) == set(CONFIGS)
        for config, runs in size["samples"].items():
            (sample,) = runs
            assert sample["cpu_s"] > 0, config
            assert sample["peak_mib"] > 10, config
        checks = size["checks"]
        assert checks["post_pages"] == {
            QUICKSTART: size["posts"],
            PLAIN: size["posts"],
            NO_SEARCH: size["posts"],
            FULL: size["posts"],
        }
        assert checks["edit_seen"] == {REBUILD: True, REBUILD_NO_SEARCH: True}
        # Pagefind's own run reads the same pages the search plugin indexes.
        indexed = checks["indexed_pages"]
        assert indexed[PAGEFIND] == indexed[FULL] > 0
        corpus = tmp_path / f"corpus-{size['posts']}"
        assert (corpus / "cache-full").is_dir()
        assert (corpus / "cache-no-search").is_dir()
        assert size["warnings"] == {config: [] for config in CONFIGS}
    assert [row["key"] for row in results["targets"]] == [
        "no_search_cpu",
        "no_search_shared_cpu",
        "search_cpu",
        "rebuild_cpu",
        "growth_cpu",
    ]
