"""Time plain Pelican and Common Ground side by side on one generated corpus."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from . import configs
from .configs import (
    FULL,
    NO_SEARCH,
    PAGEFIND,
    PLAIN,
    QUICKSTART,
    REBUILD,
    REBUILD_NO_SEARCH,
    Workspace,
)
from .corpus import CorpusSpec, generate
from .measure import BenchError, Measurement, run_measured
from .report import derive

CONFIGS = (QUICKSTART, PLAIN, NO_SEARCH, FULL, PAGEFIND, REBUILD, REBUILD_NO_SEARCH)


@dataclass(frozen=True)
class Plan:
    """What one benchmark run measures."""

    sizes: tuple[int, ...]
    runs: int = 5
    large_runs: int = 3
    large_from: int = 4000
    seed: int = 1
    comments_per_post: float = 4.0
    target_posts: int = 1000
    workdir: Path = configs.PROJECT_ROOT / "bench"

    def runs_for(self, posts: int) -> int:
        """Return how many times each configuration is measured at this size."""
        return self.large_runs if posts >= self.large_from else self.runs


Progress = Callable[[int, int, str, Measurement], None]


def print_progress(posts: int, run: int, config: str, m: Measurement) -> None:
    """Print one line per measured step so a long run shows it is alive."""
    print(
        f"  {posts:>5} posts  run {run + 1}  {config:<18}"
        f" cpu {m.cpu_s:7.2f} s  wall {m.wall_s:7.2f} s  peak {m.peak_mib:6.0f} MiB",
        flush=True,
    )


def _article_page(slug: str, config: str = FULL) -> str:
    """Return where the configuration's build writes the post with this slug."""
    return configs.article_save_as(config).format(slug=slug)


def count_post_pages(output: Path, slugs: list[str], config: str) -> int:
    """Count the posts whose page the build wrote, at its own addresses."""
    return sum(1 for slug in slugs if (output / _article_page(slug, config)).is_file())


def pick_post(content: Path) -> Path:
    """Return a post in the middle of the corpus, in path order."""
    posts = sorted((content / "posts").rglob("*.md"))
    return posts[len(posts) // 2]


def slug_of(post: Path) -> str:
    """Return the Slug: metadata of a generated post."""
    for line in post.read_text("utf-8").splitlines():
        if line.lower().startswith("slug:"):
            return line.split(":", 1)[1].strip()
    raise BenchError(f"{post}: no Slug: line")


def indexed_pages(output: Path) -> int | None:
    """Return how many pages the Pagefind bundle in `output` says it holds."""
    entry = output / configs.bundle_dir() / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text("utf-8"))["languages"]
    except (OSError, ValueError, KeyError):
        return None
    return sum(lang.get("page_count", 0) for lang in languages.values())


def warning_lines(log: Path) -> set[str]:
    """Return the lines of a build log that report a warning or an error."""
    text = log.read_text("utf-8", errors="replace")
    return {
        " ".join(line.split())
        for line in text.splitlines()
        if "WARNING" in line or "ERROR" in line
    }


