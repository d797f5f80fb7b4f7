"""Check the programs `make test` needs before any test runs; say what is missing.

One block names every missing program, what needs it and how to install it on
Debian or Ubuntu (the machine `.ci/run` sets up), so a first `make test` never
ends in a test failure that only means "rsync is not installed".
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from common_ground_tools.headless import CHROMIUM


@dataclass(frozen=True)
class Program:
    """An outside program: how it is found, why it is needed, its Debian package."""

    name: str
    why: str
    package: str
    path: str | None = None  # a fixed path instead of a PATH lookup


TEST_PROGRAMS = (
    Program("chromium", "browser tests (Playwright drives it)", "chromium", CHROMIUM),
    Program("java", "the Nu Html Checker (vnu.jar)", "openjdk-17-jre-headless"),
    Program("node", "the Nu Html Checker's npm package", "nodejs"),
    Program("npm", "installing the Nu Html Checker (npm ci)", "npm"),
    Program("rsync", "the `make upload` tests", "rsync"),
    Program("git", "the `make github` tests (ghp-import)", "git"),
    Program(
        "nginx", "the alias map tests (nginx -t)", "nginx-light", "/usr/sbin/nginx"
    ),
)


def is_available(program: Program, which: Callable[[str], str | None]) -> bool:
    """Tell whether the program can be run here."""
    if program.path is not None:
        return Path(program.path).is_file()
    return which(program.name) is not None


def missing(
    programs: Iterable[Program], which: Callable[[str], str | None] = shutil.which
) -> list[Program]:
    """Return the programs that cannot be run here, in the order given."""
    return [p for p in programs if not is_available(p, which)]


def report(absent: list[Program], what: str = "make test") -> str:
    """Return the one block that says what is missing and how to install it."""
    width = max(len(p.name) for p in absent)
    lines = [f"{what} needs programs this machine does not have:"]
    lines += [f"  {p.name:<{width}}  for {p.why}" for p in absent]
    packages = " ".join(dict.fromkeys(p.package for p in absent))
    lines.append(f"Install them (Debian, Ubuntu): sudo apt-get install {packages}")
    lines.append(f"then run `{what}` again (.ci/run installs them on a new machine).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the block and return 1 when anything is missing, else 0 silently."""
    del argv
    absent = missing(TEST_PROGRAMS)
    if absent:
        print(report(absent), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
