"""Run the Pagefind indexer beside the build and keep its bundle (the plugin's I/O).

The indexer reads small documents (see `documents`) written to a scratch folder as
soon as Pelican has read the content, so it runs on the second core while Pelican
renders the pages. With Pelican's content cache on, the last bundle is kept and
reused whenever the documents are unchanged, which is every rebuild that did not
touch a post's title or text (adding a comment, say).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .documents import BundleKey, IndexDocument

# The folder inside CACHE_PATH that holds the last bundle and its key.
CACHE_FOLDER = "search-bundle"
_KEY_FILE = "key"


@dataclass(frozen=True)
class IndexResult:
    """What one Pagefind run reported."""

    returncode: int
    output: str


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


def write_documents(documents: Iterable[IndexDocument], site: Path) -> tuple[str, int]:
    """Write each document under `site` at its page's path; return key and count.

    The documents must come in path order (`documents_for` yields them so).
    """
    key = BundleKey(indexer_version())
    count = 0
    for document in documents:
        target = site / document.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document.html, encoding="utf-8")
        key.add(document)
        count += 1
    return key.hexdigest(), count


class IndexJob:
    """One index being built: started early, finished into the output at the end."""

    def __init__(
        self, key: str, cached: Path | None, timeout: float, cache_dir: Path | None
    ) -> None:
        self.key = key
        self.timeout = timeout
        # Where the new bundle is kept for later builds (None: not kept).
        self.cache_dir = cache_dir
        # A bundle from an earlier build with the same key, installed without indexing.
        self.cached = cached
        self.workdir: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.started = time.monotonic()
        self.empty = False

    @classmethod
    def start(
        cls,
        documents: Iterable[IndexDocument],
        timeout: float,
        cache_dir: Path | None = None,
        reuse: bool = True,
    ) -> IndexJob:
        """Reuse the cached bundle for these documents, or start Pagefind on them.

        `reuse` False (`pelican --ignore-cache`) still keeps the new bundle.
        """
        workdir = Path(tempfile.mkdtemp(prefix="common-ground-search-"))
        # Written before the key is known: the cheapest way to digest the
        # documents without holding them all. A cache hit just discards them.
        try:
            (workdir / "site").mkdir()
            key, count = write_documents(documents, workdir / "site")
        except OSError as error:
            shutil.rmtree(workdir, ignore_errors=True)
            raise IndexStartError(
                f"cannot write the documents to index: {error}"
            ) from None
        cached = cached_bundle(cache_dir, key) if cache_dir and reuse else None
        job = cls(key, cached, timeout, cache_dir)
        job.workdir = workdir
        job.empty = count == 0
        # Pagefind refuses a folder without pages; a site with nothing
        # published yet simply has no index, and its search page says so.
        if cached is None and not job.empty:
            site = workdir / "site"
            log = (job.workdir / "pagefind.log").open("wb")
            try:
                job.process = subprocess.Popen(
                    _politely(pagefind_command(site, job.workdir / "bundle")),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                )
            except OSError as error:
                job.cancel()
                raise IndexStartError(str(error)) from None
            finally:
                log.close()
        return job

    def finish(self, target: Path) -> IndexResult:
        """Wait for Pagefind, then replace `target` with the new or cached bundle.

        On failure `target` is left as it was and the scratch folder is removed.
        """
        try:
            if self.cached is not None:
                _replace_tree(target, self.cached, link=True)
                return IndexResult(0, "reused the index of the previous build")
            if self.empty:
                shutil.rmtree(target, ignore_errors=True)
                return IndexResult(0, "nothing to index")
            assert self.process is not None
            assert self.workdir is not None
            remaining = max(self.timeout - (time.monotonic() - self.started), 0.0)
            try:
                returncode = self.process.wait(timeout=remaining)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return IndexResult(-1, f"timed out after {self.timeout:g} s")
            output = (self.workdir / "pagefind.log").read_text("utf-8", "replace")
            if returncode != 0:
                return IndexResult(returncode, output.strip())
            bundle = self.workdir / "bundle"
            if self.cache_dir is not None:
                store_bundle(self.cache_dir, self.key, bundle)
                _replace_tree(
                    target, self.cache_dir / CACHE_FOLDER / "bundle", link=True
                )
            else:
                _replace_tree(target, bundle, link=False)
            return IndexResult(0, output.strip())
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop Pagefind if it still runs and remove the scratch folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


class IndexStartError(RuntimeError):
    """Pagefind could not be started at all."""


def cached_bundle(cache_dir: Path, key: str) -> Path | None:
    """Return the cached bundle if it was built from documents with this key."""
    folder = cache_dir / CACHE_FOLDER
    try:
        stored = (folder / _KEY_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    bundle = folder / "bundle"
    return bundle if stored == key and (bundle / "pagefind.js").is_file() else None


def store_bundle(cache_dir: Path, key: str, bundle: Path) -> None:
    """Keep `bundle` as the cached bundle for `key`, replacing the previous one."""
    folder = cache_dir / CACHE_FOLDER
    # The key is written last: a cache cut off half-way is never taken for whole.
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.move(str(bundle), str(folder / "bundle"))
    (folder / _KEY_FILE).write_text(key + "\n", encoding="ascii")


def _link_or_copy(source: str, destination: str) -> None:
    """Hard-link a file when the two folders share a disk, else copy it."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _replace_tree(target: Path, source: Path, link: bool) -> None:
    """Replace `target` with `source`: moved, or linked from the cache."""
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    if link:
        shutil.copytree(source, target, copy_function=_link_or_copy)
    else:
        shutil.move(str(source), str(target))
