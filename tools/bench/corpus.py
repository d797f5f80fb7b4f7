"""Write a seeded synthetic journal in the content-contract format.

The same seed and parameters always give byte-identical files: one random generator
drives every choice, and nothing reads the clock or the file system order.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR_VERSION = 1
IMAGE_PATH = "images/bench.png"

_VOCABULARY = """
a about after again all also always an and answer any are around ask asked at
away back be because been before being believe better between both budget but
buyer by call calls can care change client clients close come conversation could
customer customers day decision deal did different do does done down each early
easy email enough even every fair feel felt few find first follow for found free
from get give go good great had has have help her here him his honest how i idea
if in invitation into is it its just keep kind know last learn learned least let
like listen listening little long look made make many market marketing may me
meeting might more most much my need needs never new next no not nothing now of
offer often on once one only open or other our out over own part people person
pitch plan point price problem process product question questions quite rather
really reason relationship right said same say see sell selling seller service
she should show simple since small so some something still story sure take talk
team tell than that the their them then there these they thing things think this
those though through time to today together told too trust try two under until
up us use value very want was way we week well were what when where which while
who why will win with without word words work would write year yes yet you your
"""
_WORDS = _VOCABULARY.split()

_HEADINGS = """
Listening Questions Trust Offers Pricing Follow-up Silence Objections Stories
Referrals Timing Honesty Invitations Patience Boundaries Curiosity Value Promises
Mistakes Habits Meetings Proposals Networking Feedback Rejection Momentum
"""
_HEADING_WORDS = _HEADINGS.split()

_CATEGORIES = [
    "Sales and Influence",
    "Learning Journal",
    "Marketing",
    "Relationships",
    "Field Notes",
]
_TAGS = [f"topic-{n:02d}" for n in range(30)]
_NAMES = [
    "Sam Rivera",
    "Priya Natarajan",
    "Jonas Berg",
    "Amara Okafor",
    "Lee Min-jun",
    "Chloé Martin",
    "Diego Alvarez",
    "Hannah Schulz",
    "Tomás Ferreira",
    "Aiko Tanaka",
    "Grace O'Neill",
    "Yusuf Demir",
]
_CODE_LINES = [
    "def follow_up(lead, days=3):",
    "    if lead.replied:",
    "        return None",
    "    return schedule(lead, after=days)",
    "for call in calls:",
    "    notes.append(call.summary())",
    "price = base * (1 + margin)",
    "print(f'{client.name}: {status}')",
    "questions = [q for q in backlog if q.open]",
    "total = sum(deal.value for deal in pipeline)",
]


@dataclass(frozen=True)
class CorpusSpec:
    """Parameters of one corpus; equal specs give identical files."""

    posts: int
    seed: int = 1
    comments_per_post: float = 4.0
    series_share: float = 0.30
    reply_share: float = 0.30
    pending_share: float = 0.03
    image_share: float = 0.20
    code_share: float = 0.10


@dataclass
class PostPlan:
    """What one generated post will contain, decided before any text is written."""

    index: int
    slug: str
    title: str
    date: dt.datetime
    path: str
    words: int
    series: str | None = None
    series_index: int | None = None
    lesson: bool = False
    links: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class CorpusInfo:
    """What was written: counts a report or a test can check against."""

    root: Path
    posts: int
    comments: int
    pending: int
    replies: int
    series: int
    series_posts: int
    words: int


class _Text:
    """Produce prose from a fixed vocabulary with one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self, low: int = 6, high: int = 18) -> list[str]:
        """Return the words of one sentence, capitalised and full-stopped."""
        words = self.rng.choices(_WORDS, k=self.rng.randint(low, high))
        words[0] = words[0].capitalize()
        words[-1] += self.rng.choice([".", ".", ".", "?", "!"])
        return words

    def paragraph(self, budget: int) -> list[str]:
        """Return about `budget` words made of whole sentences."""
        words: list[str] = []
        while len(words) < budget:
            words.extend(self.sentence())
        return words

    def emphasise(self, words: list[str]) -> None:
        """Mark a few words as emphasis or strong emphasis, in place."""
        for _ in range(self.rng.randint(0, 2)):
            i = self.rng.randrange(len(words))
            if words[i][-1].isalpha():
                words[i] = self.rng.choice(["*{}*", "**{}**"]).format(words[i])

    def title(self) -> str:
        """Return a short title-cased phrase."""
        words = self.rng.choices(_WORDS, k=self.rng.randint(3, 6))
        return " ".join(w.capitalize() for w in words)


