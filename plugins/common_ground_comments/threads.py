"""Build reply trees by id in O(n) and lay them out to a visual depth."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from common_ground_core.header import Problem

from .models import Comment


@dataclass
class Threads:
    """Top-level comments plus the problems met while linking replies."""

    roots: list[Comment]
    # (comment, what was wrong and what was done), for one warning each.
    problems: list[tuple[Comment, str]] = field(default_factory=list)


def _sort_key(comment: Comment) -> tuple:
    """Order by date, then id, so equal dates are still stable."""
    return (comment.date, comment.id)


def build_threads(
    comments: Iterable[Comment],
    *,
    newest_first: bool = False,
    unpublished: Mapping[str, str] | None = None,
) -> Threads:
    """Link published comments of one post into trees by `replyto` id.

    Replies to a missing or unpublished comment, and comments caught in a reply
    cycle, are promoted to top level and reported once each. `unpublished` maps
    the ids of the post's pending and spam comments to their status, so a reply
    to one of them is reported as such.
    """
    items = [c for c in comments if c.kind == "comment"]
    by_id = {c.id: c for c in items}
    result = Threads(roots=[])
    for comment in items:
        comment.parent = None
        comment.replies = []
        comment.nested = []
        comment.flattened = False
    for comment in items:
        if not comment.replyto:
            result.roots.append(comment)
            continue
        parent = by_id.get(comment.replyto)
        if parent is None:
            status = (unpublished or {}).get(comment.replyto)
            what = f"a {status} comment" if status else "no comment of this post"
            result.problems.append(
                (
                    comment,
                    f"Replyto {comment.replyto!r} names {what}; "
                    "shown as a top-level comment",
                )
            )
            result.roots.append(comment)
        elif parent is comment:
            result.problems.append(
                (comment, "replies to itself; shown as a top-level comment")
            )
            result.roots.append(comment)
        else:
            comment.parent = parent
            parent.replies.append(comment)
    reached = _mark_reachable(result.roots)
    if len(reached) < len(items):
        _break_cycles(items, reached, result)
    result.roots.sort(key=_sort_key, reverse=newest_first)
    for comment in items:
        comment.replies.sort(key=_sort_key, reverse=newest_first)
    _set_depths(result.roots)
    return result


def thread_problems(
    comments: Iterable[Comment], *, newest_first: bool = False
) -> tuple[Threads, list[Problem]]:
    """Thread one post's comments (every status) and return what is wrong.

    The one statement of the threading rules: the build shows the returned
    threads and logs the problems; `make check` prints the same problems.
    """
    published: list[Comment] = []
    unpublished: dict[str, str] = {}
    for comment in comments:
        if comment.status == "published":
            published.append(comment)
        else:
            unpublished[comment.id] = comment.status
    threads = build_threads(
        published, newest_first=newest_first, unpublished=unpublished
    )
    problems = [
        Problem(comment.source_path, comment.replyto_line or 1, message)
        for comment, message in threads.problems
    ]
    return threads, problems


def _mark_reachable(roots: list[Comment]) -> set[int]:
    """Return ids (object ids) of every comment under the given roots."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        comment = stack.pop()
        if id(comment) in seen:
            continue
        seen.add(id(comment))
        stack.extend(comment.replies)
    return seen


def _break_cycles(items: list[Comment], reached: set[int], result: Threads) -> None:
    """Promote the oldest comment of each reply cycle to top level."""
    for start in sorted(items, key=_sort_key):
        if id(start) in reached:
            continue
        # Walk up the parent chain: it ends in a cycle, as nothing here is reached.
        walk: list[Comment] = []
        on_walk: set[int] = set()
        node: Comment | None = start
        while node is not None and id(node) not in on_walk and id(node) not in reached:
            walk.append(node)
            on_walk.add(id(node))
            node = node.parent
        if node is None or id(node) in reached:
            continue  # pragma: no cover - defensive: the chain reached a root
        cycle = walk[walk.index(node) :]
        head = min(cycle, key=_sort_key)
        at = cycle.index(head)
        chain = " → ".join(c.id for c in [*cycle[at:], *cycle[:at], head])
        result.problems.append(
            (head, f"reply cycle ({chain}); shown as a top-level comment")
        )
        if head.parent is not None:
            head.parent.replies.remove(head)
        head.parent = None
        result.roots.append(head)
        reached |= _mark_reachable([head])


def _set_depths(roots: list[Comment]) -> None:
    """Record each comment's true depth (0 for top level)."""
    stack = [(root, 0) for root in roots]
    while stack:
        comment, depth = stack.pop()
        comment.depth = depth
        stack.extend((reply, depth + 1) for reply in comment.replies)


def descendants(comment: Comment) -> list[Comment]:
    """Return every reply below `comment` in reading order (pre-order)."""
    out: list[Comment] = []
    stack = list(reversed(comment.replies))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.replies))
    return out


def layout(roots: list[Comment], max_depth: int) -> list[Comment]:
    """Fill `.nested` so no list nests deeper than `max_depth` levels.

    Past the last level, replies follow their ancestor in the same list, each
    flagged `.flattened` so the template says whom it answers.
    """
    return _layout_level(roots, 1, max_depth)


def _layout_level(kids: list[Comment], level: int, max_depth: int) -> list[Comment]:
    """Return the display list of one nesting level."""
    out: list[Comment] = []
    for kid in kids:
        out.append(kid)
        if level < max_depth:
            kid.nested = _layout_level(kid.replies, level + 1, max_depth)
            continue
        kid.nested = []
        for node in descendants(kid):
            node.nested = []
            node.flattened = True
            out.append(node)
    return out


def count(roots: list[Comment]) -> int:
    """Return how many comments the trees under `roots` hold."""
    return len(_mark_reachable(roots))
