"""Read a Disqus comments export into plain records."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from .detect import DISQUS_INTERNALS_NS, DISQUS_NS
from .records import Export, SourceComment, SourceThread

DSQ_ID = f"{DISQUS_INTERNALS_NS}id"


def _text(element: ET.Element | None, name: str) -> str:
    """Return the text of the Disqus child `name`, or ""."""
    child = None if element is None else element.find(DISQUS_NS + name)
    return "" if child is None or child.text is None else child.text


def _flag(element: ET.Element, name: str) -> bool:
    """Read a Disqus true/false child."""
    return _text(element, name).strip().lower() == "true"


def _date(raw: str) -> dt.datetime | None:
    """Read Disqus's ISO 8601 `createdAt` (UTC when it names no zone)."""
    try:
        value = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _ref(element: ET.Element, name: str) -> str | None:
    """Return the dsq:id of a reference child such as <thread> or <parent>."""
    child = element.find(DISQUS_NS + name)
    return None if child is None else (child.get(DSQ_ID) or None)


def read_disqus(root: ET.Element) -> Export:
    """Read every thread and post of a parsed Disqus export."""
    export = Export(kind="disqus", version="")
    threads: dict[str, SourceThread] = {}
    deleted_threads: set[str] = set()
    for element in root.findall(DISQUS_NS + "thread"):
        dsq_id = element.get(DSQ_ID) or ""
        if _flag(element, "isDeleted"):
            deleted_threads.add(dsq_id)
        threads.setdefault(
            dsq_id,
            SourceThread(
                dsq_id=dsq_id,
                link=_text(element, "link").strip(),
                title=" ".join(_text(element, "title").split()),
            ),
        )
    for element in root.findall(DISQUS_NS + "post"):
        dsq_id = element.get(DSQ_ID) or ""
        author = element.find(DISQUS_NS + "author")
        status = "published"
        if _flag(element, "isSpam"):
            status = "spam"
        if _flag(element, "isDeleted"):
            status = "deleted"
        comment = SourceComment(
            id=dsq_id,
            author=_text(author, "name") or _text(author, "username"),
            date=_date(_text(element, "createdAt")),
            body=_text(element, "message"),
            status=status,
            parent=_ref(element, "parent"),
            email=_text(author, "email").strip(),
            origin="dq",
        )
        thread_id = _ref(element, "thread") or ""
        if thread_id in deleted_threads:
            comment.status = "deleted"
        thread = threads.get(thread_id)
        if thread is None:
            export.stray.append(
                (f"Disqus post {dsq_id}", f"its thread {thread_id!r} is not listed")
            )
            continue
        thread.comments.append(comment)
    export.threads = [threads[key] for key in sorted(threads)]
    return export