def plan_posts(spec: CorpusSpec, rng: random.Random) -> list[PostPlan]:
    """Decide slugs, dates, lengths, series membership and links of every post."""
    start = dt.datetime(2013, 1, 7, 8, 0)
    text = _Text(rng)
    plans: list[PostPlan] = []
    for i in range(spec.posts):
        title = f"{text.title()} (No. {i + 1})"
        slug = f"post-{i + 1:05d}-" + "-".join(title.lower().split()[:3])
        date = start + dt.timedelta(days=i, minutes=rng.randrange(0, 12 * 60))
        plans.append(
            PostPlan(
                index=i,
                slug=slug,
                title=title,
                date=date,
                path=f"posts/{date:%Y}/{slug}.md",
                # Triangular 400–2,000 with mode 1,290 has mean 1,230 words.
                words=round(rng.triangular(400, 2000, 1290)),
            )
        )
    _assign_series(spec, rng, plans)
    for plan in plans[1:]:
        count = min(rng.randint(0, 3), plan.index)
        plan.links = sorted(rng.sample(range(plan.index), count))
    return plans


def _assign_series(spec: CorpusSpec, rng: random.Random, plans: list[PostPlan]) -> None:
    """Put about `series_share` of the posts into series of 3–8 parts."""
    target = round(spec.series_share * len(plans))
    lengths: list[int] = []
    while sum(lengths) + 3 <= target:
        lengths.append(min(rng.randint(3, 8), target - sum(lengths)))
    members = sorted(rng.sample(range(len(plans)), sum(lengths)))
    rng.shuffle(members)
    text = _Text(rng)
    for number, length in enumerate(lengths, start=1):
        parts, members = sorted(members[:length]), members[length:]
        name = f"{text.title()} Series {number}"
        explicit = rng.random() < 0.5
        for position, index in enumerate(parts, start=1):
            plan = plans[index]
            plan.series = name
            plan.series_index = position if explicit else None
            plan.lesson = rng.random() < 0.6


def post_text(
    plan: PostPlan, plans: list[PostPlan], spec: CorpusSpec, rng: random.Random
) -> str:
    """Return one post file: contract metadata, then Markdown of about plan.words."""
    text = _Text(rng)
    meta = [
        f"Title: {plan.title}",
        f"Date: {plan.date:%Y-%m-%d %H:%M}",
        f"Category: {rng.choice(_CATEGORIES)}",
        "Tags: " + ", ".join(sorted(rng.sample(_TAGS, rng.randint(1, 4)))),
        f"Slug: {plan.slug}",
    ]
    if rng.random() < 0.5:
        meta.append("Summary: " + " ".join(text.sentence(12, 24)))
    if plan.series:
        meta.append(f"Series: {plan.series}")
        if plan.series_index is not None:
            meta.append(f"Series_index: {plan.series_index}")
        if plan.lesson:
            meta.append("Lesson: " + " ".join(text.sentence(8, 16)))

    blocks: list[str] = []
    written = 0
    links = [plans[i] for i in plan.links]
    with_image = rng.random() < spec.image_share
    with_code = rng.random() < spec.code_share
    with_list = rng.random() < 0.5
    section = 0
    while written < plan.words:
        if written and rng.random() < 0.35:
            section += 1
            blocks.append(f"## {rng.choice(_HEADING_WORDS)} and {text.title()}")
        words = text.paragraph(min(rng.randint(40, 120), plan.words - written))
        written += len(words)
        text.emphasise(words)
        if links and rng.random() < 0.5:
            target = links.pop()
            at = rng.randrange(len(words) - 2)
            anchor = " ".join(w.strip(".?!*") for w in words[at : at + 3])
            words[at : at + 3] = [f"[{anchor}]({{filename}}/{target.path})"]
        blocks.append(" ".join(words))
        if with_image and section >= 1:
            with_image = False
            blocks.append(f"![A sketch for {plan.title}]({{static}}/{IMAGE_PATH})")
        if with_list and section >= 1:
            with_list = False
            marker = rng.choice(["-", "1."])
            items = [" ".join(text.sentence(4, 10)) for _ in range(rng.randint(3, 6))]
            written += sum(len(item.split()) for item in items)
            blocks.append("\n".join(f"{marker} {item}" for item in items))
        if with_code and section >= 2:
            with_code = False
            lines = rng.choices(_CODE_LINES, k=rng.randint(4, 10))
            blocks.append("```python\n" + "\n".join(lines) + "\n```")
    for target in links:  # links that found no paragraph yet close the post
        blocks.append(f"See also [{target.title}]({{filename}}/{target.path}).")
    return "\n".join(meta) + "\n\n" + "\n\n".join(blocks) + "\n"


