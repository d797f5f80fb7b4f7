"""Time vanilla Pelican and Common Ground side by side, each build in a new process."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import configs
from .configs import COMMON_GROUND, CONFIGS, VANILLA
from .corpus import CorpusInfo, CorpusSpec, generate

CHILD = Path(__file__).with_name("child.py")


class BenchError(RuntimeError):
    """A build failed or wrote something other than what the corpus asks for."""


@dataclass(frozen=True)
class Plan:
    """What one benchmark run measures."""

    sizes: tuple[int, ...]
    runs: int = 5
    large_runs: int = 3
    large_from: int = 4000
    rebuild_runs: int = 3
    large_rebuild_runs: int = 2
    seed: int = 1
    comments_per_post: float = 4.0
    workdir: Path = configs.PROJECT_ROOT / "bench"
    drop_plugins: tuple[str, ...] = ()

    def runs_for(self, posts: int) -> int:
        """Return the number of cold runs per configuration at this size."""
        return self.large_runs if posts >= self.large_from else self.runs

    def rebuild_runs_for(self, posts: int) -> int:
        """Return the number of rebuild runs of each kind at this size."""
        if posts >= self.large_from:
            return self.large_rebuild_runs
        return self.rebuild_runs


@dataclass
class Measurement:
    """One child build: wall time, in-process build time, peak memory, warnings."""

    wall_s: float
    build_s: float
    cpu_s: float
    peak_mib: float
    python_peak_mib: float
    warnings: list[str] = field(default_factory=list)


def run_build(spec: dict[str, Any], scratch: Path) -> Measurement:
    """Run one build in a fresh interpreter and return what it cost."""
    scratch.mkdir(parents=True, exist_ok=True)
    spec_file = scratch / "spec.json"
    result_file = scratch / "result.json"
    result_file.unlink(missing_ok=True)
    spec_file.write_text(json.dumps({**spec, "result": str(result_file)}), "utf-8")
    log_path = scratch / "build.log"
    with log_path.open("wb") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(spec_file)],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=configs.PROJECT_ROOT,
        )
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would only ever
        # report the largest child so far.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not result_file.exists():
        tail = log_path.read_text("utf-8", errors="replace")[-3000:]
        raise BenchError(f"build failed (exit {proc.returncode}); log tail:\n{tail}")
    result = json.loads(result_file.read_text("utf-8"))
    return Measurement(
        wall_s=wall,
        build_s=result["build_seconds"],
        # CPU seconds of the process and the helpers it waited for (Pagefind):
        # much less disturbed than wall time when other work shares the machine.
        cpu_s=usage.ru_utime + usage.ru_stime,
        # ru_maxrss from wait4 is the largest of the child and its own children;
        # the child reports the Python process alone.
        peak_mib=usage.ru_maxrss / 1024,
        python_peak_mib=result["maxrss_kib"] / 1024,
        warnings=result["warnings"],
    )


def summary(values: list[float]) -> dict[str, Any]:
    """Return median, min, max and the values themselves."""
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "values": values,
    }


def _pair_order(run: int) -> tuple[str, ...]:
    """Alternate which configuration goes first so drift hits both equally."""
    return CONFIGS if run % 2 == 0 else CONFIGS[::-1]


def _count_posts(output: Path) -> int:
    """Count the post pages a build wrote."""
    return sum(1 for _ in (output / "posts").glob("*/index.html"))


def _pick_post(content: Path) -> tuple[str, Path]:
    """Return the slug and file of a post in the middle that has comments."""
    threads = sorted(p.name for p in (content / "comments").iterdir() if p.is_dir())
    slug = threads[len(threads) // 2]
    return slug, next((content / "posts").glob(f"*/{slug}.md"))


class _Progress:
    """Print one line per build so a long run shows it is alive."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def __call__(self, posts: int, label: str, config: str, m: Measurement) -> None:
        if not self.quiet:
            print(
                f"  {posts:>5} posts  {label:<16} {config:<14}"
                f" {m.wall_s:7.2f} s  cpu {m.cpu_s:6.2f} s  {m.peak_mib:5.0f} MiB"
                f" (Python {m.python_peak_mib:.0f})",
                flush=True,
            )


def measure_size(plan: Plan, posts: int, progress: _Progress) -> dict[str, Any]:
    """Generate one corpus and measure cold builds and cached rebuilds on it."""
    base = plan.workdir / f"corpus-{posts}"
    content = base / "content"
    spec = CorpusSpec(
        posts=posts, seed=plan.seed, comments_per_post=plan.comments_per_post
    )
    info = generate(spec, content)
    out = {c: base / f"output-{c}" for c in CONFIGS}
    scratch = {c: base / f"run-{c}" for c in CONFIGS}
    all_warnings: dict[str, set[str]] = {c: set() for c in CONFIGS}

    def build(config: str, label: str, cache: Path | None) -> Measurement:
        spec = configs.build_spec(
            config, content, out[config], cache, plan.drop_plugins
        )
        m = run_build(spec, scratch[config])
        all_warnings[config].update(m.warnings)
        progress(posts, label, config, m)
        return m

    cold: dict[str, list[Measurement]] = {c: [] for c in CONFIGS}
    for run in range(plan.runs_for(posts)):
        for config in _pair_order(run):
            shutil.rmtree(out[config], ignore_errors=True)
            cold[config].append(build(config, "full build", None))
    for config in CONFIGS:
        written = _count_posts(out[config])
        if written != info.posts:
            raise BenchError(
                f"{config} wrote {written} post pages for {info.posts} posts"
            )

    rebuild = _measure_rebuilds(plan, posts, content, out, base, build)
    return _size_result(plan, posts, info, cold, rebuild, all_warnings)


