"""Profile one build in a process of its own and say where the time goes."""

from __future__ import annotations

import io
import pstats
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from . import configs
from .configs import PROJECT_ROOT, Workspace
from .corpus import CorpusSpec, generate
from .measure import run_measured

# (cc, nc, tt, ct, callers) as pstats keeps it, keyed by (file, line, name).
Func = tuple[str, int, str]


def _in(folder: Path) -> Callable[[str], bool]:
    """Return a test for 'this code object's file lies under folder'."""
    prefix = str(folder.resolve()) + "/"
    return lambda filename: filename.startswith(prefix)


def _package(name: str) -> Callable[[str], bool]:
    """Return a test for 'this file belongs to the installed package name'."""
    return lambda filename: f"/site-packages/{name}/" in filename


def inclusive_time(stats: pstats.Stats, member: Callable[[str], bool]) -> float:
    """Return seconds spent inside a group of files, entered from outside it."""
    total = 0.0
    for func, (_, _, _, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if not member(func[0]):
            continue
        for caller, timing in callers.items():
            if not member(caller[0]):
                total += timing[3]
    return total


def groups() -> dict[str, Callable[[str], bool]]:
    """Return the named groups of code whose share of the build is reported."""
    found: dict[str, Callable[[str], bool]] = {}
    plugins = PROJECT_ROOT / "plugins"
    for name in configs.project_plugins():
        found[f"plugin {name}"] = _in(plugins / name)
    # Jinja compiles each template to code named after the template's file.
    found["theme templates (Jinja)"] = lambda f: f.endswith(".html")
    found["markdown (all callers)"] = _package("markdown")
    found["pygments"] = _package("pygments")
    found["jinja2 machinery"] = _package("jinja2")
    found["bs4 / html parsing"] = lambda f: (
        "/site-packages/bs4/" in f or ("/html/parser.py" in f)
    )
    found["pelican readers"] = lambda f: f.endswith("/pelican/readers.py")
    found["pelican writers"] = lambda f: f.endswith("/pelican/writers.py")
    return found


def entered_from(
    stats: pstats.Stats,
    member: Callable[[str], bool],
    caller_member: Callable[[str], bool],
) -> float:
    """Return seconds spent inside a group when called directly from another."""
    total = 0.0
    for func, (_, _, _, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if member(func[0]):
            total += sum(t[3] for c, t in callers.items() if caller_member(c[0]))
    return total


def shares(stats: pstats.Stats) -> list[tuple[str, float, float]]:
    """Return (group, seconds, share of the build) for every group."""
    total = stats.total_tt or 1.0  # type: ignore[attr-defined]
    rows = []
    found = groups()
    for name, member in found.items():
        seconds = inclusive_time(stats, member)
        if seconds:  # vanilla has no plugin rows
            rows.append((name, seconds, seconds / total))
    markdown = found["markdown (all callers)"]
    for name in configs.project_plugins():
        plugin = found[f"plugin {name}"]
        seconds = entered_from(stats, markdown, plugin)
        if seconds:
            rows.append((f"markdown called by {name}", seconds, seconds / total))
    return rows


def template_shares(stats: pstats.Stats, top: int) -> list[tuple[str, float, float]]:
    """Return the templates that cost most, inclusive of what they include."""
    total = stats.total_tt or 1.0  # type: ignore[attr-defined]
    names = {f[0] for f in stats.stats if f[0].endswith(".html")}  # type: ignore[attr-defined]
    rows = []
    for name in names:
        seconds = inclusive_time(stats, lambda f, name=name: f == name)
        short = name.split("/templates/", 1)[-1]
        rows.append((short, seconds, seconds / total))
    return sorted(rows, key=lambda row: -row[1])[:top]


def _shorten(text: str) -> str:
    """Drop the long folder prefixes from file names in the printed stats."""
    for prefix in sorted({p for p in sys.path if "site-packages" in p}, key=len)[::-1]:
        text = text.replace(prefix.rstrip("/") + "/", "")
    return text.replace(str(PROJECT_ROOT) + "/", "")


def profile(
    posts: int, seed: int, comments: float, outdir: Path, top: int, config: str
) -> str:
    """Build the corpus once under cProfile; write .prof and .txt, return the text.

    The profiled build is the same `pelican` command `make bench` times, started
    as `python -m cProfile -o FILE .venv/bin/pelican ...` in a process of its own.
    """
    space = Workspace(PROJECT_ROOT / "bench" / f"corpus-{posts}")
    generate(
        CorpusSpec(posts=posts, seed=seed, comments_per_post=comments), space.content
    )
    plain_conf = configs.write_plain_settings(space.root / "plainconf.py")
    configs.write_quickstart_settings(space.quickstart_conf)
    shutil.rmtree(space.output(config), ignore_errors=True)
    shutil.rmtree(space.cache(config), ignore_errors=True)
    outdir.mkdir(parents=True, exist_ok=True)
    prof_file = outdir / f"{config}-{posts}.prof"
    pelican, *args = configs.command(config, space, plain_conf)
    argv = [str(configs.venv_bin("python")), "-m", "cProfile", "-o", str(prof_file)]
    measured = run_measured([*argv, pelican, *args], PROJECT_ROOT, space.log("profile"))

    stats = pstats.Stats(str(prof_file))
    buffer = io.StringIO()
    buffer.write(
        f"{configs.DESCRIPTIONS[config]}, {posts} posts: "
        f"{measured.cpu_s:.2f} s CPU under cProfile "
        f"(profiled time {stats.total_tt:.2f} s)\n\n"  # type: ignore[attr-defined]
    )
    buffer.write("Share of build time by component (inclusive; groups overlap):\n")
    for name, seconds, share in shares(stats):
        buffer.write(f"  {name:<28} {seconds:7.2f} s  {share:6.1%}\n")
    buffer.write("\nTemplates by inclusive time (a page includes its partials):\n")
    for name, seconds, share in template_shares(stats, 12):
        buffer.write(f"  {name:<40} {seconds:7.2f} s  {share:6.1%}\n")
    for order in ("cumulative", "tottime"):
        buffer.write(f"\nTop {top} functions by {order} time:\n")
        stats.stream = buffer  # type: ignore[attr-defined]
        stats.sort_stats(order).print_stats(top)
    text = _shorten(buffer.getvalue())
    (outdir / f"{config}-{posts}.txt").write_text(text, encoding="utf-8")
    return text
