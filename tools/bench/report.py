"""Figures, ratios and targets from the raw samples, and the Markdown report.

Everything here is pure: it reads a results document and returns numbers or
text, so a test can check the arithmetic on samples it made up.
"""

from __future__ import annotations

import statistics
from typing import Any

from .configs import (
    DESCRIPTIONS,
    FULL,
    NO_SEARCH,
    PAGEFIND,
    PLAIN,
    QUICKSTART,
    REBUILD,
)

METRICS = ("cpu_s", "wall_s", "peak_mib")

# The two plain-Pelican baselines every configuration is divided by: Pelican as
# pelican-quickstart leaves it (issue 20), and with the project's settings.
BASELINES = {QUICKSTART: "quickstart", PLAIN: "plain"}

# Issues 13 and 20's targets: (key, what is measured, upper limit).
TARGET_NO_SEARCH = "no_search_cpu"
TARGET_NO_SEARCH_SHARED = "no_search_shared_cpu"
TARGET_SEARCH = "search_cpu"
TARGET_REBUILD = "rebuild_cpu"
TARGET_GROWTH = "growth_cpu"
LIMITS = {
    TARGET_NO_SEARCH: 1.30,
    TARGET_NO_SEARCH_SHARED: 1.30,
    TARGET_SEARCH: 1.10,
    TARGET_REBUILD: 0.80,
    TARGET_GROWTH: 1.10,
}


def spread(values: list[float]) -> dict[str, float]:
    """Return median, min and max."""
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def size_figures(size: dict[str, Any]) -> dict[str, Any]:
    """Return medians per configuration and the ratios to both baselines."""
    medians = {
        config: {metric: spread([s[metric] for s in runs]) for metric in METRICS}
        for config, runs in size["samples"].items()
        if runs
    }

    def median(config: str, metric: str) -> float:
        return medians[config][metric]["median"]

    def ratios_to(baseline: str) -> dict[str, dict[str, float]]:
        return {
            config: {
                metric: median(config, metric) / median(baseline, metric)
                for metric in ("cpu_s", "wall_s")
            }
            for config in medians
        }

    search = {
        metric: median(FULL, metric) - median(NO_SEARCH, metric)
        for metric in ("cpu_s", "wall_s")
    }
    return {
        "posts": size["posts"],
        "medians": medians,
        "ratio_to_quickstart": ratios_to(QUICKSTART),
        "ratio_to_plain": ratios_to(PLAIN),
        "search_cost": search,
        "search_to_baseline": {
            name: {
                metric: search[metric] / median(baseline, metric)
                for metric in ("cpu_s", "wall_s")
            }
            for baseline, name in BASELINES.items()
        },
        "search_vs_pagefind": {
            metric: search[metric] / median(PAGEFIND, metric)
            for metric in ("cpu_s", "wall_s")
        },
        "pagefind_peak_mib": median(PAGEFIND, "peak_mib"),
    }


