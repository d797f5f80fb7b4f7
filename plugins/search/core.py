"""Run the Pagefind indexer beside the build and install its bundle (the plugin's I/O).

As soon as Pelican has read the content, the documents (see `documents`) are
written to a scratch folder, part by part, and the part runner (`indexer`) starts
in a process of its own, so indexing uses the second core while Pelican renders
the pages.

Pagefind holds every page it indexes in memory at once, so a large journal is
indexed in parts of at most `SEARCH_PART_SIZE` documents, one Pagefind run after
another. The first part is a complete bundle in `SEARCH_BUNDLE_DIR`; each further
part keeps only its data in `part-N/` below it, and `parts.json` lists them for the
search page to merge (Pagefind's own `mergeIndex`).

With Pelican's content cache on, each part's bundle is kept under a digest of its
documents, so a rebuild re-indexes only the parts whose documents changed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import indexer
from .documents import VOCABULARY_FILTER, BundleKey, IndexDocument, in_parts

# The folder inside CACHE_PATH that holds one bundle per part, named by its key.
CACHE_FOLDER = "search-bundle"
# Lists the bundle's further parts, relative to it; the search page reads it.
PARTS_MANIFEST = "parts.json"
# What a merged part needs: Pagefind's search page code and wasm come from part 1.
_PART_DATA_FOLDERS = frozenset({"index", "fragment", "filter"})


@dataclass(frozen=True)
class IndexResult:
    """What one Pagefind run reported."""

    returncode: int
    output: str


@dataclass
class IndexPart:
    """One part of the index: its documents and, once indexed, its bundle."""

    number: int
    documents: int
    # Of its documents and vocabulary page, as the runner reports it.
    key: str = ""
    # The finished bundle: in the cache, or in the scratch folder without a cache.
    bundle: Path | None = None
    reused: bool = False


def part_folder(number: int) -> str:
    """Return where part `number` (from 2) lives inside the bundle folder."""
    return f"part-{number}"


def parts_manifest(count: int) -> str:
    """Return the list of parts the search page reads.

    It names the further parts relative to the bundle and, with more than one
    part, the filter that keeps the vocabulary pages out of every result.
    """
    if count == 1:
        return json.dumps({"parts": []})
    parts = [f"{part_folder(n)}/" for n in range(2, count + 1)]
    return json.dumps({"parts": parts, "filters": {"not": VOCABULARY_FILTER}})


def indexer_version() -> str:
    """Return the installed Pagefind version, part of every cache key."""
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "unknown"


def _politely(command: list[str]) -> list[str]:
    """Run `command` at a lower CPU priority where `nice` exists.

    Pelican's own thread keeps first call on the CPU while both run: it has the
    longer way to go, and the build waits for both (about 8% faster at 1,000
    posts on two cores).
    """
    nice = shutil.which("nice")
    return [nice, "-n", "10", *command] if nice else command


def write_documents(
    documents: Iterable[IndexDocument], site: Path, key: BundleKey
) -> int:
    """Write each document under `site` at its page's path, adding it to `key`."""
    count = 0
    for document in documents:
        target = site / document.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document.html, encoding="utf-8")
        key.add(document)
        count += 1
    return count


