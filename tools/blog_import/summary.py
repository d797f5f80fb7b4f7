"""Count what an import did and print it as one summary in numbers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


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
            f"{self.posts} posts, {self.pages} pages, "
            f"{c['published'] + c['pending'] + c['spam']} comments "
            f"({c['published']} published, {c['pending']} pending, {c['spam']} spam), "
            f"{self.pingbacks} pingbacks ({self.self_pingbacks} self-pingbacks left "
            f"to the site), {self.aliases} aliases"
        )
        out.append(
            f"import: {self.internal_links} internal links became {{filename}} links; "
            f"images: {self.images_copied} copied, {self.images_kept} kept at their "
            f"old address, {self.images_missing} missing from UPLOADS"
        )
        if self.held:
            why = ", ".join(f"{n} {reason}" for reason, n in sorted(self.held.items()))
            out.append(
                f"import: {sum(self.held.values())} posts and pages the old blog "
                f"kept from the public ({why}) {'would go to' if dry_run else 'are in'}"
                f" {self.held_folder}/, which "
                "the build never reads; move one into content/ to publish it"
            )
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
        out.append(f"import: skipped {sum(self.skipped.values())}: {skipped or 'none'}")
        verb = "would write" if dry_run else "wrote"
        out.append(f"import: {verb} {files} files, {len(self.warnings)} warnings")
        return out
