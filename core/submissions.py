"""Turn a reader's submission (saved email or JSON form post) into a comment file.

The comment submission contract: the fields a reader sends, their sizes, how a
new comment id is allocated and how an email or a JSON form post is read. Pure
functions behind the author's commands (comment_ingest, moderate, the inbox,
the blog importer): nothing here reads or writes files.
"""

from __future__ import annotations

import datetime as dt
import email
import email.message
import email.policy
import json
import re
from dataclasses import dataclass, field
from typing import Any

from common_ground_core.contract import parse_date, safe_url, site_zone
from common_ground_core.header import META_RE, Header, parse_header

SUBJECT_SLUG = re.compile(r"\[([A-Za-z0-9][A-Za-z0-9_-]*)\]\s*$")
EMAIL_ADDRESS = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")
NUMBERED_ID = re.compile(r"c(\d+)")
TEMPLATE_KEYS = {"post", "slug", "replyto", "author", "name", "website"}
MAX_NAME = 100
# The mailto template's body (the comments plugin's compose.py writes it); a
# reader who leaves it in place has written nothing there.
BODY_PLACEHOLDER = "(Write your comment here. Markdown is fine.)"


class SubmissionError(ValueError):
    """The submission cannot be read at all."""


@dataclass
class Submission:
    """What a reader sent, before validation."""

    slug: str = ""
    author: str = ""
    email: str = ""
    website: str = ""
    replyto: str = ""
    body: str = ""
    date: dt.datetime | None = None
    # The email's Message-ID: saved (never shown) so a repeat is recognised.
    message_id: str = ""
    # What could not be read (a header, a field of the wrong type): reasons
    # `validate` reports beside its own, so the sender learns every one at once.
    problems: list[str] = field(default_factory=list)


def _is_placeholder(value: str) -> bool:
    """Return True for the template's "(…)" hints the reader left untouched."""
    return value.startswith("(") and value.endswith(")")


def _template_fields(text: str) -> tuple[dict[str, str], str]:
    """Split the mailto template's leading `Key: value` lines from the message."""
    fields: dict[str, str] = {}
    lines = text.replace("\r\n", "\n").split("\n")
    index = 0
    while index < len(lines):
        match = META_RE.match(lines[index].strip())
        if not match or match["key"].lower() not in TEMPLATE_KEYS:
            break
        value = match["value"].strip()
        if value and not _is_placeholder(value):
            fields[match["key"].lower()] = value
        index += 1
    body = "\n".join(lines[index:])
    body = body.split("\n-- \n", 1)[0]  # the sender's signature is not the comment
    body = body.replace(BODY_PLACEHOLDER, "")
    return fields, body.strip()


def _header(message: email.message.EmailMessage, name: str, sub: Submission) -> Any:
    """Return one parsed header, or None with a problem when it cannot be read."""
    try:
        value = message.get(name)
        # The default policy parses lazily; touching the parts parses them.
        if value is not None:
            str(value)
            getattr(value, "addresses", None)
            getattr(value, "datetime", None)
    except (ValueError, TypeError, IndexError, LookupError, AttributeError) as error:
        sub.problems.append(f"the {name} header cannot be read: {error}")
        return None
    return value