def _measure_rebuilds(
    plan: Plan,
    posts: int,
    content: Path,
    out: dict[str, Path],
    base: Path,
    build: Any,
) -> dict[str, Any]:
    """Prime each cache, then time rebuilds after editing a post, adding a comment.

    A configuration whose cached build fails is recorded with its error and left
    out of the later rebuilds, so one broken cache does not hide the other numbers.
    """
    caches = {c: base / f"cache-{c}" for c in CONFIGS}
    errors: dict[str, str] = {}

    def attempt(config: str, label: str) -> Measurement | None:
        if config in errors:
            return None
        try:
            return build(config, label, caches[config])
        except BenchError as error:
            errors[config] = f"{label}: {error}"
            print(f"  {config} {label} failed: {str(error).splitlines()[-1]}")
            return None

    for config in CONFIGS:
        shutil.rmtree(caches[config], ignore_errors=True)
    prime = {c: attempt(c, "cache priming") for c in CONFIGS}
    slug, post = _pick_post(content)
    page = f"posts/{slug}/index.html"
    edited: dict[str, list[Measurement]] = {c: [] for c in CONFIGS}
    edit_seen: dict[str, bool] = dict.fromkeys(CONFIGS, True)
    for run in range(plan.rebuild_runs_for(posts)):
        token = f"benchedit{run}x{plan.seed}"
        with post.open("a", encoding="utf-8") as handle:
            handle.write(f"\nEdited once more for the benchmark: {token}.\n")
        for config in _pair_order(run):
            measured = attempt(config, "rebuild: post")
            if measured:
                edited[config].append(measured)
                text = (out[config] / page).read_text("utf-8")
                edit_seen[config] = edit_seen[config] and token in text
    commented: list[Measurement] = []
    comment_seen = True
    thread = content / "comments" / slug
    for run in range(plan.rebuild_runs_for(posts)):
        token = f"benchcomment{run}x{plan.seed}"
        (thread / f"zz-bench-{run:02d}.md").write_text(
            f"Author: Bench Reader\nDate: 2099-01-0{run % 9 + 1}T12:00:00\n\n"
            f"A comment added between builds: {token}.\n",
            encoding="utf-8",
        )
        measured = attempt(COMMON_GROUND, "rebuild: comment")
        if measured:
            commented.append(measured)
            text = (out[COMMON_GROUND] / page).read_text("utf-8")
            comment_seen = comment_seen and token in text
    return {
        "post": slug,
        "prime": {c: [m] if m else [] for c, m in prime.items()},
        "edited": edited,
        "edit_seen": {c: edit_seen[c] if edited[c] else None for c in CONFIGS},
        "commented": commented,
        "comment_seen": comment_seen if commented else None,
        "errors": errors,
    }


