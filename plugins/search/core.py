"""Run the Pagefind indexer beside the build and keep its bundle (the plugin's I/O).

The indexer reads small documents (see `documents`) written to a scratch folder as
soon as Pelican has read the content, so it runs on the second core while Pelican
renders the pages.

Pagefind holds every page it indexes in memory at once, so a large journal is
indexed in parts of at most `SEARCH_PART_SIZE` documents, one Pagefind run after
another. The first part is a complete bundle in `SEARCH_BUNDLE_DIR`; each further
part keeps only its data in `part-N/` below it, and `parts.json` lists them for the
search page to merge (Pagefind's own `mergeIndex`).

With Pelican's content cache on, each part's bundle is kept under a digest of its
documents, so a rebuild re-indexes only the parts whose documents changed: none
after a new comment, the last part after a new post.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .documents import VOCABULARY_FILTER, BundleKey, IndexDocument, Vocabulary, in_parts

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
    key: str
    documents: int
    # Scratch folder with the documents (None once indexed or reused).
    site: Path | None = None
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


def pagefind_command(site: Path, bundle: Path) -> list[str]:
    """Return the command line that indexes every page of `site` into `bundle`."""
    # The PyPI package's own launcher finds its bundled binary; no PATH lookup needed.
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-path",
        str(bundle),
        "--silent",
    ]


def _politely(command: list[str]) -> list[str]:
    """Run `command` at a lower CPU priority where `nice` exists.

    Pelican's own thread keeps first call on the CPU while both run: it has the
    longer way to go, and the build waits for both (about 8% faster at 1,000
    posts on two cores).
    """
    nice = shutil.which("nice")
    return [nice, "-n", "10", *command] if nice else command


def write_documents(
    documents: Iterable[IndexDocument],
    site: Path,
    key: BundleKey,
    vocabulary: Vocabulary | None = None,
) -> list[str]:
    """Write each document under `site` at its page's path; return the paths.

    Each document is added to `key` and, when given, to `vocabulary`.
    """
    paths = []
    for document in documents:
        target = site / document.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document.html, encoding="utf-8")
        key.add(document)
        if vocabulary is not None:
            vocabulary.add(document.html)
        paths.append(document.path)
    return paths


def vocabulary_path(taken: set[str]) -> str:
    """Return a path for the vocabulary page that no document of the part uses."""
    path = "vocabulary.html"
    while path in taken:
        path = "_" + path
    return path


class IndexJob:
    """One index being built: started early, finished into the output at the end."""

    def __init__(self, timeout: float, cache_dir: Path | None, workdir: Path) -> None:
        self.timeout = timeout
        # Where new part bundles are kept for later builds (None: not kept).
        self.cache_dir = cache_dir
        self.workdir: Path | None = workdir
        self.parts: list[IndexPart] = []
        self.started = time.monotonic()
        self.failure: IndexResult | None = None
        self._lock = threading.Lock()
        self._cancelled = False
        self._process: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def start(
        cls,
        documents: Iterable[IndexDocument],
        timeout: float,
        cache_dir: Path | None = None,
        reuse: bool = True,
        part_size: int = 500,
        lang: str = "en",
    ) -> IndexJob:
        """Reuse cached part bundles for these documents, or start Pagefind on them.

        `reuse` False (`pelican --ignore-cache`) still keeps the new bundles.
        """
        workdir = Path(tempfile.mkdtemp(prefix="common-ground-search-"))
        job = cls(timeout, cache_dir, workdir)
        keys: list[BundleKey] = []
        paths: list[set[str]] = []
        # Only needed once there is a second part (see `Vocabulary`).
        vocabulary: Vocabulary | None = None
        # Written before a part's key is known: the cheapest way to digest the
        # documents without holding them all. A cache hit just discards them.
        try:
            for number, documents_of_part in enumerate(
                in_parts(documents, part_size), 1
            ):
                if number == 2:
                    vocabulary = Vocabulary()
                    for written in sorted(paths[0]):
                        vocabulary.add(
                            (workdir / "site-1" / written).read_text(encoding="utf-8")
                        )
                site = workdir / f"site-{number}"
                keys.append(BundleKey(indexer_version()))
                written = write_documents(documents_of_part, site, keys[-1], vocabulary)
                paths.append(set(written))
                job.parts.append(IndexPart(number, "", len(written), site=site))
            for part, key, taken in zip(job.parts, keys, paths, strict=True):
                if vocabulary is not None:
                    page = vocabulary.document(vocabulary_path(taken), lang)
                    write_documents([page], part.site, key)
                part.key = key.hexdigest()
                cached = (
                    cached_part(cache_dir, part.key) if cache_dir and reuse else None
                )
                if cached is not None:
                    shutil.rmtree(part.site)
                    part.site, part.bundle, part.reused = None, cached, True
        except OSError as error:
            job.cancel()
            raise IndexStartError(
                f"cannot write the documents to index: {error}"
            ) from None
        # Pagefind refuses a folder without pages; a site with nothing published
        # yet simply has no index, and its search page says so.
        if job.pending:
            job._thread = threading.Thread(
                target=job._index_pending, name="search-index", daemon=True
            )
            job._thread.start()
        return job

    @property
    def pending(self) -> list[IndexPart]:
        """Return the parts Pagefind has to index (none were cached)."""
        return [part for part in self.parts if not part.reused]

    @property
    def reused_all(self) -> bool:
        """Return whether every part came from the cache."""
        return bool(self.parts) and not self.pending

    def _index_pending(self) -> None:
        """Run Pagefind on each part that needs it, one after another.

        One at a time on purpose: Pagefind's memory grows with the pages it holds.
        """
        assert self.workdir is not None
        for part in self.pending:
            assert part.site is not None
            bundle = self.workdir / f"bundle-{part.number}"
            log_path = self.workdir / f"pagefind-{part.number}.log"
            with self._lock:
                if self._cancelled:
                    return
                try:
                    with log_path.open("wb") as log:
                        self._process = subprocess.Popen(
                            _politely(pagefind_command(part.site, bundle)),
                            stdout=log,
                            stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL,
                        )
                except OSError as error:
                    self.failure = IndexResult(-1, f"could not start pagefind: {error}")
                    return
            returncode = self._process.wait()
            if self._cancelled:
                return
            if returncode != 0:
                output = log_path.read_text("utf-8", "replace").strip()
                self.failure = IndexResult(
                    returncode,
                    f"pagefind failed on part {part.number} (exit {returncode}): "
                    + output,
                )
                return
            shutil.rmtree(part.site, ignore_errors=True)
            part.site = None
            try:
                part.bundle = (
                    store_part(self.cache_dir, part.key, bundle)
                    if self.cache_dir is not None
                    else bundle
                )
            except OSError as error:
                self.failure = IndexResult(-1, f"cannot keep the index: {error}")
                return

    def finish(self, target: Path) -> IndexResult:
        """Wait for Pagefind, then replace `target` with the new or cached bundle.

        On failure `target` is left as it was and the scratch folder is removed.
        """
        try:
            if not self.parts:
                shutil.rmtree(target, ignore_errors=True)
                return IndexResult(0, "nothing to index")
            if self._thread is not None:
                remaining = max(self.timeout - (time.monotonic() - self.started), 0.0)
                self._thread.join(remaining)
                if self._thread.is_alive():
                    self.cancel()
                    return IndexResult(
                        -1, f"pagefind timed out after {self.timeout:g} s"
                    )
            if self.failure is not None:
                return self.failure
            try:
                install_bundle(target, self.parts)
                if self.cache_dir is not None:
                    prune_cache(self.cache_dir, {part.key for part in self.parts})
            except OSError as error:
                return IndexResult(-1, f"cannot install the index: {error}")
            return IndexResult(0, "")
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop Pagefind if it still runs and remove the scratch folder."""
        with self._lock:
            self._cancelled = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        if self._process is not None:
            self._process.wait()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


class IndexStartError(RuntimeError):
    """The documents to index could not be written."""


def cached_part(cache_dir: Path, key: str) -> Path | None:
    """Return the cached bundle of the part whose documents have this key."""
    bundle = cache_dir / CACHE_FOLDER / key
    # Parts are renamed into place whole, so a bundle under its key is complete.
    return bundle if (bundle / "pagefind-entry.json").is_file() else None


def store_part(cache_dir: Path, key: str, bundle: Path) -> Path:
    """Keep `bundle` in the cache under `key`; return where it now is."""
    folder = cache_dir / CACHE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / key
    # Moved in under a scratch name and renamed: a cache cut off half-way is
    # never taken for a whole bundle.
    arriving = folder / f"{key}.partial"
    shutil.rmtree(arriving, ignore_errors=True)
    shutil.move(str(bundle), str(arriving))
    shutil.rmtree(kept, ignore_errors=True)
    os.rename(arriving, kept)
    return kept


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
