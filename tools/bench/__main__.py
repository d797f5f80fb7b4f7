"""Command line: `python -m common_ground_tools.bench run|corpus|profile`."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from .configs import FULL, NO_SEARCH, PLAIN, PROJECT_ROOT, QUICKSTART
from .corpus import CorpusSpec, generate
from .measure import BenchError
from .profiling import profile
from .report import markdown
from .runner import Plan, print_progress, run


def _sizes(text: str) -> tuple[int, ...]:
    """Parse "1000,4000" into post counts."""
    return tuple(int(part) for part in text.split(",") if part.strip())


def _quiet(*_: object) -> None:
    """Print nothing per step."""


def main(argv: list[str] | None = None) -> int:
    """Run the command the arguments name."""
    parser = argparse.ArgumentParser(prog="bench", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--comments", type=float, default=4.0, help="mean comments per post"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run_cmd = commands.add_parser("run", help="measure plain Pelican and Common Ground")
    run_cmd.add_argument("--sizes", type=_sizes, default=(1000, 4000))
    run_cmd.add_argument("--runs", type=int, default=5)
    run_cmd.add_argument("--large-runs", type=int, default=3, help="runs at 4,000+")
    run_cmd.add_argument(
        "--target-posts",
        type=int,
        default=1000,
        help="size the targets are checked at (the nearest measured one)",
    )
    run_cmd.add_argument("--workdir", type=Path, default=PROJECT_ROOT / "bench")
    run_cmd.add_argument(
        "--out",
        type=Path,
        default=PROJECT_ROOT / "bench/results.json",
        help="results JSON; the Markdown report goes beside it (.md)",
    )
    run_cmd.add_argument("--quiet", action="store_true")

    corpus_cmd = commands.add_parser("corpus", help="only write a corpus")
    corpus_cmd.add_argument("--posts", type=int, required=True)
    corpus_cmd.add_argument("--out", type=Path, required=True)

    profile_cmd = commands.add_parser("profile", help="cProfile one cold build")
    profile_cmd.add_argument("--posts", type=int, default=1000)
    profile_cmd.add_argument("--out", type=Path, default=PROJECT_ROOT / "profile")
    profile_cmd.add_argument("--top", type=int, default=25)
    profile_cmd.add_argument(
        "--config", choices=(QUICKSTART, PLAIN, NO_SEARCH, FULL), default=FULL
    )

    args = parser.parse_args(argv)
    if args.command == "corpus":
        spec = CorpusSpec(
            posts=args.posts, seed=args.seed, comments_per_post=args.comments
        )
        print(generate(spec, args.out))
        return 0
    try:
        if args.command == "profile":
            print(
                profile(
                    args.posts,
                    args.seed,
                    args.comments,
                    args.out,
                    args.top,
                    args.config,
                )
            )
            return 0
        plan = Plan(
            sizes=args.sizes,
            runs=args.runs,
            large_runs=args.large_runs,
            seed=args.seed,
            comments_per_post=args.comments,
            target_posts=args.target_posts,
            workdir=args.workdir,
        )
        line = shlex.join(
            ["python", "-m", "bench", *(sys.argv[1:] if argv is None else argv)]
        )
        results = run(plan, line, _quiet if args.quiet else print_progress)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report = markdown(results)
    args.out.with_suffix(".md").write_text(report, encoding="utf-8")
    print()
    print(report)
    print(f"Results: {args.out} and {args.out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
