"""Abuse resistance that needs no database: rate limits and signed form times."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import deque


class RateLimiter:
    """At most `limit` requests per address in any `window` seconds."""

    def __init__(self, limit: int, window: int) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, address: str) -> bool:
        """Count one request from `address`; False when it is over the limit."""
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10_000:
                # Forget quiet addresses so memory stays bounded under a flood.
                self._seen = {
                    a: q
                    for a, q in self._seen.items()
                    if q and now - q[-1] < self.window
                }
            times = self._seen.setdefault(address, deque())
            while times and now - times[0] >= self.window:
                times.popleft()
            if len(times) >= self.limit:
                return False
            times.append(now)
            return True


def sign_time(secret: str, when: int | None = None) -> str:
    """Return a token saying the form was shown at `when` (now), signed."""
    when = int(time.time()) if when is None else when
    mac = hmac.new(secret.encode(), str(when).encode(), hashlib.sha256).hexdigest()
    return f"{when}.{mac[:32]}"


def signed_time(secret: str, token: str) -> int | None:
    """Return the time a token was signed at, or None if it was not ours."""
    when, _, mac = token.partition(".")
    if not when.isdigit() or len(when) > 12:
        return None
    expected = sign_time(secret, int(when)).partition(".")[2]
    return int(when) if hmac.compare_digest(mac, expected) else None


def form_started(value: str) -> int | None:
    """Return the time the theme's form was shown (its hidden field), if readable."""
    value = value.strip()
    if not value.isdigit() or len(value) > 16:
        return None
    number = int(value)
    return number // 1000 if number > 10**11 else number  # milliseconds from JS
