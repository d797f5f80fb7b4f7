"""Webmention: receive, verify, moderate, send (docs/webmention.md)."""
