"""Webmention for Common Ground: receive, verify, moderate, send (docs/webmention.md)."""
