"""Run one command in a process of its own and say what it cost, helpers included."""

from __future__ import annotations

import os
import resource
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path


class BenchError(RuntimeError):
    """A measured command failed or wrote something other than expected."""


@dataclass(frozen=True)
class Measurement:
    """One process tree: CPU and wall seconds, peak memory, exit status."""

    cpu_s: float
    user_s: float
    sys_s: float
    wall_s: float
    peak_mib: float

    def as_dict(self) -> dict[str, float]:
        """Return the figures by name, for the results file."""
        return asdict(self)


def _children_times() -> tuple[float, float]:
    """Return user and system seconds of every child this process has reaped."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime, usage.ru_stime


def run_measured(argv: list[str], cwd: Path, log: Path) -> Measurement:
    """Run `argv` to completion, output to `log`; raise BenchError if it fails.

    CPU time is the change in RUSAGE_CHILDREN across the run: the command and
    every helper it waited for (Pelican's Pagefind run), user plus system. Peak
    memory is wait4's ru_maxrss, the largest resident set of any process in
    that tree; RUSAGE_CHILDREN's own maximum never falls between runs.
    """
    env = dict(os.environ)
    # `make bench` puts tools/ on the path for the harness; the measured
    # command runs as `make html` would, without it.
    env.pop("PYTHONPATH", None)
    log.parent.mkdir(parents=True, exist_ok=True)
    user_before, sys_before = _children_times()
    with log.open("wb") as sink:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    # wait4 reaped it; tell Popen so it does not try again.
    proc.returncode = os.waitstatus_to_exitcode(status)
    user_after, sys_after = _children_times()
    if proc.returncode != 0:
        tail = log.read_text("utf-8", errors="replace")[-2000:]
        raise BenchError(
            f"{argv[0]} exited with {proc.returncode}; end of {log}:\n{tail}"
        )
    user, system = user_after - user_before, sys_after - sys_before
    return Measurement(
        cpu_s=user + system,
        user_s=user,
        sys_s=system,
        wall_s=wall,
        # Linux reports KiB.
        peak_mib=usage.ru_maxrss / 1024,
    )
