"""Send Webmentions (or pingbacks) for the external links of published posts.

Reads the published output (never the build): each page with an `h-entry`
holding an `e-content` is a post; its address is its canonical link. A JSON
state file remembers, per post, a digest of its content, its links and each
answer, so the next run sends only what changed: links of new or edited
posts, links removed from a post (re-sent so the receiver sees them gone),
every link of a deleted post, and what failed before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import xmlrpc.client
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from .config import MentionConfig
from .discover import Endpoint, discover
from .fetch import FetchError, fetch

logger = logging.getLogger(__name__)

STATE_VERSION = 1


@dataclass
class Post:
    """One published post: its address, content digest and external links."""

    url: str
    digest: str
    links: list[str]


@dataclass
class Outcome:
    """What happened to one source → target notification."""

    source: str
    target: str
    why: str
    kind: str = ""
    endpoint: str = ""
    status: int | None = None
    error: str = ""

    @property
    def done(self) -> bool:
        """Return True if nothing is left to retry for this pair."""
        if self.kind == "none":
            return True
        return self.status is not None and 200 <= self.status < 300


def read_post(html: str, page_url: str, site_url: str) -> Post | None:
    """Return the post on one published page, or None if it is not a post."""
    soup = BeautifulSoup(html, "html.parser")
    entry = soup.find(class_="h-entry")
    body = entry.find(class_="e-content") if entry else None
    if body is None:
        return None
    canonical = soup.find("link", rel="canonical")
    href = canonical.get("href") if canonical else None
    url = urljoin(page_url, href.strip()) if isinstance(href, str) else page_url
    site_host = urlsplit(site_url).netloc.lower()
    links: set[str] = set()
    for anchor in body.find_all("a", href=True):
        href = urljoin(url, anchor["href"].strip()).split("#")[0]
        parts = urlsplit(href)
        if parts.scheme in ("http", "https") and parts.netloc.lower() != site_host:
            links.add(href)
    digest = hashlib.sha256(str(body).encode("utf-8")).hexdigest()
    return Post(url=url, digest=digest, links=sorted(links))


def published_posts(output: Path, site_url: str) -> list[Post]:
    """Return every post in the published output folder, by address."""
    posts: dict[str, Post] = {}
    for path in sorted(output.rglob("*.html")):
        rel = path.relative_to(output).as_posix()
        page_url = f"{site_url}/{rel.removesuffix('index.html')}"
        text = path.read_text(encoding="utf-8", errors="replace")
        if "e-content" not in text:
            continue  # listings, tags, the 404 page: not worth parsing
        post = read_post(text, page_url, site_url)
        if post is not None:
            posts[post.url] = post
    return [posts[url] for url in sorted(posts)]


def load_state(path: Path) -> dict[str, Any]:
    """Return the saved state, or an empty one (a corrupt file is an error)."""
    if not path.exists():
        return {"version": STATE_VERSION, "sources": {}}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"mentions: {path}: cannot be read ({error})") from None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        raise SystemExit(f"mentions: {path}: not a state file of this version")
    return state


def save_state(path: Path, state: dict[str, Any]) -> None:
    """Write the state atomically, sorted (the same sends give the same file)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(
        json.dumps(state, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    tmp.replace(path)


def plan(posts: list[Post], state: dict[str, Any]) -> list[Outcome]:
    """Return the notifications this run owes, in a stable order."""
    todo: list[Outcome] = []
    sources = state["sources"]
    current = {post.url: post for post in posts}
    for post in posts:
        before = sources.get(post.url)
        if before is None:
            todo += [Outcome(post.url, t, "new post") for t in post.links]
            continue
        sent = before.get("sent", {})
        edited = before.get("digest") != post.digest
        for target in post.links:
            record = sent.get(target)
            if record is None:
                todo.append(Outcome(post.url, target, "new link"))
            elif edited:
                todo.append(Outcome(post.url, target, "post edited"))
            elif not record.get("done"):
                todo.append(Outcome(post.url, target, "retry"))
        for target in sorted(set(sent) - set(post.links)):
            todo.append(Outcome(post.url, target, "link removed"))
    for url in sorted(set(sources) - set(current)):
        todo += [
            Outcome(url, target, "post deleted")
            for target in sorted(sources[url].get("sent", {}))
        ]
    return todo


@dataclass
class Sender:
    """Sends with retries, back-off and a minimum interval per host."""

    cfg: MentionConfig
    sleep: Callable[[float], None] = time.sleep
    last_request: dict[str, float] = field(default_factory=dict)
    # Endpoints found in this run: several posts linking to one page ask once.
    endpoints: dict[str, Endpoint | None] = field(default_factory=dict)

    def _polite(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self.last_request.get(host)
        if last is not None:
            wait = self.cfg.host_interval - (time.monotonic() - last)
            if wait > 0:
                self.sleep(wait)
        self.last_request[host] = time.monotonic()

    def _retrying(self, call: Callable[[], Any], url: str) -> Any:
        """Run `call` (one request to `url`), retrying failures with back-off."""
        for attempt in range(self.cfg.retries + 1):
            self._polite(url)
            try:
                result = call()
            except FetchError:
                if attempt == self.cfg.retries:
                    raise
            else:
                status = getattr(result, "status", 200)
                if (status < 500 and status != 429) or attempt == self.cfg.retries:
                    return result
            self.sleep(self.cfg.backoff * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def notify(self, outcome: Outcome) -> Outcome:
        """Discover the target's endpoint and send; fill in `outcome`."""
        policy = self.cfg.policy
        try:
            if outcome.target not in self.endpoints:
                self.endpoints[outcome.target] = self._retrying(
                    lambda: discover(outcome.target, policy), outcome.target
                )
            endpoint = self.endpoints[outcome.target]
            if endpoint is None:
                outcome.kind = "none"
                return outcome
            outcome.kind, outcome.endpoint = endpoint.kind, endpoint.url
            if endpoint.kind == "webmention":
                response = self._retrying(
                    lambda: fetch(
                        endpoint.url,
                        policy,
                        method="POST",
                        form=[("source", outcome.source), ("target", outcome.target)],
                        truncate=True,
                    ),
                    endpoint.url,
                )
                outcome.status = response.status
                if not 200 <= response.status < 300:
                    outcome.error = " ".join(response.text().split())[:200]
            else:
                self._pingback(outcome, endpoint.url)
        except FetchError as error:
            outcome.error = str(error)
        return outcome

    def _pingback(self, outcome: Outcome, endpoint: str) -> None:
        """Send an XML-RPC pingback.ping; a fault is recorded as the answer."""
        body = xmlrpc.client.dumps(
            (outcome.source, outcome.target), "pingback.ping"
        ).encode("utf-8")
        response = self._retrying(
            lambda: fetch(
                endpoint,
                self.cfg.policy,
                method="POST",
                data=body,
                headers={"Content-Type": "text/xml"},
                truncate=True,
            ),
            endpoint,
        )
        outcome.status = response.status
        if response.status != 200:
            outcome.error = f"the pingback endpoint answered {response.status}"
            return
        try:
            xmlrpc.client.loads(response.body)
        except xmlrpc.client.Fault as fault:
            # 48: "already registered" means the receiver has it: done.
            if fault.faultCode != 48:
                outcome.status = None
                outcome.error = f"pingback fault {fault.faultCode}: {fault.faultString}"
        except Exception as error:  # noqa: BLE001 - a stranger's malformed XML
            outcome.status = None
            outcome.error = f"unreadable pingback answer ({type(error).__name__})"


def record(
    state: dict[str, Any],
    posts: list[Post],
    outcomes: list[Outcome],
    *,
    final: bool = False,
) -> None:
    """Fold outcomes into the state; `final` also stores each post's digest."""
    sources = state["sources"]
    current = {post.url: post for post in posts}
    for outcome in outcomes:
        entry = sources.setdefault(outcome.source, {"sent": {}})
        answer = {
            "done": outcome.done,
            "endpoint": outcome.endpoint,
            "error": outcome.error,
            "kind": outcome.kind,
            "status": outcome.status,
        }
        post = current.get(outcome.source)
        if post is None or outcome.target not in post.links:
            # A removed link or deleted post: forget it once the receiver knows.
            if outcome.done:
                entry["sent"].pop(outcome.target, None)
            else:
                entry["sent"][outcome.target] = answer
        else:
            entry["sent"][outcome.target] = answer
    if not final:
        return
    for url, post in current.items():
        entry = sources.setdefault(url, {"sent": {}})
        entry["digest"] = post.digest
    for url in [u for u in sources if u not in current and not sources[u]["sent"]]:
        del sources[url]


def run(
    output: Path,
    state_path: Path,
    cfg: MentionConfig,
    *,
    dry_run: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    say: Callable[[str], None] = print,
) -> list[Outcome]:
    """Send what changed since the last run; return the outcomes."""
    if not cfg.site_url:
        raise SystemExit(
            "mentions: set SITEURL (publishconf.py) or WEBMENTION_SITE_URL"
        )
    if not output.is_dir():
        raise SystemExit(f"mentions: {output}: no published output (make publish)")
    posts = published_posts(output, cfg.site_url)
    state = load_state(state_path)
    todo = plan(posts, state)
    if dry_run:
        for item in todo:
            say(f"would send: {item.source} -> {item.target} ({item.why})")
        say(f"mentions: {len(todo)} to send (dry run: nothing sent)")
        return todo
    sender = Sender(cfg, sleep=sleep)
    outcomes = []
    for item in todo:
        outcome = sender.notify(item)
        outcomes.append(outcome)
        answer = (
            "no endpoint"
            if outcome.kind == "none"
            else f"{outcome.kind} {outcome.endpoint}: {outcome.status or ''} "
            f"{outcome.error}".rstrip()
        )
        say(f"{outcome.source} -> {outcome.target} ({outcome.why}): {answer}")
        # Saved after each send: an interrupted run keeps what it learned (the
        # digests are stored last, so its posts are planned again in full).
        record(state, posts, [outcome])
        save_state(state_path, state)
    record(state, posts, [], final=True)
    save_state(state_path, state)
    failed = sum(1 for o in outcomes if not o.done)
    say(f"mentions: {len(outcomes)} sent, {failed} to retry next run")
    return outcomes
