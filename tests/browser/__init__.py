"""Helpers for the browser tests: a local static server and a Chromium launcher."""
