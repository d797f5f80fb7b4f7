"""Turn a results document into the printed table and the headline line."""

from __future__ import annotations

from typing import Any

from .configs import COMMON_GROUND, CONFIGS, VANILLA


def _span(stats: dict[str, Any] | None, unit: str = "s", digits: int = 2) -> str:
    """Format a median with its min–max range."""
    if stats is None:
        return "failed"
    return (
        f"{stats['median']:.{digits}f} {unit} "
        f"({stats['min']:.{digits}f}–{stats['max']:.{digits}f})"
    )


def _wall(times: dict[str, Any] | None) -> dict[str, Any] | None:
    """Return the wall-clock summary of a measurement that may have failed."""
    return None if times is None else times["wall_s"]


def _ratio(value: float | None) -> str:
    """Format a ratio to vanilla, or say it could not be measured."""
    return "—" if value is None else f"{value:.2f}×"


def table(results: dict[str, Any]) -> list[str]:
    """Return the lines of the results table, one block per corpus size."""
    lines = [
        f"Pelican {results['pelican']}, Python {results['python']}, "
        f"{results['cpus']} CPUs, commit {results['commit']}, "
        f"plugins {results['plugins']}",
        "Times are wall-clock medians of fresh processes (min–max); "
        "ratios are to vanilla's full build.",
        "'all' includes helper processes such as Pagefind.",
        "",
        f"{'posts':>6}  {'build':<22} {'vanilla':<24} {'common-ground':<24} ratio",
    ]
    for size in results["sizes"]:
        full = size["full"]
        ratio = size["full_ratio"]
        corpus = size["corpus"]
        lines.append(
            f"{size['posts']:>6}  {'full, cold':<22} "
            f"{_span(full[VANILLA]['wall_s']):<24} "
            f"{_span(full[COMMON_GROUND]['wall_s']):<24} "
            f"{ratio['median']:.2f}× ({ratio['min']:.2f}–{ratio['max']:.2f})"
        )
        cpu_ratio = size["full_cpu_ratio"]
        lines.append(
            f"{'':>6}  {'cpu time, cold':<22} "
            f"{_span(full[VANILLA]['cpu_s']):<24} "
            f"{_span(full[COMMON_GROUND]['cpu_s']):<24} "
            f"{cpu_ratio['median']:.2f}× "
            f"({cpu_ratio['min']:.2f}–{cpu_ratio['max']:.2f})"
        )
        lines.append(
            f"{'':>6}  {'peak memory, Python':<22} "
            f"{_span(full[VANILLA]['python_peak_mib'], 'MiB', 0):<24} "
            f"{_span(full[COMMON_GROUND]['python_peak_mib'], 'MiB', 0):<24} "
            f"{size['python_peak_ratio']:.2f}×"
        )
        lines.append(
            f"{'':>6}  {'peak memory, all':<22} "
            f"{_span(full[VANILLA]['peak_mib'], 'MiB', 0):<24} "
            f"{_span(full[COMMON_GROUND]['peak_mib'], 'MiB', 0):<24} "
            f"{size['peak_ratio']:.2f}×"
        )
        post = size["rebuild_post"]
        post_ratio = size["rebuild_post_ratio"]
        post_cpu = size["rebuild_post_cpu_ratio"]
        lines.append(
            f"{'':>6}  {'rebuild, one post':<22} "
            f"{_span(_wall(post[VANILLA])):<24} "
            f"{_span(_wall(post[COMMON_GROUND])):<24} "
            f"{_ratio(post_ratio[VANILLA])} / {_ratio(post_ratio[COMMON_GROUND])}"
            f" (cpu {_ratio(post_cpu[VANILLA])} / {_ratio(post_cpu[COMMON_GROUND])})"
        )
        seen = {
            True: "new comment in output",
            False: "NEW COMMENT MISSING from output",
            None: "",
        }[size["rebuild_comment_visible"]]
        lines.append(
            f"{'':>6}  {'rebuild, one comment':<22} {'—':<24} "
            f"{_span(_wall(size['rebuild_comment'])):<24} "
            f"{_ratio(size['rebuild_comment_ratio'])} "
            f"(cpu {_ratio(size['rebuild_comment_cpu_ratio'])})  {seen}"
        )
        for config, error in size["rebuild_errors"].items():
            last = error.strip().splitlines()[-1]
            lines.append(f"{'':>6}  {config} cached build FAILED: {last[:120]}")
        lines.append(
            f"{'':>6}  corpus: {corpus['posts']} posts, {corpus['words']:,} words, "
            f"{corpus['comments']} comments ({corpus['replies']} replies, "
            f"{corpus['pending']} pending), {corpus['series']} series; "
            f"{size['runs']} cold runs, {size['rebuild_runs']} rebuild runs"
        )
        for config in CONFIGS:
            found = size["warnings"][config]
            if found:
                lines.append(f"{'':>6}  {config}: {len(found)} distinct warnings, e.g.")
                lines.extend(
                    f"{'':>8}{' '.join(message.split())[:150]}" for message in found[:3]
                )
    if results["targets"]:
        lines += ["", "Issue 8 targets:"]
        for row in results["targets"]:
            verdict = "met" if row["met"] else "NOT met"
            measured = row["measured"]
            shown = "not measured" if measured is None else f"{measured:.2f}"
            own = row.get("vanilla")
            context = "" if own is None else f"; vanilla's own {own:.2f}"
            lines.append(
                f"  {row['name']:<46} {shown} (target ≤ {row['target']}{context})"
                f" {verdict}"
            )
    return lines


def headline(results: dict[str, Any]) -> str:
    """Return the last line: Common Ground's full build at 1,000 posts ÷ vanilla."""
    sizes = results["sizes"]
    size = min(sizes, key=lambda s: abs(s["posts"] - 1000))
    ratio = size["full_ratio"]
    cpu = size["full_cpu_ratio"]
    return (
        f"Headline: Common Ground full build at {size['posts']:,} posts = "
        f"{ratio['median']:.2f}× vanilla Pelican "
        f"({ratio['min']:.2f}–{ratio['max']:.2f}, {size['runs']} alternating runs; "
        f"CPU time {cpu['median']:.2f}×)"
    )