def measure_size(plan: Plan, posts: int, progress: Progress) -> dict[str, Any]:
    """Generate one corpus, measure every configuration on it, alternating."""
    space = Workspace(plan.workdir / f"corpus-{posts}")
    spec = CorpusSpec(
        posts=posts, seed=plan.seed, comments_per_post=plan.comments_per_post
    )
    info = generate(spec, space.content)
    plain_conf = configs.write_plain_settings(space.root / "plainconf.py")
    configs.write_quickstart_settings(space.quickstart_conf)
    slugs = [slug_of(path) for path in sorted((space.content / "posts").rglob("*.md"))]
    post = pick_post(space.content)
    page = _article_page(slug_of(post))
    samples: dict[str, list[dict[str, float]]] = {c: [] for c in CONFIGS}
    warnings: dict[str, set[str]] = {c: set() for c in CONFIGS}
    post_pages: dict[str, int] = {}
    edit_seen: dict[str, bool] = {}
    index_pages: dict[str, int | None] = {}
    run = 0

    def step(config: str) -> None:
        argv = configs.command(config, space, plain_conf)
        log = space.log(config)
        measured = run_measured(argv, configs.PROJECT_ROOT, log)
        samples[config].append(measured.as_dict())
        warnings[config].update(warning_lines(log))
        progress(posts, run, config, measured)

    def cold(config: str) -> None:
        shutil.rmtree(space.output(config), ignore_errors=True)
        shutil.rmtree(space.cache(config), ignore_errors=True)
        step(config)
        written = count_post_pages(space.output(config), slugs, config)
        if written != info.posts:
            raise BenchError(f"{config} wrote {written} post pages for {info.posts}")
        post_pages[config] = written

    def rebuild(config: str) -> None:
        token = f"benchedit-{config}-{run}"
        with post.open("a", encoding="utf-8") as handle:
            handle.write(f"\nEdited for the benchmark: {token}.\n")
        step(config)
        text = (space.output(config) / page).read_text("utf-8")
        edit_seen[config] = edit_seen.get(config, True) and token in text

    def quickstart() -> None:
        cold(QUICKSTART)

    def plain() -> None:
        cold(PLAIN)

    def without_search() -> None:
        cold(NO_SEARCH)
        # Pagefind's own run needs (b)'s output exactly as the cold build left it.
        step(PAGEFIND)
        index_pages[PAGEFIND] = indexed_pages(space.output(PAGEFIND))
        rebuild(REBUILD_NO_SEARCH)

    def with_search() -> None:
        cold(FULL)
        index_pages[FULL] = indexed_pages(space.output(FULL))
        rebuild(REBUILD)

    units = (quickstart, plain, without_search, with_search)
    for run in range(plan.runs_for(posts)):
        # Alternate the order so drift on a shared machine hits both sides alike.
        for unit in units if run % 2 == 0 else units[::-1]:
            unit()
    return {
        "posts": posts,
        "runs": plan.runs_for(posts),
        "corpus": {
            "posts": info.posts,
            "words": info.words,
            "comments": info.comments,
            "replies": info.replies,
            "pending": info.pending,
            "series": info.series,
        },
        "samples": samples,
        "checks": {
            "post_pages": post_pages,
            "edited_post": page,
            "edit_seen": edit_seen,
            "indexed_pages": index_pages,
        },
        "warnings": {c: sorted(lines) for c, lines in warnings.items()},
    }


def git_commit() -> dict[str, Any]:
    """Return the commit the measured code is on and whether the tree is dirty."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=configs.PROJECT_ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
        except (OSError, subprocess.CalledProcessError):
            return None
        return done.stdout.strip()

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(status)}


def _cpu_model() -> str | None:
    """Return the CPU model name Linux reports."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def machine() -> dict[str, Any]:
    """Return what the machine is and how busy it is right now."""
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "cpu": _cpu_model(),
        "platform": platform.platform(),
        "load_average": [round(n, 2) for n in os.getloadavg()],
    }


def versions() -> dict[str, str | None]:
    """Return the versions of what is measured."""

    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    return {
        "python": sys.version.split()[0],
        "pelican": version("pelican"),
        "pagefind": version("pagefind"),
        "markdown": version("markdown"),
    }


def run(plan: Plan, command_line: str, progress: Progress) -> dict[str, Any]:
    """Measure every size in the plan; return the results document."""
    started = time.time()
    at_start = machine()
    sizes = [measure_size(plan, posts, progress) for posts in plan.sizes]
    space = Workspace(plan.workdir / "corpus-N")
    plain_conf = plan.workdir / "corpus-N" / "plainconf.py"
    results: dict[str, Any] = {
        "tool": "tools/bench",
        "command": command_line,
        "started": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
        "elapsed_s": round(time.time() - started, 1),
        **git_commit(),
        "machine": at_start,
        "load_average_at_end": [round(n, 2) for n in os.getloadavg()],
        "versions": versions(),
        "plugins": configs.project_plugins(),
        "plan": {
            "sizes": list(plan.sizes),
            "runs": {str(posts): plan.runs_for(posts) for posts in plan.sizes},
            "seed": plan.seed,
            "comments_per_post": plan.comments_per_post,
            "target_posts": plan.target_posts,
        },
        "configs": {
            config: {
                "description": configs.DESCRIPTIONS[config],
                "command": configs.shown(configs.command(config, space, plain_conf)),
            }
            for config in CONFIGS
        },
        "measures": {
            "cpu_s": "user + system seconds of the process and every helper it "
            "waited for (RUSAGE_CHILDREN before and after)",
            "wall_s": "wall-clock seconds from start to exit",
            "peak_mib": "largest resident set of any process in the tree "
            "(wait4 ru_maxrss)",
        },
        "sizes": sizes,
    }
    results.update(derive(results))
    return results
