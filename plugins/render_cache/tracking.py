"""Record which posts' volatile attributes a template reads while it renders.

Jinja compiles `post.comments` to `environment.getattr(post, "comments")` and a
top-level name to `context.resolve_or_missing(name)`, so wrapping those two on an
environment sees every read, in the page's own template, its partials and macros.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jinja2 import Environment

# The environment attribute holding its tracker (found by the fragments plugin too).
TRACKER_ATTRIBUTE = "render_dependencies"
ATTRIBUTE_DEPENDENCY = "attr:"
CONTEXT_DEPENDENCY = "context:"


class DependencyTracker:
    """Collects dependencies into every capture that is open."""

    def __init__(self) -> None:
        self._open: list[set[str]] = []

    @property
    def capturing(self) -> bool:
        """Tell whether any capture is open."""
        return bool(self._open)

    def record(self, dependency: str) -> None:
        """Add one dependency to every open capture."""
        for found in self._open:
            found.add(dependency)

    def replay(self, dependencies: set[str]) -> None:
        """Add dependencies captured earlier (text reused from a memo)."""
        for found in self._open:
            found.update(dependencies)

    @contextmanager
    def capture(self) -> Iterator[set[str]]:
        """Collect what is read inside the block (nested captures see it too)."""
        found: set[str] = set()
        self._open.append(found)
        try:
            yield found
        finally:
            self._open.pop()


def install_tracker(
    environment: Environment,
    volatile_attributes: frozenset[str],
    volatile_context: frozenset[str],
) -> DependencyTracker:
    """Wrap `environment` so reads of volatile attributes and context are recorded."""
    tracker = DependencyTracker()
    plain_getattr = environment.getattr
    plain_getitem = environment.getitem

    def _note(obj: Any, name: Any) -> None:
        if name in volatile_attributes and tracker.capturing:
            path = getattr(obj, "source_path", None)
            if isinstance(path, str) and hasattr(obj, "_content"):
                tracker.record(ATTRIBUTE_DEPENDENCY + path)

    def tracked_getattr(obj: Any, attribute: str) -> Any:
        _note(obj, attribute)
        return plain_getattr(obj, attribute)

    def tracked_getitem(obj: Any, argument: Any) -> Any:
        _note(obj, argument)
        return plain_getitem(obj, argument)

    base = environment.context_class

    class TrackedContext(base):  # type: ignore[misc, valid-type]
        def resolve_or_missing(self, key: str) -> Any:
            if key in volatile_context and tracker.capturing:
                tracker.record(CONTEXT_DEPENDENCY + key)
            return super().resolve_or_missing(key)

    environment.getattr = tracked_getattr  # type: ignore[method-assign]
    environment.getitem = tracked_getitem  # type: ignore[method-assign]
    environment.context_class = TrackedContext
    setattr(environment, TRACKER_ATTRIBUTE, tracker)
    return tracker


def tracker_of(environment: Any) -> DependencyTracker | None:
    """Return the environment's tracker, if the render cache installed one."""
    return getattr(environment, TRACKER_ATTRIBUTE, None)
