"""The part runner: index each part with Pagefind, one run after another.

`core.IndexJob` starts this file as a script in a process of its own (under
`nice`), with a JSON spec naming the parts' scratch folders. Everything between
two Pagefind runs (reading the vocabulary, cache lookups, moving bundles into the
cache) happens here rather than in a thread of the build: Pelican's rendering
holds the interpreter lock, and a thread doing file work beside it waited seconds
for it between parts.

The runner writes its outcome as JSON (`RESULT_FILE` in the scratch folder) and
exits 0, or 1 when a part failed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

if __package__:
    from .documents import Vocabulary
else:  # run as a script by core.IndexJob
    from documents import Vocabulary  # type: ignore[no-redef]

# The runner's outcome, inside the scratch folder.
RESULT_FILE = "result.json"
# In the cache folder: the last build's part digests and the keys they led to.
KEYS_FILE = "keys.json"


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


def cached_part(cache: Path, key: str) -> Path | None:
    """Return the cached bundle of the part whose documents have this key."""
    bundle = cache / key
    # Parts are renamed into place whole, so a bundle under its key is complete.
    return bundle if (bundle / "pagefind-entry.json").is_file() else None


def store_part(cache: Path, key: str, bundle: Path) -> Path:
    """Keep `bundle` in the cache folder under `key`; return where it now is."""
    cache.mkdir(parents=True, exist_ok=True)
    kept = cache / key
    # Moved in under a scratch name and renamed: a cache cut off half-way is
    # never taken for a whole bundle.
    arriving = cache / f"{key}.partial"
    shutil.rmtree(arriving, ignore_errors=True)
    shutil.move(str(bundle), str(arriving))
    shutil.rmtree(kept, ignore_errors=True)
    arriving.rename(kept)
    return kept


def documents_in(site: Path) -> list[Path]:
    """Return the documents written in a part's folder, in path order."""
    return sorted(path for path in site.rglob("*") if path.is_file())


def vocabulary_target(site: Path) -> Path:
    """Return where the vocabulary page goes: a path no document of the part uses."""
    target = site / "vocabulary.html"
    while target.exists():
        target = site / f"_{target.name}"
    return target


def part_key(digest: str, vocabulary_html: str | None) -> str:
    """Return the cache key of a part: its documents and the vocabulary it carries."""
    if vocabulary_html is None:
        return digest
    vocabulary = hashlib.sha256(vocabulary_html.encode("utf-8", "surrogatepass"))
    return hashlib.sha256(f"{digest}\0{vocabulary.hexdigest()}".encode()).hexdigest()


def run(spec: dict[str, Any]) -> dict[str, Any]:
    """Index the parts `spec` names; return what became of each.

    `spec`: `workdir`, `lang`, `reuse`, `cache` (a folder or None), `pagefind` (a
    command prefix, or None for Pagefind itself), `source` (`documents.source_key`,
    or None) and `parts`, each with `number`, `site`, `documents` (how many) and
    `digest` (of its documents, from `documents.BundleKey`).
    """
    workdir = Path(spec["workdir"])
    cache = Path(spec["cache"]) if spec["cache"] else None
    parts = spec["parts"]
    digests = [part["digest"] for part in parts]
    # The same documents in every part give the same vocabulary: a rebuild that
    # changed no post's text (a new comment, say) need not read them again.
    keys = known_keys(cache, digests) if cache and spec["reuse"] else None
    if keys is not None and not all(cached_part(cache, key) for key in keys):
        keys = None  # a part must be indexed after all, with its vocabulary page
    vocabulary_html = None
    if keys is None and len(parts) > 1:
        vocabulary = Vocabulary()
        for part in parts:
            for document in documents_in(Path(part["site"])):
                vocabulary.add(document.read_text(encoding="utf-8"))
        vocabulary_html = vocabulary.page(spec["lang"])
    if keys is None:
        keys = [part_key(digest, vocabulary_html) for digest in digests]
    done: list[dict[str, Any]] = []
    for part, key in zip(parts, keys, strict=True):
        number, site = part["number"], Path(part["site"])
        cached = cached_part(cache, key) if cache and spec["reuse"] else None
        if cached is not None:
            done.append({"number": number, "key": key, "bundle": str(cached)})
            continue
        if vocabulary_html is not None:
            vocabulary_target(site).write_text(vocabulary_html, "utf-8")
        bundle = workdir / f"bundle-{number}"
        command = (
            [*spec["pagefind"], str(site), str(bundle)]
            if spec.get("pagefind")
            else pagefind_command(site, bundle)
        )
        indexed = subprocess.run(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        if indexed.returncode != 0:
            said = indexed.stdout.decode("utf-8", "replace").strip()
            return {
                "parts": done,
                "failure": {
                    "returncode": indexed.returncode,
                    "output": f"pagefind failed on part {number} "
                    f"(exit {indexed.returncode}): {said}",
                },
            }
        if cache is not None:
            bundle = store_part(cache, key, bundle)
        done.append({"number": number, "key": key, "bundle": str(bundle), "new": True})
    if cache is not None:
        counts = [part["documents"] for part in parts]
        remember_keys(cache, digests, keys, spec.get("source"), counts)
    return {"parts": done, "failure": None}


def _last_record(cache: Path, field: str, value: object) -> dict[str, Any] | None:
    """Return the last build's record of keys if its `field` equals `value`."""
    try:
        known = json.loads((cache / KEYS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(known, dict) or known.get(field) != value:
        return None
    keys = known.get("keys")
    return known if isinstance(keys, list) else None


def known_keys(cache: Path, digests: list[str]) -> list[str] | None:
    """Return the keys the last build found for these same part digests, if any."""
    known = _last_record(cache, "digests", digests)
    if known is None or len(known["keys"]) != len(digests):
        return None
    return known["keys"]


def known_source(cache: Path, source: str) -> list[tuple[str, int]] | None:
    """Return the last build's parts (key, documents) if it had this source key.

    Only when every one of those parts is still in the cache.
    """
    known = _last_record(cache, "source", source)
    if known is None:
        return None
    keys, counts = known["keys"], known.get("documents")
    if not isinstance(counts, list) or len(keys) != len(counts):
        return None
    if not all(cached_part(cache, key) for key in keys):
        return None
    return list(zip(keys, counts, strict=True))


def remember_keys(
    cache: Path,
    digests: list[str],
    keys: list[str],
    source: str | None = None,
    counts: list[int] | None = None,
) -> None:
    """Record which keys these part digests (and source key) led to."""
    cache.mkdir(parents=True, exist_ok=True)
    arriving = cache / f"{KEYS_FILE}.partial"
    record = {"digests": digests, "keys": keys, "source": source, "documents": counts}
    arriving.write_text(json.dumps(record), "utf-8")
    arriving.rename(cache / KEYS_FILE)


def main(spec_path: str) -> int:
    """Run the spec at `spec_path`; write the result next to it."""
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    try:
        result = run(spec)
    except OSError as error:
        result = {
            "parts": [],
            "failure": {"returncode": -1, "output": f"cannot index: {error}"},
        }
    target = Path(spec["workdir"]) / RESULT_FILE
    arriving = target.with_suffix(".partial")
    arriving.write_text(json.dumps(result), encoding="utf-8")
    arriving.rename(target)
    return 1 if result["failure"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
