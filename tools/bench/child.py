"""Run one Pelican build in this fresh process, as the benchmark's child.

Usage: `python child.py SPEC.json`. The spec names the settings file (or none, for
Pelican's defaults), the overrides, an optional profiler and where to write the
result. This file imports nothing from the harness, so the process holds only what
Pelican and the site's plugins load.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import time
from pathlib import Path


class _Counter(logging.Handler):
    """Keep every WARNING-or-worse message the build logs."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def _build(conf: str | None, overrides: dict) -> None:
    """Read the settings and run one complete build."""
    from pelican import Pelican
    from pelican.settings import read_settings

    Pelican(read_settings(conf, override=overrides)).run()


def main(spec_path: str) -> int:
    """Build as the spec says and write seconds, warnings and peak memory."""
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    counter = _Counter()
    logging.getLogger().addHandler(counter)
    logging.getLogger().setLevel(logging.WARNING)
    profiler = spec.get("profiler")
    started = time.perf_counter()
    if profiler == "cprofile":
        import cProfile

        with cProfile.Profile() as prof:
            _build(spec["conf"], spec["overrides"])
        prof.dump_stats(spec["profile_out"])
    elif profiler == "pyinstrument":
        from pyinstrument import Profiler

        with Profiler(interval=0.001) as prof:
            _build(spec["conf"], spec["overrides"])
        Path(spec["profile_out"]).write_text(prof.output_html(), encoding="utf-8")
        Path(spec["profile_out"]).with_suffix(".txt").write_text(
            prof.output_text(unicode=True, show_all=False), encoding="utf-8"
        )
    else:
        _build(spec["conf"], spec["overrides"])
    seconds = time.perf_counter() - started
    result = {
        "build_seconds": seconds,
        "warnings": counter.messages,
        # Linux reports KiB; this is this process's own high-water mark.
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    Path(spec["result"]).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
