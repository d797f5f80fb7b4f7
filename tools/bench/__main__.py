"""Command line: `python -m bench run|corpus|profile` with tools/ on the path."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .configs import COMMON_GROUND, CONFIGS, PROJECT_ROOT
from .corpus import CorpusSpec, generate
from .profiling import profile
from .report import headline, table
from .runner import BenchError, Plan, run


def _sizes(text: str) -> tuple[int, ...]:
    """Parse "250,1000,4000" into post counts."""
    return tuple(int(part) for part in text.split(",") if part.strip())


def main(argv: list[str] | None = None) -> int:
    """Run the command the arguments name."""
    parser = argparse.ArgumentParser(prog="bench", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--comments", type=float, default=4.0, help="mean comments per post"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run_cmd = commands.add_parser("run", help="measure vanilla and Common Ground")
    run_cmd.add_argument("--sizes", type=_sizes, default=(250, 1000, 4000))
    run_cmd.add_argument("--runs", type=int, default=5)
    run_cmd.add_argument("--large-runs", type=int, default=3, help="runs at 4,000+")
    run_cmd.add_argument("--rebuild-runs", type=int, default=3)
    run_cmd.add_argument(
        "--large-rebuild-runs", type=int, default=2, help="rebuild runs at 4,000+"
    )
    run_cmd.add_argument("--workdir", type=Path, default=PROJECT_ROOT / "bench")
    run_cmd.add_argument(
        "--out", type=Path, default=PROJECT_ROOT / "bench/results.json"
    )
    run_cmd.add_argument("--quiet", action="store_true")
    run_cmd.add_argument(
        "--drop-plugin",
        action="append",
        default=[],
        help="leave this plugin out of Common Ground's build (repeatable)",
    )

    corpus_cmd = commands.add_parser("corpus", help="only write a corpus")
    corpus_cmd.add_argument("--posts", type=int, required=True)
    corpus_cmd.add_argument("--out", type=Path, required=True)

    profile_cmd = commands.add_parser("profile", help="cProfile one full build")
    profile_cmd.add_argument("--posts", type=int, default=1000)
    profile_cmd.add_argument("--out", type=Path, default=PROJECT_ROOT / "profile")
    profile_cmd.add_argument("--top", type=int, default=25)
    profile_cmd.add_argument("--config", choices=CONFIGS, default=COMMON_GROUND)

    args = parser.parse_args(argv)
    if args.command == "corpus":
        spec = CorpusSpec(
            posts=args.posts, seed=args.seed, comments_per_post=args.comments
        )
        print(generate(spec, args.out))
        return 0
    if args.command == "profile":
        print(
            profile(
                args.posts, args.seed, args.comments, args.out, args.top, args.config
            )
        )
        return 0

    plan = Plan(
        sizes=args.sizes,
        runs=args.runs,
        large_runs=args.large_runs,
        rebuild_runs=args.rebuild_runs,
        large_rebuild_runs=args.large_rebuild_runs,
        seed=args.seed,
        comments_per_post=args.comments,
        workdir=args.workdir,
        drop_plugins=tuple(args.drop_plugin),
    )
    try:
        results = run(plan, quiet=args.quiet)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print("\n".join(table(results)))
    print(f"Results: {args.out}")
    print(headline(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
