"""The one reader of `Key: value` metadata headers, with the line of every key.

Posts, pages and comment files share one header grammar: the one of
Python-Markdown's meta extension, which Pelican's Markdown reader uses. Keys are
letters, digits, `_` and `-` followed by `:` (up to three spaces of indent,
case-insensitive); a line indented four or more spaces continues the previous
value; the header ends at the first blank line, at a `---` or `...` line, or at
the first line that is neither. An opening `---` line (YAML-style front matter)
is skipped. Lines end at LF, CRLF or CR only, as in Python-Markdown, so
U+2028 inside a value never starts a new key.

The comments loader, `make check`, `make comment`, `make moderate`,
`make newpost` and the build summary all read headers through this module
(pure: no pelican import).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

# Python-Markdown's own patterns (markdown/extensions/meta.py), kept identical.
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")
# Python-Markdown expands tabs to this width before the meta extension runs.
TAB_LENGTH = 4


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a content file: where it is, what, and how bad.

    "error": the file (or comment) is skipped or shown out of place; "warning":
    it is shown, with something dropped. The build logs both; `make check`
    prints them with their severity.
    """

    path: str
    line: int
    message: str
    severity: str = "error"

    def format(self) -> str:
        """Return the problem as one ``path:line: severity: message`` line."""
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


class UnreadableTextError(ValueError):
    """The bytes of a content file are not text; `line` says where."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Entry:
    """One metadata key as written: lower-cased key, value, and its line."""

    key: str
    value: str
    line: int


@dataclass(frozen=True)
class Header:
    """A file's metadata entries (in order, repeats kept) and the text after them."""

    entries: tuple[Entry, ...]
    # The line of the last key or continuation line (0 when there is no header).
    last_line: int
    # The text after the header, and the line number its first line has.
    body: str
    body_line: int

    @property
    def fields(self) -> dict[str, tuple[str, int]]:
        """Return {key: (value, line)}, the first of repeated keys winning."""
        out: dict[str, tuple[str, int]] = {}
        for entry in self.entries:
            out.setdefault(entry.key, (entry.value, entry.line))
        return out

    def value(self, key: str) -> str | None:
        """Return the first value given for `key`, or None when absent."""
        return next((e.value for e in self.entries if e.key == key), None)

    def body_lines(self) -> list[tuple[int, str]]:
        """Return the body as (line number, text) pairs."""
        return list(enumerate(self.body.split("\n"), start=self.body_line))


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 (a BOM is dropped, as Pelican does) or raise UnreadableTextError."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UnreadableTextError(
            f"invalid UTF-8 (byte 0x{data[error.start]:02x}); the file must be "
            "saved as UTF-8",
            line,
        ) from None


def split_lines(text: str) -> list[str]:
    """Split text into lines the way Python-Markdown does (LF, CRLF, CR only)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_header(text: str) -> Header:
    """Read the metadata header at the start of `text`."""
    lines = split_lines(text.removeprefix("\ufeff"))
    entries: list[Entry] = []
    index = last_line = 0
    if lines and BEGIN_RE.match(lines[0]):
        index = 1
    while index < len(lines):
        line = lines[index].expandtabs(TAB_LENGTH)
        if line.strip() == "" or END_RE.match(line):
            index += 1
            break
        match = META_RE.match(line)
        if match:
            key = match.group("key").lower()
            entries.append(Entry(key, match.group("value").strip(), index + 1))
        else:
            more = META_MORE_RE.match(line)
            if not (more and entries):
                break
            last = entries[-1]
            value = f"{last.value} {more.group('value').strip()}".strip()
            entries[-1] = Entry(last.key, value, last.line)
        index += 1
        last_line = index
    return Header(
        entries=tuple(entries),
        last_line=last_line,
        body="\n".join(lines[index:]),
        body_line=index + 1,
    )


# Keys Pelican parses as dates; a value it cannot parse stops it reading the file.
DATE_KEYS = ("date", "modified")


def read_content_file(
    data: bytes, parse_date: Callable[[str], object]
) -> tuple[Header | None, list[tuple[int, str]]]:
    """Read a post or page as Pelican's Markdown reader would: header, and errors.

    The errors, as (line, message), are those that make Pelican give up on the
    file ("Could not process"): bytes that are not UTF-8, and a date it cannot
    parse. `parse_date` is Pelican's own (pelican.utils.get_date). `make check`
    reports these messages, and the build summary gives them as the reason.
    """
    try:
        text = decode_utf8(data)
    except UnreadableTextError as error:
        return None, [(error.line, str(error))]
    header = parse_header(text)
    errors: list[tuple[int, str]] = []
    for entry in header.entries:
        if entry.key not in DATE_KEYS:
            continue
        try:
            # Pelican reads `_` as a space in dates (2024-01-01_10:00).
            parsed = parse_date(entry.value.replace("_", " "))
        except ValueError:
            errors.append(
                (entry.line, f"unparseable {entry.key.title()} {entry.value!r}")
            )
            continue
        if offset_problem(parsed):
            errors.append(
                (
                    entry.line,
                    f"{entry.key.title()} {entry.value!r}: {OFFSET_OUT_OF_RANGE}",
                )
            )
    return header, errors


OFFSET_OUT_OF_RANGE = "its UTC offset is not between -24:00 and +24:00"


def offset_problem(value: object) -> bool:
    """Tell whether a parsed date has a UTC offset Python cannot compare.

    dateutil accepts `+25:00`; the date then breaks the build when Pelican
    sorts the posts, so it is refused like an unparseable one.
    """
    if not isinstance(value, datetime):
        return False
    try:
        value.utcoffset()
    except ValueError:
        return True
    return False
