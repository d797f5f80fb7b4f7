"""Count what an import did and print it as one summary in numbers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pelican.plugins.common_ground_build_summary.core import plural


@dataclass
class Summary:
    """Numbers and messages of one import run."""

    posts: int = 0
    pages: int = 0
    # Items the old blog kept from the public, by reason; and where they went.
    held: Counter[str] = field(default_factory=Counter)
    held_folder: str = "unpublished"
    comments: Counter[str] = field(default_factory=Counter)
    pingbacks: int = 0
    self_pingbacks: int = 0
    aliases: int = 0
    internal_links: int = 0
    images_copied: int = 0
    images_kept: int = 0
    images_missing: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    unmatched_threads: list[str] = field(default_factory=list)

    def skip(self, reason: str, message: str | None = None) -> None:
        """Count one skipped item under `reason`, warning with `message` if given."""
        self.skipped[reason] += 1
        if message:
            self.warnings.append(message)

    def warn(self, message: str) -> None:
        """Record one warning."""
        self.warnings.append(message)

    def lines(self, *, dry_run: bool, files: int) -> list[str]:
        """Return the summary as printable lines, warnings first."""
        out = [f"warning: {message}" for message in self.warnings]
        out += [f"thread matching no post: {link}" for link in self.unmatched_threads]
        c = self.comments
        out.append(
            f"import{' (dry run, nothing written)' if dry_run else ''}: "
            f"{plural(self.posts, 'post')}, {plural(self.pages, 'page')}, "
            f"{plural(c['published'] + c['pending'] + c['spam'], 'comment')} "
            f"({c['published']} published, {c['pending']} pending, {c['spam']} spam), "
            f"{plural(self.pingbacks, 'pingback')} "
            f"({plural(self.self_pingbacks, 'self-pingback')} left to the site), "
            f"{plural(self.aliases, 'alias', 'aliases')}"
        )
        out.append(
            f"import: {plural(self.internal_links, 'internal link')} became "
            "{filename} links; "
            f"images: {self.images_copied} copied, {self.images_kept} kept at their "
            f"old address, {self.images_missing} missing from UPLOADS"
        )
        if self.held:
            why = ", ".join(f"{n} {reason}" for reason, n in sorted(self.held.items()))
            held = sum(self.held.values())
            held_verb = "is in" if held == 1 else "are in"
            out.append(
                f"import: {plural(held, 'post or page', 'posts and pages')}"
                f" the old blog kept from the public ({why}) "
                f"{'would go to' if dry_run else held_verb} {self.held_folder}/, which "
                "the build never reads; move one into content/ to publish it"
            )
        # The reasons are plural phrases ("comments in the trash"): the count follows.
        skipped = ", ".join(f"{why} ({n})" for why, n in sorted(self.skipped.items()))
        out.append(f"import: skipped {sum(self.skipped.values())}: {skipped or 'none'}")
        verb = "would write" if dry_run else "wrote"
        out.append(
            f"import: {verb} {plural(files, 'file')}, "
            f"{plural(len(self.warnings), 'warning')}"
        )
        return out
