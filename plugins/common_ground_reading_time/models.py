"""The one object the plugin puts on every article and page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReadingTime:
    """How long an article or page takes to read, and what the estimate counted.

    `minutes` is what badges show: the `Reading_time:` override when there is a
    valid one, otherwise `computed_minutes`. `words` is everything a reader reads
    as words: prose words, code words and CJK characters (one each, as word
    processors count them), which is what schema.org `wordCount` wants.
    """

    minutes: int
    words: int
    prose_words: int = 0
    code_words: int = 0
    cjk_chars: int = 0
    images: int = 0
    computed_minutes: int = 0
    overridden: bool = False

    @property
    def iso_duration(self) -> str:
        """Return the ISO 8601 duration of `minutes`, e.g. "PT2M"."""
        return f"PT{self.minutes}M"