def comment_files(
    plan: PostPlan, spec: CorpusSpec, rng: random.Random
) -> tuple[dict[str, str], int, int]:
    """Return {comment id: file text} of one thread, its pending and reply counts."""
    text = _Text(rng)
    count = rng.randint(0, round(2 * spec.comments_per_post))
    files: dict[str, str] = {}
    published: list[str] = []
    pending = replies = 0
    when = plan.date
    # A thread's first comment cannot be a reply, so the later ones reply more often
    # for the share of replies among all comments to come out at reply_share.
    reply_odds = min(1.0, spec.reply_share * count / (count - 1)) if count > 1 else 0.0
    for n in range(1, count + 1):
        cid = f"c{n:03d}"
        when += dt.timedelta(hours=rng.randint(1, 72), minutes=rng.randrange(60))
        name = rng.choice(_NAMES)
        meta = [f"Author: {name}", f"Date: {when:%Y-%m-%dT%H:%M:%S}"]
        handle = name.split()[0].lower().replace("é", "e").replace("á", "a")
        if rng.random() < 0.4:
            meta.append(f"Website: https://{handle}.example.net/")
        if rng.random() < 0.3:
            meta.append(f"Email: {handle}@example.org")
        if published and rng.random() < reply_odds:
            meta.append(f"Replyto: {rng.choice(published)}")
            replies += 1
        if rng.random() < spec.pending_share:
            meta.append("Status: pending")
            pending += 1
        else:
            published.append(cid)
        files[cid] = "\n".join(meta) + "\n\n" + _comment_body(text, rng) + "\n"
    return files, pending, replies


def _comment_body(text: _Text, rng: random.Random) -> str:
    """Return 20–200 words of the Markdown a commenter writes."""
    budget = rng.randint(20, 200)
    paragraphs: list[str] = []
    written = 0
    while written < budget:
        words = text.paragraph(min(rng.randint(20, 80), budget - written))
        written += len(words)
        text.emphasise(words)
        roll = rng.random()
        if roll < 0.08:
            at = rng.randrange(len(words))
            words[at] = f"[{words[at].strip('.?!*')}](https://example.com/notes/{at})"
        elif roll < 0.12:
            words.insert(rng.randrange(len(words)), "`follow_up()`")
        paragraph = " ".join(words)
        if rng.random() < 0.05:
            paragraph = "> " + paragraph
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def png_bytes(width: int = 48, height: int = 32) -> bytes:
    """Return a small valid PNG of two flat colour bands."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00" + (b"\x2e\x6f\x8e" if y < height // 2 else b"\xe9\xc4\x6a") * width
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def generate(spec: CorpusSpec, root: Path) -> CorpusInfo:
    """Write the corpus for `spec` into `root`, replacing whatever was there."""
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(f"common-ground-bench:{GENERATOR_VERSION}:{spec.seed}")
    plans = plan_posts(spec, rng)
    (root / "images").mkdir(parents=True)
    (root / IMAGE_PATH).write_bytes(png_bytes())
    comments = pending = replies = words = 0
    for plan in plans:
        target = root / plan.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(post_text(plan, plans, spec, rng), encoding="utf-8")
        words += plan.words
        files, n_pending, n_replies = comment_files(plan, spec, rng)
        if files:
            folder = root / "comments" / plan.slug
            folder.mkdir(parents=True)
            for cid, body in files.items():
                (folder / f"{cid}.md").write_text(body, encoding="utf-8")
        comments += len(files)
        pending += n_pending
        replies += n_replies
    series = {plan.series for plan in plans if plan.series}
    return CorpusInfo(
        root=root,
        posts=len(plans),
        comments=comments,
        pending=pending,
        replies=replies,
        series=len(series),
        series_posts=sum(1 for plan in plans if plan.series),
        words=words,
    )
