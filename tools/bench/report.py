"""Turn a results document into the printed table and the headline line."""

from __future__ import annotations

from typing import Any

from .configs import COMMON_GROUND, CONFIGS, VANILLA


def _span(stats: dict[str, Any], unit: str = "s", digits: int = 2) -> str:
    """Format a median with its min–max range."""
    return (
        f"{stats['median']:.{digits}f} {unit} "
        f"({stats['min']:.{digits}f}–{stats['max']:.{digits}f})"
    )


def table(results: dict[str, Any]) -> list[str]:
    """Return the lines of the results table, one block per corpus size."""
    lines = [
        f"Pelican {results['pelican']}, Python {results['python']}, "
        f"{results['cpus']} CPUs, commit {results['commit']}, "
        f"plugins {results['plugins']}",
        "Times are wall-clock medians of fresh processes (min–max); "
        "ratios are to vanilla's full build.",
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
        lines.append(
            f"{'':>6}  {'peak memory':<22} "
            f"{_span(full[VANILLA]['peak_mib'], 'MiB', 0):<24} "
            f"{_span(full[COMMON_GROUND]['peak_mib'], 'MiB', 0):<24} "
            f"{size['peak_ratio']:.2f}×"
        )
        post = size["rebuild_post"]
        post_ratio = size["rebuild_post_ratio"]
        lines.append(
            f"{'':>6}  {'rebuild, one post':<22} "
            f"{_span(post[VANILLA]['wall_s']):<24} "
            f"{_span(post[COMMON_GROUND]['wall_s']):<24} "
            f"{post_ratio[VANILLA]:.2f}× / {post_ratio[COMMON_GROUND]:.2f}×"
        )
        seen = (
            "new comment in output"
            if size["rebuild_comment_visible"]
            else ("NEW COMMENT MISSING from output")
        )
        lines.append(
            f"{'':>6}  {'rebuild, one comment':<22} {'—':<24} "
            f"{_span(size['rebuild_comment']['wall_s']):<24} "
            f"{size['rebuild_comment_ratio']:.2f}×  {seen}"
        )
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
                lines.extend(f"{'':>8}{message[:150]}" for message in found[:3])
    if results["targets"]:
        lines += ["", "Issue 8 targets:"]
        for row in results["targets"]:
            verdict = "met" if row["met"] else "NOT met"
            lines.append(
                f"  {row['name']:<46} {row['measured']:.2f} "
                f"(target ≤ {row['target']}) {verdict}"
            )
    return lines


def headline(results: dict[str, Any]) -> str:
    """Return the last line: Common Ground's full build at 1,000 posts ÷ vanilla."""
    sizes = results["sizes"]
    size = min(sizes, key=lambda s: abs(s["posts"] - 1000))
    ratio = size["full_ratio"]
    return (
        f"Headline: Common Ground full build at {size['posts']:,} posts = "
        f"{ratio['median']:.2f}× vanilla Pelican "
        f"({ratio['min']:.2f}–{ratio['max']:.2f}, {size['runs']} alternating runs)"
    )