def growth(figures: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Return CPU growth from the smallest to the largest size, per configuration."""
    if len(figures) < 2:
        return None
    small = min(figures, key=lambda f: f["posts"])
    large = max(figures, key=lambda f: f["posts"])
    factor = {
        config: large["medians"][config]["cpu_s"]["median"]
        / small["medians"][config]["cpu_s"]["median"]
        for config in small["medians"]
    }
    return {
        "from_posts": small["posts"],
        "to_posts": large["posts"],
        "cpu_factor": factor,
        "cpu_factor_to_plain": {c: f / factor[PLAIN] for c, f in factor.items()},
    }


def _target(
    key: str, name: str, measured: float, detail: str, posts: int
) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "posts": posts,
        "measured": measured,
        "limit": LIMITS[key],
        "passed": measured <= LIMITS[key],
        "detail": detail,
    }


def targets(
    figures: list[dict[str, Any]], grown: dict[str, Any] | None, target_posts: int
) -> list[dict[str, Any]]:
    """Compare the figures at the target size (or the nearest) with the limits."""
    at = min(figures, key=lambda f: abs(f["posts"] - target_posts))
    posts = at["posts"]
    cpu = {c: m["cpu_s"]["median"] for c, m in at["medians"].items()}
    rows = [
        _target(
            TARGET_NO_SEARCH,
            "(b) every plugin but search, CPU ≤ 1.30× quickstart (q)",
            at["ratio_to_quickstart"][NO_SEARCH]["cpu_s"],
            f"{cpu[NO_SEARCH]:.2f} s vs quickstart {cpu[QUICKSTART]:.2f} s",
            posts,
        ),
        _target(
            TARGET_NO_SEARCH_SHARED,
            "(b) every plugin but search, CPU ≤ 1.30× plain (a)",
            at["ratio_to_plain"][NO_SEARCH]["cpu_s"],
            f"{cpu[NO_SEARCH]:.2f} s vs plain {cpu[PLAIN]:.2f} s",
            posts,
        ),
        _target(
            TARGET_SEARCH,
            "search (c − b), CPU ≤ Pagefind's own run (d) + 10%",
            at["search_vs_pagefind"]["cpu_s"],
            f"{at['search_cost']['cpu_s']:.2f} s vs Pagefind's own "
            f"{cpu[PAGEFIND]:.2f} s",
            posts,
        ),
        _target(
            TARGET_REBUILD,
            "(e) rebuild after one edit, CPU ≤ 0.8× cold plain",
            at["ratio_to_plain"][REBUILD]["cpu_s"],
            f"{cpu[REBUILD]:.2f} s vs cold plain {cpu[PLAIN]:.2f} s",
            posts,
        ),
    ]
    if grown:
        factor = grown["cpu_factor"]
        rows.append(
            _target(
                TARGET_GROWTH,
                f"(c) CPU growth {grown['from_posts']:,} → {grown['to_posts']:,} "
                "posts ≤ plain's growth + 10%",
                grown["cpu_factor_to_plain"][FULL],
                f"{factor[FULL]:.2f}× vs plain's {factor[PLAIN]:.2f}×",
                grown["to_posts"],
            )
        )
    return rows


def derive(results: dict[str, Any]) -> dict[str, Any]:
    """Return the figures, growth and targets computed from the raw samples."""
    figures = [size_figures(size) for size in results["sizes"]]
    grown = growth(figures)
    return {
        "figures": figures,
        "growth": grown,
        "targets": targets(figures, grown, results["plan"]["target_posts"]),
    }


def _span(stats: dict[str, float], digits: int = 2) -> str:
    return (
        f"{stats['median']:.{digits}f} "
        f"({stats['min']:.{digits}f}–{stats['max']:.{digits}f})"
    )


def _size_table(figures: dict[str, Any], size: dict[str, Any]) -> list[str]:
    corpus = size["corpus"]
    lines = [
        f"### {figures['posts']:,} posts ({size['runs']} runs of each; "
        "median (min–max))",
        "",
        f"Corpus: {corpus['posts']:,} posts, {corpus['words']:,} words, "
        f"{corpus['comments']:,} comments ({corpus['replies']:,} replies, "
        f"{corpus['pending']:,} pending), {corpus['series']} series.",
        "",
        "| configuration | CPU s | CPU × quickstart | CPU × plain | wall s "
        "| wall × quickstart | wall × plain | peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for config, medians in figures["medians"].items():
        quick = figures["ratio_to_quickstart"][config]
        plain = figures["ratio_to_plain"][config]
        lines.append(
            f"| {DESCRIPTIONS[config]} | {_span(medians['cpu_s'])} "
            f"| {quick['cpu_s']:.2f}× | {plain['cpu_s']:.2f}× "
            f"| {_span(medians['wall_s'])} | {quick['wall_s']:.2f}× "
            f"| {plain['wall_s']:.2f}× | {_span(medians['peak_mib'], 0)} |"
        )
    search = figures["search_cost"]
    versus = figures["search_vs_pagefind"]
    quick = figures["search_to_baseline"]["quickstart"]
    plain = figures["search_to_baseline"]["plain"]
    lines += [
        f"| search step (c − b), {versus['cpu_s']:.2f}× Pagefind's own CPU, "
        f"{versus['wall_s']:.2f}× its wall | {search['cpu_s']:.2f} "
        f"| {quick['cpu_s']:.2f}× | {plain['cpu_s']:.2f}× | {search['wall_s']:.2f} "
        f"| {quick['wall_s']:.2f}× | {plain['wall_s']:.2f}× | |",
        "",
        f"Pagefind's own peak memory at {figures['posts']:,} posts: "
        f"**{figures['pagefind_peak_mib']:.0f} MiB**.",
    ]
    checks = size["checks"]
    indexed = checks["indexed_pages"]
    seen = ", ".join(
        f"{config} {'yes' if ok else 'NO'}"
        for config, ok in checks["edit_seen"].items()
    )
    lines.append(
        f"Pages indexed: search plugin {indexed.get(FULL)}, Pagefind's own run "
        f"{indexed.get(PAGEFIND)}. The edited page `{checks['edited_post']}` "
        f"showed each edit after the rebuild: {seen}."
    )
    for config, found in size["warnings"].items():
        if found:
            lines.append(f"{config}: {len(found)} distinct warning lines, e.g. ")
            lines += [f"    {line[:160]}" for line in found[:3]]
    return [*lines, ""]


def markdown(results: dict[str, Any]) -> str:
    """Return the whole report as Markdown."""
    host = results["machine"]
    load = ", ".join(f"{n:.2f}" for n in host["load_average"])
    end_load = ", ".join(f"{n:.2f}" for n in results["load_average_at_end"])
    ver = results["versions"]
    dirty = " (uncommitted changes)" if results["dirty"] else ""
    lines = [
        "## Benchmark: Common Ground against plain Pelican",
        "",
        f"- Command: `{results['command']}`",
        f"- Commit: `{results['commit']}`{dirty}; started {results['started']}, "
        f"took {results['elapsed_s']:.0f} s",
        f"- Machine: {host['cores']} cores ({host['usable_cores']} usable), "
        f"{host['cpu']}; load average at start {load} (1, 5, 15 min), "
        f"at end {end_load}",
        f"- Python {ver['python']}, Pelican {ver['pelican']}, "
        f"Pagefind {ver['pagefind']}, Markdown {ver['markdown']}; "
        f"plugins {', '.join(results['plugins'])}",
        f"- Corpus seed {results['plan']['seed']}, "
        f"{results['plan']['comments_per_post']:g} comments per post on average; "
        "every build cold (output and cache removed) unless it says rebuild",
        "- CPU = user + system of the process tree (Pagefind included); "
        "ratios are medians ÷ the median of (q) quickstart Pelican or of (a) "
        "plain Pelican with the project's settings, in the same run",
        "",
        "### Targets",
        "",
        "| target | posts | measured | limit | result | figures |",
        "|---|---|---|---|---|---|",
    ]
    for row in results["targets"]:
        verdict = "pass" if row["passed"] else "**FAIL**"
        lines.append(
            f"| {row['name']} | {row['posts']:,} | {row['measured']:.2f}× "
            f"| {row['limit']:.2f}× | {verdict} | {row['detail']} |"
        )
    lines.append("")
    for figures, size in zip(results["figures"], results["sizes"], strict=True):
        lines += _size_table(figures, size)
    grown = results["growth"]
    if grown:
        lines += [
            f"### Growth from {grown['from_posts']:,} to {grown['to_posts']:,} posts "
            "(CPU, medians)",
            "",
            "| configuration | growth | ÷ plain's growth |",
            "|---|---|---|",
        ]
        for config, factor in grown["cpu_factor"].items():
            lines.append(
                f"| {DESCRIPTIONS[config]} | {factor:.2f}× "
                f"| {grown['cpu_factor_to_plain'][config]:.2f} |"
            )
        lines.append("")
    lines += ["### Commands (one corpus size shown as corpus-N)", ""]
    lines += [
        f"- {DESCRIPTIONS[config]}: `{entry['command']}`"
        for config, entry in results["configs"].items()
    ]
    return "\n".join(lines) + "\n"