class IndexJob:
    """One index being built: started early, finished into the output at the end."""

    def __init__(
        self, timeout: float, cache_dir: Path | None, workdir: Path | None
    ) -> None:
        self.timeout = timeout
        # Where part bundles are kept for later builds (None: not kept).
        self.cache_dir = cache_dir
        self.workdir: Path | None = workdir
        self.parts: list[IndexPart] = []
        self.started = time.monotonic()
        self.process: subprocess.Popen[bytes] | None = None

    @classmethod
    def start(
        cls,
        documents: Iterable[IndexDocument],
        timeout: float,
        cache_dir: Path | None = None,
        reuse: bool = True,
        part_size: int = 500,
        lang: str = "en",
        pagefind: list[str] | None = None,
        source: str | None = None,
    ) -> IndexJob:
        """Write the documents part by part and start the runner on them.

        The runner reuses cached part bundles or runs Pagefind (see `indexer`).
        `reuse` False (`pelican --ignore-cache`) still keeps the new bundles.
        `source` (`documents.source_key`) lets a rebuild whose sources are those
        of the last build take its parts without making a single document.
        `pagefind` replaces Pagefind's command line (it gets the site and bundle
        folders appended); tests use it to make indexing fail.
        """
        if source is not None and cache_dir is not None and reuse:
            kept = indexer.known_source(cache_dir / CACHE_FOLDER, source)
            if kept is not None:
                job = cls(timeout, cache_dir, None)
                job.parts = [
                    IndexPart(
                        number,
                        count,
                        key,
                        bundle=cache_dir / CACHE_FOLDER / key,
                        reused=True,
                    )
                    for number, (key, count) in enumerate(kept, 1)
                ]
                return job
        workdir = Path(tempfile.mkdtemp(prefix="common-ground-search-"))
        job = cls(timeout, cache_dir, workdir)
        spec_parts = []
        # Written here, digested as they go: the cheapest way to key the
        # documents without holding them all.
        try:
            for number, documents_of_part in enumerate(
                in_parts(documents, part_size), 1
            ):
                site = workdir / f"site-{number}"
                key = BundleKey(indexer_version())
                count = write_documents(documents_of_part, site, key)
                job.parts.append(IndexPart(number, count))
                spec_parts.append(
                    {
                        "number": number,
                        "site": str(site),
                        "documents": count,
                        "digest": key.hexdigest(),
                    }
                )
            # Pagefind refuses a folder without pages; a site with nothing
            # published yet simply has no index, and its search page says so.
            if not spec_parts:
                return job
            spec = workdir / "spec.json"
            spec.write_text(
                json.dumps(
                    {
                        "workdir": str(workdir),
                        "lang": lang,
                        "reuse": reuse,
                        "cache": str(cache_dir / CACHE_FOLDER) if cache_dir else None,
                        "pagefind": pagefind,
                        "source": source,
                        "parts": spec_parts,
                    }
                ),
                encoding="utf-8",
            )
            with (workdir / "runner.log").open("wb") as log:
                job.process = subprocess.Popen(
                    _politely([sys.executable, indexer.__file__, str(spec)]),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    # Its own process group, so stopping it stops Pagefind too.
                    start_new_session=os.name == "posix",
                )
        except OSError as error:
            job.cancel()
            raise IndexStartError(f"cannot start indexing: {error}") from None
        return job

    @property
    def pending(self) -> list[IndexPart]:
        """Return the parts Pagefind indexed this build (known once finished)."""
        return [part for part in self.parts if not part.reused]

    @property
    def reused_all(self) -> bool:
        """Return whether every part came from the cache."""
        return bool(self.parts) and not self.pending

    def finish(self, target: Path) -> IndexResult:
        """Wait for the runner, then replace `target` with the new bundle.

        On failure `target` is left as it was and the scratch folder is removed.
        """
        try:
            if not self.parts:
                shutil.rmtree(target, ignore_errors=True)
                return IndexResult(0, "nothing to index")
            # No runner: every part came straight from the cache.
            if self.process is not None:
                remaining = max(self.timeout - (time.monotonic() - self.started), 0)
                try:
                    self.process.wait(timeout=remaining)
                except subprocess.TimeoutExpired:
                    return IndexResult(
                        -1, f"pagefind timed out after {self.timeout:g} s"
                    )
                failure = self._read_result()
                if failure is not None:
                    return failure
            try:
                install_bundle(target, self.parts)
                if self.cache_dir is not None:
                    keep = {part.key for part in self.parts} | {indexer.KEYS_FILE}
                    prune_cache(self.cache_dir, keep)
            except OSError as error:
                return IndexResult(-1, f"cannot install the index: {error}")
            return IndexResult(0, "")
        finally:
            self.cancel()

    def _read_result(self) -> IndexResult | None:
        """Take the runner's report into `parts`; return its failure, if any."""
        assert self.process is not None
        assert self.workdir is not None
        try:
            result = json.loads(
                (self.workdir / indexer.RESULT_FILE).read_text(encoding="utf-8")
            )
        except (OSError, ValueError):
            said = (self.workdir / "runner.log").read_text("utf-8", "replace")
            return IndexResult(
                self.process.returncode or -1,
                f"the indexer stopped without a report: {said.strip()}",
            )
        if result["failure"]:
            return IndexResult(**result["failure"])
        for part, done in zip(self.parts, result["parts"], strict=True):
            part.key = done["key"]
            part.bundle = Path(done["bundle"])
            part.reused = not done.get("new", False)
        return None

    def cancel(self) -> None:
        """Stop the runner and Pagefind if they still run; remove the scratch folder."""
        if self.process is not None and self.process.poll() is None:
            try:
                if os.name == "posix":
                    os.killpg(self.process.pid, signal.SIGKILL)
                else:
                    self.process.kill()
            except ProcessLookupError:
                pass  # it ended on its own in the meantime
            self.process.wait()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


class IndexStartError(RuntimeError):
    """The documents to index could not be written, or the runner not started."""


def prune_cache(cache_dir: Path, keep: set[str]) -> None:
    """Remove cached bundles of parts this build no longer has."""
    folder = cache_dir / CACHE_FOLDER
    for entry in folder.iterdir() if folder.is_dir() else ():
        if entry.name not in keep:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _is_part_data(name: str) -> bool:
    """Return whether a merged part needs this file or folder of its bundle."""
    return (
        name == "pagefind-entry.json"
        or name.endswith(".pf_meta")
        or name in _PART_DATA_FOLDERS
    )


def install_bundle(target: Path, parts: list[IndexPart]) -> None:
    """Replace `target` with part 1's bundle, the further parts' data and the list.

    Assembled beside `target` and renamed over it, so the output never holds half
    a bundle; files are hard-linked from the cache where the disk allows.
    """
    if target.exists() and not target.is_dir():
        raise OSError(f"{target} is a file, not a folder for the index")
    staging = target.parent / f".{target.name}.partial"
    retired = target.parent / f".{target.name}.old"
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _assemble(staging, parts)
        if target.exists():
            os.rename(target, retired)
        try:
            os.rename(staging, target)
        except OSError:
            if retired.exists():
                os.rename(retired, target)
            raise
    finally:
        # Never leave half a bundle in the output, whatever went wrong.
        for leftover in (staging, retired):
            shutil.rmtree(leftover, ignore_errors=True)


def _assemble(staging: Path, parts: list[IndexPart]) -> None:
    """Lay out the parts in `staging` as `install_bundle` describes."""
    first, *further = parts
    assert first.bundle is not None
    shutil.copytree(first.bundle, staging, copy_function=_link_or_copy)
    for part in further:
        assert part.bundle is not None
        folder = staging / part_folder(part.number)
        folder.mkdir()
        for entry in sorted(part.bundle.iterdir()):
            if not _is_part_data(entry.name):
                continue
            if entry.is_dir():
                shutil.copytree(entry, folder / entry.name, copy_function=_link_or_copy)
            else:
                _link_or_copy(str(entry), str(folder / entry.name))
    (staging / PARTS_MANIFEST).write_text(
        parts_manifest(len(parts)) + "\n", encoding="utf-8"
    )


def _link_or_copy(source: str, destination: str) -> None:
    """Hard-link a file when the two folders share a disk, else copy it."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