def from_email(raw: bytes) -> Submission:
    """Read a saved email (.eml) written from the mailto template."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        part = message.get_body(preferencelist=("plain",))
    except (ValueError, TypeError, IndexError, LookupError, AttributeError) as error:
        raise SubmissionError(f"the email cannot be read: {error}") from None
    if part is None:
        raise SubmissionError("the email has no plain-text part")
    try:
        text = part.get_content()
    except (LookupError, UnicodeError, ValueError, AttributeError) as error:
        raise SubmissionError(f"the email's text cannot be decoded: {error}") from None
    if not isinstance(text, str):
        raise SubmissionError("the email's plain-text part holds no text")
    fields, body = _template_fields(text)
    sub = Submission(body=body)
    sender = _header(message, "From", sub)
    if sender is not None and getattr(sender, "addresses", ()):
        address = sender.addresses[0]
        sub.author = address.display_name
        sub.email = address.addr_spec
    message_id = _header(message, "Message-ID", sub)
    sub.message_id = " ".join(str(message_id or "").split())
    date_header = _header(message, "Date", sub)
    if date_header is not None and getattr(date_header, "datetime", None):
        sub.date = date_header.datetime
    subject = str(_header(message, "Subject", sub) or "")
    match = SUBJECT_SLUG.search(subject)
    sub.slug = fields.get("post") or fields.get("slug") or (match[1] if match else "")
    sub.author = fields.get("author") or fields.get("name") or sub.author
    sub.website = fields.get("website", "")
    sub.replyto = fields.get("replyto", "")
    return sub


def from_json(text: str, timezone: str = "UTC") -> Submission:
    """Read a JSON form submission, Staticman-shaped or flat.

    A date without an offset is read in `timezone` (the site's TIMEZONE). A
    field that is not text (a list, a number, null) is a problem of the
    submission, reported with every other.
    """
    try:
        data = json.loads(text)
    except RecursionError:
        raise SubmissionError("not valid JSON: nested too deeply") from None
    except ValueError as error:
        raise SubmissionError(f"not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise SubmissionError("the JSON must be an object")
    sub = Submission()
    groups: dict[str, dict[str, Any]] = {}
    for group in ("fields", "options"):
        value = data.get(group)
        if value is not None and not isinstance(value, dict):
            sub.problems.append(f"{group!r} must be an object, not {_kind(value)}")
            value = None
        groups[group] = value or {}
    fields: dict[str, Any] = {**data, **groups["fields"]}

    def text_of(*keys: str, source: dict[str, Any] = fields) -> str:
        for key in keys:
            value = source.get(key)
            if value is None:
                continue
            if isinstance(value, str):
                return value
            sub.problems.append(f"{key!r} must be text, not {_kind(value)}")
            return ""
        return ""

    sub.slug = text_of("slug", source=groups["options"]) or text_of("slug", "post")
    sub.author = text_of("name", "author").strip()
    sub.email = text_of("email").strip()
    sub.website = text_of("website", "url").strip()
    sub.replyto = text_of("replyto", "replying_to", "parent").strip()
    sub.body = text_of("body", "message", "comment").replace("\r\n", "\n").strip()
    raw_date = text_of("date")
    if raw_date:
        try:
            sub.date = parse_date(raw_date, timezone)
        except (ValueError, OverflowError):
            sub.problems.append(f"unparseable date {raw_date!r}")
    return sub


def _kind(value: object) -> str:
    """Name a JSON value's type as a reader of the message would."""
    names = {list: "a list", dict: "an object", bool: "true/false", str: "text"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def validate(
    sub: Submission,
    *,
    known_slugs: set[str],
    existing_ids: set[str],
    max_bytes: int,
) -> list[str]:
    """Return every reason the submission cannot be accepted (empty when fine)."""
    errors = list(sub.problems)
    if not sub.slug:
        errors.append(
            "no post slug (a 'Post:' line, a [slug] subject or options[slug])"
        )
    elif sub.slug not in known_slugs:
        errors.append(f"no post has the slug {sub.slug!r}")
    if not sub.author.strip():
        errors.append("no name (Author)")
    for label, value in (
        ("name", sub.author),
        ("website", sub.website),
        ("email", sub.email),
        ("replyto", sub.replyto),
        ("slug", sub.slug),
        ("Message-ID", sub.message_id),
    ):
        # splitlines() knows every line separator, U+2028 included.
        if len(value.splitlines()) > 1 or value.endswith(("\n", "\r")):
            errors.append(f"the {label} contains a line break")
    if len(sub.author) > MAX_NAME:
        errors.append(f"the name is longer than {MAX_NAME} characters")
    if sub.website and safe_url(sub.website) is None:
        errors.append(f"website {sub.website!r} is not an http(s) URL")
    if sub.email and not EMAIL_ADDRESS.fullmatch(sub.email):
        errors.append(f"email {sub.email!r} does not look like an address")
    if not sub.body.strip():
        errors.append("the comment is empty")
    elif len(sub.body.encode("utf-8")) > max_bytes:
        errors.append(f"the comment is over {max_bytes} bytes")
    replyto = sub.replyto.removesuffix(".md")
    if replyto and replyto not in existing_ids:
        errors.append(f"Replyto {replyto!r} names no comment of this post")
    return errors


def next_id(existing_ids: set[str]) -> str:
    """Return a fresh id: one past the highest cNNN id in the folder."""
    numbers = [int(m[1]) for i in existing_ids if (m := NUMBERED_ID.fullmatch(i))]
    candidate = max(numbers, default=0) + 1
    while f"c{candidate:03d}".casefold() in {i.casefold() for i in existing_ids}:
        candidate += 1  # pragma: no cover - only if ids were renamed by hand
    return f"c{candidate:03d}"


def comment_text(sub: Submission, now: dt.datetime, timezone: str) -> str:
    """Return the text of a `Status: pending` comment file for `sub`.

    The date is written in the site's `timezone`, as every date is shown.
    """
    date = (sub.date or now).astimezone(site_zone(timezone))
    lines = [f"Author: {' '.join(sub.author.split())}", f"Date: {date.isoformat()}"]
    if sub.message_id:
        lines.append(f"Message_id: {sub.message_id}")
    if sub.email:
        lines.append(f"Email: {sub.email}")
    if sub.website:
        lines.append(f"Website: {sub.website}")
    if sub.replyto:
        lines.append(f"Replyto: {sub.replyto.removesuffix('.md')}")
    lines.append("Status: pending")
    return "\n".join(lines) + "\n\n" + sub.body.strip() + "\n"


def _words(text: str) -> str:
    """Return `text` with every run of whitespace made one space."""
    return " ".join(text.split())


def find_repeat(sub: Submission, saved: dict[str, Header]) -> tuple[str, str] | None:
    """Return (id, why) of a saved comment that is this submission, or None.

    `saved` maps the ids of one post's comment files to their parsed headers. A
    repeat has the same Message-ID, or the same author and the same words.
    """
    for comment_id, header in sorted(saved.items()):
        fields = header.fields
        if sub.message_id and fields.get("message_id", ("",))[0] == sub.message_id:
            return comment_id, "the same Message-ID"
        same_author = _words(fields.get("author", ("",))[0]) == _words(sub.author)
        if same_author and _words(header.body) == _words(sub.body):
            return comment_id, "the same author and text"
    return None


def set_status(text: str, status: str) -> str:
    """Return the comment file text with its Status set to `status`."""
    header = parse_header(text)
    lines = text.split("\n")
    if "status" in header.fields:
        _, line = header.fields["status"]
        lines[line - 1] = f"Status: {status}"
        return "\n".join(lines)
    lines.insert(header.last_line, f"Status: {status}")
    return "\n".join(lines)
