"""Read Markdown content files as Pelican does, keeping the line of every key.

Shared by `make check` (tools/check_content.py) and its comment checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# The same grammar as Python-Markdown's meta extension, which Pelican's reader uses.
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: where it is, how bad it is, and what is wrong."""

    path: str
    line: int
    message: str
    severity: str = "error"

    def format(self) -> str:
        """Return the problem as one ``path:line: severity: message`` line."""
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Source:
    """A Markdown file's metadata header, with the line of each key."""

    path: Path
    display: str
    meta: dict[str, tuple[str, int]] = field(default_factory=dict)
    body_lines: list[tuple[int, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True

    def value(self, key: str) -> str | None:
        """Return the stripped value of a metadata key, or None when absent."""
        entry = self.meta.get(key)
        return None if entry is None else entry[0].strip()

    def line(self, key: str) -> int:
        """Return the line of a metadata key, or 1 when it is absent."""
        entry = self.meta.get(key)
        return 1 if entry is None else entry[1]

    def problem(self, line: int, message: str, severity: str = "error") -> None:
        """Record a problem in this file."""
        self.problems.append(Problem(self.display, line, message, severity))


Meta = dict[str, tuple[str, int]]
Lines = list[tuple[int, str]]


def header_entries(text: str) -> tuple[list[tuple[str, str, int]], Lines]:
    """Return every (key, value, line) of the metadata header and the body lines."""
    lines = text.splitlines()
    entries: list[tuple[str, str, int]] = []
    index = 0
    if lines and BEGIN_RE.match(lines[0]):
        index = 1
    while index < len(lines):
        line = lines[index]
        if line.strip() == "" or END_RE.match(line):
            index += 1
            break
        match = META_RE.match(line)
        if match:
            entries.append(
                (match.group("key").lower(), match.group("value").strip(), index + 1)
            )
        else:
            more = META_MORE_RE.match(line)
            if not (more and entries):
                break
            key, value, first = entries[-1]
            entries[-1] = (key, f"{value} {more.group('value').strip()}", first)
        index += 1
    body = [(number + 1, lines[number]) for number in range(index, len(lines))]
    return entries, body


def parse_header(text: str) -> tuple[Meta, Lines]:
    """Split Markdown text into {key: (value, line)} metadata and numbered lines."""
    entries, body = header_entries(text)
    meta: Meta = {}
    for key, value, line in entries:
        # Pelican keeps the first of repeated single-valued keys.
        meta.setdefault(key, (value, line))
    return meta, body


def read_source(path: Path, display: str) -> Source:
    """Read one Markdown file; undecodable bytes become a problem, not a crash."""
    source = Source(path=path, display=display)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        source.problem(1, f"not valid UTF-8 ({error.reason} at byte {error.start})")
        source.readable = False
        return source
    entries, source.body_lines = header_entries(text)
    for key, value, line in entries:
        if key in source.meta:
            # Pelican turns a repeated Title (or any unlisted key) into a list.
            source.problem(
                line,
                f"duplicate metadata key {key.title()} "
                f"(first given on line {source.meta[key][1]})",
            )
        else:
            source.meta[key] = (value, line)
    return source
