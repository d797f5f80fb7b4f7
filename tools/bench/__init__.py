"""Benchmark harness: a seeded synthetic corpus, side-by-side builds, a profile.

`python -m bench` (with `tools/` on the path, as the Makefile does) generates corpora
into the git-ignored `bench/` folder, builds each one with vanilla Pelican and with
Common Ground in fresh subprocesses, and writes `bench/results.json`.
"""
