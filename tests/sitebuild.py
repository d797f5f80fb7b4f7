"""Build real Pelican sites for tests, capturing every warning the build logs."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The showcase is a test fixture: a copy of the sample content/ and of the
# settings files. Tests never build the author's own content/ or read their
# pelicanconf.py, which the README's "Make it yours" tells them to change.
SHOWCASE = PROJECT_ROOT / "tests" / "fixtures" / "showcase"
SHOWCASE_CONTENT = SHOWCASE / "content"
SHOWCASE_SETTINGS = SHOWCASE / "pelicanconf.py"
SHOWCASE_PUBLISH_SETTINGS = SHOWCASE / "publishconf.py"


def extending(settings: Path) -> str:
    """Return the start of a settings file that takes every setting of `settings`.

    Loaded by its path, so its own relative paths (THEME, PLUGIN_PATHS) still
    resolve beside it; the caller appends its own choices.
    """
    return (
        "import importlib.util\n"
        f"_spec = importlib.util.spec_from_file_location('base', {str(settings)!r})\n"
        "_base = importlib.util.module_from_spec(_spec)\n"
        "_spec.loader.exec_module(_base)\n"
        "globals().update({k: v for k, v in vars(_base).items() if k.isupper()})\n"
    )


@dataclass
class BuildResult:
    """What a test build produced: the output folder and the log records."""

    output: Path
    records: list[logging.LogRecord] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """Return the formatted WARNING-or-worse messages of the build."""
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]

    def read(self, relative: str) -> str:
        """Return the text of one output file."""
        return (self.output / relative).read_text(encoding="utf-8")


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def forget_logged_messages() -> None:
    """Reset Pelican's process-wide log de-duplication.

    LimitFilter drops a message it has let through once in this process, so a
    warning logged by an earlier test build would silently vanish from a later one.
    """
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    LimitFilter._ignore.clear()


def build_site(
    content: Path,
    output: Path,
    *,
    conf: str = "pelicanconf.py",
    overrides: dict[str, Any] | None = None,
) -> BuildResult:
    """Build `content` into `output` with the showcase's settings and our theme.

    `conf` names a settings file of the showcase fixture, or any path.
    """
    settings_override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "THEME": str(PROJECT_ROOT / "theme"),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "CACHE_PATH": str(output.parent / "cache"),
    }
    settings_override.update(overrides or {})
    settings = read_settings(str(SHOWCASE / conf), override=settings_override)
    forget_logged_messages()
    collector = _Collector()
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(collector)
    root.setLevel(logging.INFO)
    try:
        Pelican(settings).run()
    finally:
        root.removeHandler(collector)
        root.setLevel(previous_level)
    return BuildResult(output=output, records=collector.records)


_FRESH_BUILD = """
import json, sys
sys.path[:0] = [sys.argv[1]]
from pathlib import Path
from sitebuild import build_site
overrides = json.loads(sys.argv[4])
result = build_site(Path(sys.argv[2]), Path(sys.argv[3]), overrides=overrides)
print(json.dumps([[r.levelno, r.levelname, r.getMessage()] for r in result.records]))
"""


def build_site_in_fresh_process(
    content: Path, output: Path, *, overrides: dict[str, Any] | None = None
) -> BuildResult:
    """Build like `build_site`, but in a new interpreter, as `make html` does.

    A long test session has registered every plugin's signal handlers and runs
    threads (browsers, test servers); a fresh process has neither.
    """
    tests = Path(__file__).resolve().parent
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _FRESH_BUILD,
            str(tests),
            str(content),
            str(output),
            json.dumps(overrides or {}),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    said = json.loads(done.stdout.strip().splitlines()[-1])
    records = [
        logging.makeLogRecord({"levelno": level, "levelname": name, "msg": message})
        for level, name, message in said
    ]
    return BuildResult(output=output, records=records)


def run_pelican(content: Path, output: Path, *settings: str) -> tuple[int, str]:
    """Run the `pelican` command on `content` as `make html` does (showcase settings).

    `settings` are `NAME=json` overrides for `-e`. Return the exit status and
    everything the command printed.
    """
    if not any(setting.startswith("CACHE_PATH=") for setting in settings):
        # Never the project's own cache/: a test build must not read what an
        # earlier build of other content (or other code) left there.
        settings = (*settings, f"CACHE_PATH={json.dumps(str(output) + '-cache')}")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-o",
            str(output),
            "-s",
            str(SHOWCASE_SETTINGS),
            "-e",
            *settings,
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
        # Wide enough that log lines naming long paths are not wrapped.
        env={**os.environ, "COLUMNS": "400"},
    )
    return done.returncode, done.stdout + done.stderr
