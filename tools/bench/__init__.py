"""Benchmark harness: a seeded synthetic corpus, side-by-side builds, a profile.

`python -m common_ground_tools.bench` (as the Makefile runs it) generates corpora
into the git-ignored `bench/` folder, builds each one with vanilla Pelican and with
Common Ground in fresh subprocesses, and writes `bench/results.json`.
"""
