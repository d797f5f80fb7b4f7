"""Threading: O(n) by id, any depth, visual depth, order, orphans and cycles."""

from __future__ import annotations

import datetime as dt

import pytest

from pelican.plugins.common_ground_comments.models import Comment
from pelican.plugins.common_ground_comments.threads import (
    build_threads,
    count,
    descendants,
    layout,
    thread_problems,
)

BASE = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)


def make(cid: str, minute: int, replyto: str | None = None) -> Comment:
    return Comment(
        id=cid,
        slug="post",
        source_path=f"comments/post/{cid}.md",
        author=f"Author {cid}",
        date=BASE + dt.timedelta(minutes=minute),
        body="text",
        replyto=replyto,
    )


def ids(comments: list[Comment]) -> list[str]:
    return [c.id for c in comments]


def test_replies_nest_under_their_parent_at_any_depth():
    chain = [make("c0", 0)] + [make(f"c{i}", i, f"c{i - 1}") for i in range(1, 50)]
    threads = build_threads(reversed(chain))
    assert ids(threads.roots) == ["c0"]
    assert threads.problems == []
    node = threads.roots[0]
    for expected_depth in range(50):
        assert node.depth == expected_depth
        node = node.replies[0] if node.replies else node
    assert count(threads.roots) == 50


@pytest.mark.parametrize(
    ("newest_first", "expected_roots", "expected_replies"),
    [(False, ["a", "b", "c"], ["r1", "r2"]), (True, ["c", "b", "a"], ["r2", "r1"])],
)
def test_order_is_by_date_at_every_level(
    newest_first, expected_roots, expected_replies
):
    comments = [
        make("b", 5),
        make("c", 9),
        make("a", 1),
        make("r2", 8, "a"),
        make("r1", 3, "a"),
    ]
    threads = build_threads(comments, newest_first=newest_first)
    assert ids(threads.roots) == expected_roots
    parent = next(c for c in threads.roots if c.id == "a")
    assert ids(parent.replies) == expected_replies


def test_equal_dates_are_ordered_by_id_for_a_stable_output():
    threads = build_threads([make("b", 0), make("a", 0)])
    assert ids(threads.roots) == ["a", "b"]


def test_orphan_is_promoted_to_top_level_with_one_problem():
    threads = build_threads([make("c1", 0), make("c2", 1, "missing")])
    assert ids(threads.roots) == ["c1", "c2"]
    assert len(threads.problems) == 1
    comment, message = threads.problems[0]
    assert comment.id == "c2"
    assert "'missing'" in message
    assert "top-level" in message


def test_self_reply_is_a_problem_not_a_hang():
    threads = build_threads([make("c1", 0, "c1")])
    assert ids(threads.roots) == ["c1"]
    assert len(threads.problems) == 1


@pytest.mark.parametrize("size", [2, 3, 7])
def test_reply_cycle_is_broken_at_its_oldest_comment(size):
    comments = [make(f"c{i}", i, f"c{(i + 1) % size}") for i in range(size)]
    tail = make("t", 100, "c1")
    threads = build_threads([*comments, tail])
    assert ids(threads.roots) == ["c0"]
    assert len(threads.problems) == 1
    head, message = threads.problems[0]
    assert head.id == "c0"
    assert "reply cycle" in message
    assert message.count("c0") == 2  # the chain starts and ends at the head
    assert count(threads.roots) == size + 1


def test_two_separate_cycles_are_each_reported_once():
    comments = [
        make("a", 0, "b"),
        make("b", 1, "a"),
        make("x", 2, "y"),
        make("y", 3, "x"),
    ]
    threads = build_threads(comments)
    assert ids(threads.roots) == ["a", "x"]
    assert len(threads.problems) == 2


def test_pingback_files_are_not_part_of_the_conversation():
    ping = make("p1", 0)
    ping.kind = "pingback"
    threads = build_threads([ping, make("c1", 1)])
    assert ids(threads.roots) == ["c1"]


def _chain(depth: int) -> list[Comment]:
    return [make("c0", 0)] + [make(f"c{i}", i, f"c{i - 1}") for i in range(1, depth)]


@pytest.mark.parametrize("max_depth", [1, 2, 3, 5])
def test_layout_never_nests_deeper_than_the_visual_depth(max_depth):
    threads = build_threads(_chain(8))
    top = layout(threads.roots, max_depth)

    def deepest(items: list[Comment], level: int) -> int:
        return max([level, *(deepest(c.nested, level + 1) for c in items if c.nested)])

    assert deepest(top, 1) == min(max_depth, 8)
    shown: list[Comment] = []
    stack = list(top)
    while stack:
        node = stack.pop()
        shown.append(node)
        stack.extend(node.nested)
    assert sorted(ids(shown)) == sorted(f"c{i}" for i in range(8))
    flattened = [c for c in shown if c.flattened]
    assert len(flattened) == max(0, 8 - max_depth)
    assert all(c.parent is not None for c in flattened)


def test_flattened_replies_follow_their_ancestor_in_reading_order():
    comments = [
        make("a", 0),
        make("b", 1, "a"),
        make("c", 2, "b"),
        make("d", 3, "b"),
        make("e", 4, "c"),
    ]
    threads = build_threads(comments)
    top = layout(threads.roots, 2)
    b = top[0].nested
    assert ids(b) == ["b", "c", "e", "d"]
    assert [c.flattened for c in b] == [False, True, True, True]
    assert ids(descendants(threads.roots[0])) == ["b", "c", "e", "d"]


def test_build_threads_is_linear_not_quadratic():
    # 20,000 comments in one thread finish quickly only without an all-pairs scan.
    comments = [make(f"c{i}", i, f"c{i // 2}" if i else None) for i in range(20_000)]
    threads = build_threads(comments)
    assert count(threads.roots) == 20_000
    assert threads.problems == []


def test_thread_problems_name_the_file_line_and_an_unpublished_parent():
    pending = make("c1", 0)
    pending.status = "pending"
    reply = make("c2", 1, "c1")
    reply.replyto_line = 4
    orphan = make("c3", 2, "c9")
    threads, problems = thread_problems([pending, reply, orphan])
    assert ids(threads.roots) == ["c2", "c3"]
    assert [(p.path, p.line, p.severity) for p in problems] == [
        ("comments/post/c2.md", 4, "error"),
        ("comments/post/c3.md", 1, "error"),
    ]
    assert "Replyto 'c1' names a pending comment" in problems[0].message
    assert "Replyto 'c9' names no comment of this post" in problems[1].message
