"""The site the inbox checks submissions against, with make comment's own rules."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

from common_ground_core.source import load_settings
from common_ground_core.submissions import (
    Submission,
    SubmissionError,
    from_json,
)
from common_ground_tools.comment_submissions import (
    Checked,
    check_submission,
    post_slugs,
)
from pelican.plugins.common_ground_comments.config import Config, get_config

# The form's field names (the theme's Staticman-shaped form) and what they hold.
FORM_FIELDS = ("name", "email", "website", "replyto", "body")


class InboxSite:
    """The site's settings, comment rules and post list (re-read every `refresh` s)."""

    def __init__(self, settings_file: Path, content: Path | None, refresh: int) -> None:
        self.settings: dict[str, Any] = load_settings(settings_file, content)
        self.content = Path(self.settings["PATH"])
        self.comments: Config = get_config(self.settings)
        self.refresh = refresh
        self._posts: dict[str, bool] = {}
        self._read_at = float("-inf")
        self._lock = threading.Lock()
        self.posts()  # a content tree that cannot be read fails at start

    def posts(self) -> dict[str, bool]:
        """Return {slug: comments open?}, read again when older than `refresh`."""
        with self._lock:
            if time.monotonic() - self._read_at >= self.refresh or not self._posts:
                self._posts = post_slugs(self.content, self.settings)
                self._read_at = time.monotonic()
            return self._posts

    def submission(self, form: dict[str, str]) -> Submission:
        """Read the form's fields as `make comment` reads a JSON form post."""
        fields = {name: form.get(f"fields[{name}]", "") for name in FORM_FIELDS}
        options = {"slug": form.get("options[slug]", "")}
        return from_json(json.dumps({"fields": fields, "options": options}))

    def check(self, sub: Submission) -> Checked:
        """Return make comment's verdict on `sub` (every reason it is refused)."""
        return check_submission(sub, self.content, self.comments, self.posts())

    def post_url(self, slug: str, base: str) -> str:
        """Return the address of the post `slug` under `base` (the site's root)."""
        pattern = str(self.settings.get("ARTICLE_URL", "{slug}.html"))
        try:
            path = pattern.format(slug=slug)
        except (KeyError, IndexError, ValueError):
            path = ""  # a pattern needing the date: the site's home page will do
        return f"{base.rstrip('/')}/{path}"


__all__ = ["InboxSite", "SubmissionError"]
