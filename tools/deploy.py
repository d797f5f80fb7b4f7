"""Deploy the last successful publish: `make upload` (rsync) and `make github`.

Both refuse to run unless the publish marker says the last `make publish` into the
output folder succeeded and the folder still holds exactly what it wrote.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from common_ground_tools.publish_state import verify_published


def rsync_command(output: Path, target: str, *, dry_run: bool) -> list[str]:
    """Return the rsync command that mirrors `output` onto `target`."""
    # -c compares checksums: a rebuilt but unchanged file is not sent again.
    command = ["rsync", "-rlvzc", "--delete", "--human-readable"]
    if dry_run:
        command.append("--dry-run")
    return [*command, f"{output}/", target]


def ghp_import_command(output: Path, branch: str, *, dry_run: bool) -> list[str]:
    """Return the ghp-import command that commits `output` to `branch`."""
    ghp_import = shutil.which("ghp-import") or str(
        Path(sys.executable).parent / "ghp-import"
    )
    command = [ghp_import, "--no-jekyll", "--branch", branch]
    command += ["--message", "Publish the site from make publish"]
    if not dry_run:
        command.append("--push")
    return [*command, str(output)]


# What to install when the program a deploy runs is missing.
INSTALL_HINTS = {
    "rsync": "install it (Debian, Ubuntu: sudo apt-get install rsync), or deploy "
    "with `make github`",
    "ghp-import": "run `make venv` (it is in requirements.txt)",
    "git": "install it (Debian, Ubuntu: sudo apt-get install git)",
}


def missing_program(how: str, program: str) -> str:
    """Return the message for a deploy whose program is not installed."""
    name = Path(program).name
    hint = INSTALL_HINTS.get(name, "install it")
    return f"{how}: {name} is not installed on this machine; {hint}"


def main(argv: list[str] | None = None) -> int:
    """Check the publish marker, then run rsync or ghp-import."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("how", choices=["upload", "github"])
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--target", default="", help="rsync destination")
    parser.add_argument("--branch", default="gh-pages")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)

    output = args.output.absolute()
    refusal = verify_published(output)
    if refusal:
        print(f"{args.how}: refusing to deploy: {refusal}", file=sys.stderr)
        return 1
    if args.how == "upload":
        target = args.target or os.environ.get("DEPLOY_TARGET", "")
        if not target:
            print(
                "upload: set a destination: make upload DEPLOY_TARGET=user@host:/path",
                file=sys.stderr,
            )
            return 2
        command = rsync_command(output, target, dry_run=args.dry_run)
    else:
        command = ghp_import_command(output, args.branch, dry_run=args.dry_run)
    # ghp-import runs git; rsync runs itself.
    needed = [command[0], "git"] if args.how == "github" else [command[0]]
    for program in needed:
        if shutil.which(program) is None:
            print(missing_program(args.how, program), file=sys.stderr)
            return 2
    print(f"{args.how}: {' '.join(command)}", flush=True)
    try:
        return subprocess.run(command, check=False).returncode
    except OSError as error:
        print(f"{args.how}: cannot run {command[0]}: {error.strerror}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
