"""Stable digests of the values a page is rendered from (pure, no Pelican needed).

The same inputs give the same digest in every process: no ids, no hash seeds. A
value the function cannot describe stably (an object whose repr holds an address)
gives a digest that differs each build, so it can only cause a re-render, never a
stale page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import types
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

# Attributes of a Pelican content object that never go in its digest: the whole
# settings and context (digested once for the site) and the link back to them.
SKIPPED_CONTENT_ATTRIBUTES = frozenset({"settings", "_context"})


def is_content(value: object) -> bool:
    """Tell whether `value` is a Pelican content object (post, page, static file)."""
    return hasattr(value, "source_path") and hasattr(value, "_content")


class Fingerprinter:
    """Builds a canonical description of values and digests it with SHA-256."""

    def __init__(self, skip_attributes: frozenset[str] = frozenset()) -> None:
        self.parts: list[str] = []
        # Attributes left out of every content object's digest (the volatile ones).
        self.skip_attributes = SKIPPED_CONTENT_ATTRIBUTES | skip_attributes
        self._active: set[int] = set()
        # Objects reached again (a reply is in its parent's replies and in the
        # thread list) are described once. Each is kept with its description so
        # that its id cannot pass to a new object while this fingerprint lives.
        self._done: dict[int, tuple[Any, str]] = {}

    def add(self, value: Any) -> None:
        """Add `value`, recursing into containers, dataclasses and plain objects."""
        parts = self.parts
        if isinstance(value, str):
            parts.append(f"s{len(value)}")
            parts.append(value)
        elif value is None or isinstance(value, bool | int | float):
            parts.append(type(value).__name__ + repr(value))
        elif isinstance(value, bytes):
            parts.append("b" + value.hex())
        elif isinstance(value, dt.datetime | dt.date | dt.time):
            parts.append(f"{type(value).__name__}{value.isoformat()}/{value.tzinfo}")
        elif isinstance(value, types.ModuleType):
            parts.append("module " + value.__name__)
        elif isinstance(value, types.FunctionType | types.MethodType):
            self._function(value)
        elif id(value) in self._done:
            parts.append(self._done[id(value)][1])
        elif id(value) in self._active:
            # A cycle (a reply's parent): its content is already being described.
            parts.append("cycle " + type(value).__qualname__)
        else:
            start = len(parts)
            self._active.add(id(value))
            try:
                self._compound(value)
            finally:
                self._active.discard(id(value))
            if len(parts) - start > 8:
                # Long descriptions are folded into one digest to remember.
                folded = "ref " + _sha("\x1f".join(parts[start:]))
                del parts[start:]
                parts.append(folded)
                self._done[id(value)] = (value, folded)

    def _function(self, function: Callable[..., Any]) -> None:
        code = getattr(function, "__code__", None)
        body = hashlib.sha256(code.co_code).hexdigest() if code else ""
        self.parts.append(
            f"function {function.__module__}.{function.__qualname__} {body}"
        )
        if code is not None:
            self.add([c for c in code.co_consts if not isinstance(c, types.CodeType)])

    def _compound(self, value: Any) -> None:
        parts = self.parts
        if isinstance(value, Mapping):
            parts.append(f"map{len(value)}")
            for key, item in sorted(value.items(), key=lambda kv: repr(kv[0])):
                self.add(key)
                self.add(item)
        elif isinstance(value, list | tuple):
            parts.append(f"{type(value).__name__}{len(value)}")
            for item in value:
                self.add(item)
        elif isinstance(value, set | frozenset):
            parts.append(f"set{len(value)}")
            parts.extend(sorted(digest(item) for item in value))
        elif is_content(value):
            # Other posts are referred to, not described: their own digests are
            # part of the site's.
            parts.append("content " + str(value.source_path))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            parts.append("dataclass " + type(value).__qualname__)
            for field in dataclasses.fields(value):
                parts.append(field.name)
                self.add(getattr(value, field.name))
        elif hasattr(value, "slug") and hasattr(value, "name"):
            # Pelican's Tag, Category and Author: what templates show of them.
            parts.append(f"{type(value).__qualname__} {value.name} {value.slug}")
        elif hasattr(value, "__dict__") and not isinstance(value, type):
            parts.append("object " + type(value).__qualname__)
            self.add(vars(value))
        else:
            parts.append(f"repr {type(value).__qualname__} {value!r}")

    def add_content(self, content: Any) -> None:
        """Add a content object's own state, without the volatile attributes."""
        self.parts.append("content-state " + str(content.source_path))
        state = {
            key: item
            for key, item in vars(content).items()
            if key not in self.skip_attributes
        }
        self._active.add(id(content))
        try:
            self.add(state)
        finally:
            self._active.discard(id(content))

    def hexdigest(self) -> str:
        """Return the digest of everything added so far."""
        return _sha("\x1f".join(self.parts))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def digest(value: Any) -> str:
    """Return the digest of one value."""
    fingerprinter = Fingerprinter()
    fingerprinter.add(value)
    return fingerprinter.hexdigest()


def files_digest(roots: Iterable[Path], suffixes: tuple[str, ...] = ()) -> str:
    """Return a digest of every file under `roots` (names and bytes), sorted."""
    hasher = hashlib.sha256()
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*"))
        for path in files:
            if not path.is_file() or (suffixes and not path.name.endswith(suffixes)):
                continue
            hasher.update(str(path.relative_to(root.parent)).encode("utf-8"))
            hasher.update(b"\0")
            hasher.update(path.read_bytes())
            hasher.update(b"\0")
    return hasher.hexdigest()


def site_digest(
    parts: Mapping[str, Any], contents: Iterable[Any], volatile: frozenset[str]
) -> str:
    """Return the digest every page depends on.

    `parts` are named site-wide values (settings, versions, theme and plugin file
    digests); `contents` every post, page and static file, described without
    their `volatile` attributes.
    """
    fingerprinter = Fingerprinter(skip_attributes=volatile)
    fingerprinter.add(dict(parts))
    for content in sorted(contents, key=lambda c: str(c.source_path)):
        fingerprinter.add_content(content)
    return fingerprinter.hexdigest()


def volatile_digest(content: Any, attributes: Iterable[str]) -> str:
    """Return the digest of a post's volatile attributes (its comment thread)."""
    fingerprinter = Fingerprinter()
    for name in sorted(attributes):
        fingerprinter.add(name)
        fingerprinter.add(getattr(content, name, None))
    return fingerprinter.hexdigest()