def _size_result(
    plan: Plan,
    posts: int,
    info: CorpusInfo,
    cold: dict[str, list[Measurement]],
    rebuild: dict[str, Any],
    warnings: dict[str, set[str]],
) -> dict[str, Any]:
    """Summarise one size: times, memory, ratios to vanilla's full build."""
    vanilla_full = statistics.median(m.wall_s for m in cold[VANILLA])
    pair_ratios = [
        cg.wall_s / van.wall_s
        for cg, van in zip(cold[COMMON_GROUND], cold[VANILLA], strict=True)
    ]

    def times(ms: list[Measurement]) -> dict[str, Any] | None:
        if not ms:
            return None
        return {
            "wall_s": summary([m.wall_s for m in ms]),
            "build_s": summary([m.build_s for m in ms]),
            "cpu_s": summary([m.cpu_s for m in ms]),
            "peak_mib": summary([m.peak_mib for m in ms]),
            "python_peak_mib": summary([m.python_peak_mib for m in ms]),
        }

    vanilla_cpu = statistics.median(m.cpu_s for m in cold[VANILLA])

    def vs_vanilla(ms: list[Measurement]) -> float | None:
        if not ms:
            return None
        return statistics.median(m.wall_s for m in ms) / vanilla_full

    def cpu_vs_vanilla(ms: list[Measurement]) -> float | None:
        if not ms:
            return None
        return statistics.median(m.cpu_s for m in ms) / vanilla_cpu

    return {
        "posts": posts,
        "runs": plan.runs_for(posts),
        "rebuild_runs": plan.rebuild_runs_for(posts),
        "corpus": {
            "posts": info.posts,
            "comments": info.comments,
            "pending": info.pending,
            "replies": info.replies,
            "series": info.series,
            "series_posts": info.series_posts,
            "words": info.words,
        },
        "full": {c: times(cold[c]) for c in CONFIGS},
        "full_ratio": summary(pair_ratios),
        "full_cpu_ratio": summary(
            [
                cg.cpu_s / van.cpu_s
                for cg, van in zip(cold[COMMON_GROUND], cold[VANILLA], strict=True)
            ]
        ),
        "peak_ratio": statistics.median(m.peak_mib for m in cold[COMMON_GROUND])
        / statistics.median(m.peak_mib for m in cold[VANILLA]),
        "python_peak_ratio": statistics.median(
            m.python_peak_mib for m in cold[COMMON_GROUND]
        )
        / statistics.median(m.python_peak_mib for m in cold[VANILLA]),
        "cache_prime": {c: times(rebuild["prime"][c]) for c in CONFIGS},
        "rebuild_post": {c: times(rebuild["edited"][c]) for c in CONFIGS},
        "rebuild_post_ratio": {c: vs_vanilla(rebuild["edited"][c]) for c in CONFIGS},
        "rebuild_post_cpu_ratio": {
            c: cpu_vs_vanilla(rebuild["edited"][c]) for c in CONFIGS
        },
        "rebuild_post_visible": rebuild["edit_seen"],
        "rebuild_comment": times(rebuild["commented"]),
        "rebuild_comment_ratio": vs_vanilla(rebuild["commented"]),
        "rebuild_comment_cpu_ratio": cpu_vs_vanilla(rebuild["commented"]),
        "rebuild_comment_visible": rebuild["comment_seen"],
        "rebuild_target_post": rebuild["post"],
        "rebuild_errors": rebuild["errors"],
        "warnings": {c: sorted(warnings[c]) for c in CONFIGS},
    }


def _git_head() -> str | None:
    """Return the commit the measured code is on, when git can tell."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=configs.PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def run(plan: Plan, *, quiet: bool = False) -> dict[str, Any]:
    """Measure every size in the plan and return the results document."""
    import pelican

    progress = _Progress(quiet)
    started = time.time()
    sizes = [measure_size(plan, posts, progress) for posts in plan.sizes]
    return {
        "tool": "tools/bench",
        "timing": "wall-clock seconds of a fresh `python child.py` process per build",
        "memory": "peak RSS (ru_maxrss, MiB) of that process and its helpers; "
        "python_peak_mib: the Python process alone",
        "cpu": "user+sys seconds of the process and its helpers",
        "commit": _git_head(),
        "python": sys.version.split()[0],
        "pelican": pelican.__version__,
        "cpus": os.cpu_count(),
        "plugins": configs.project_plugins(plan.drop_plugins),
        "dropped_plugins": list(plan.drop_plugins),
        "seed": plan.seed,
        "comments_per_post": plan.comments_per_post,
        "elapsed_s": round(time.time() - started, 1),
        "sizes": sizes,
        "targets": targets(sizes),
    }


def _by_posts(sizes: list[dict[str, Any]], posts: int) -> dict[str, Any] | None:
    return next((s for s in sizes if s["posts"] == posts), None)


def targets(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Compare the measured figures with issue 8's targets, by wall and CPU time."""
    rows: list[dict[str, Any]] = []
    at_1000 = _by_posts(sizes, 1000)
    at_4000 = _by_posts(sizes, 4000)
    if at_1000:
        for clock, key in (("wall", "full_ratio"), ("cpu", "full_cpu_ratio")):
            rows.append(
                _target(
                    f"cold full build, 1,000 posts ({clock})",
                    at_1000[key]["median"],
                    1.3,
                )
            )
        for clock, suffix in (("wall", ""), ("cpu", "_cpu")):
            rows.append(
                _target(
                    f"rebuild after adding a comment, 1,000 ({clock})",
                    at_1000[f"rebuild_comment{suffix}_ratio"],
                    0.5,
                )
            )
    if at_1000 and at_4000:
        for clock in ("wall", "cpu"):
            growth, vanilla_growth = (
                at_4000["full"][config][f"{clock}_s"]["median"]
                / at_1000["full"][config][f"{clock}_s"]["median"]
                for config in (COMMON_GROUND, VANILLA)
            )
            # Vanilla's own growth in the same run shows how much is the machine.
            rows.append(
                _target(
                    f"growth 4,000 / 1,000 posts ({clock})",
                    growth,
                    4.2,
                    reference=vanilla_growth,
                )
            )
    if at_4000:
        rows.append(_target("peak memory, 4,000 posts", at_4000["peak_ratio"], 1.5))
        rows.append(
            _target(
                "peak memory, 4,000 posts (Python only)",
                at_4000["python_peak_ratio"],
                1.5,
            )
        )
    return rows


def _target(
    name: str, measured: float | None, limit: float, reference: float | None = None
) -> dict[str, Any]:
    """One target row; `reference` is vanilla's own figure where that tells more."""
    return {
        "name": name,
        "measured": measured,
        "target": limit,
        "met": measured is not None and measured <= limit,
        "vanilla": reference,
    }
