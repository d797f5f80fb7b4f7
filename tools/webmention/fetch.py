"""HTTP for Webmention: bounded in time, size and redirects, never to private nets.

Every URL here comes from a stranger (a source sent to the endpoint, a target's
advertised endpoint), so each hop's host is resolved once, every resolved
address is checked, and the connection goes to that checked address: a DNS
answer that changes between check and connect (rebinding) cannot slip through.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit

REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A fetch was refused or failed; the message says why, for a log or a row."""


@dataclass(frozen=True)
class FetchPolicy:
    """The limits of one fetch (redirects included)."""

    timeout: float = 10.0
    max_bytes: int = 1_000_000
    max_redirects: int = 5
    # "host:port" pairs (as written in the URL) that may resolve to a private,
    # loopback or link-local address: a test server, an intranet relay. "*"
    # allows every host (never on a public endpoint).
    allow_private: frozenset[str] = field(default_factory=frozenset)
    user_agent: str = "CommonGround-Webmention/1.0"


@dataclass
class Response:
    """What one fetch returned, after redirects."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header_values(self, name: str) -> list[str]:
        """Return every value of the header `name` (case-insensitive), in order."""
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def content_type(self) -> str:
        """Return the media type without parameters, lower-case ('' if none)."""
        values = self.header_values("content-type")
        return values[0].split(";")[0].strip().lower() if values else ""

    def text(self) -> str:
        """Return the body decoded (the declared charset, else UTF-8, lenient)."""
        charset = "utf-8"
        for value in self.header_values("content-type")[:1]:
            for param in value.split(";")[1:]:
                key, _, val = param.partition("=")
                if key.strip().lower() == "charset" and val.strip():
                    charset = val.strip().strip("\"'")
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def is_public(address: str) -> bool:
    """Return True if `address` is a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int, policy: FetchPolicy) -> list[str]:
    """Return the addresses of `host`, or raise if any may not be reached."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host}: {error}") from None
    addresses = sorted({info[4][0] for info in infos})
    if not addresses:
        raise FetchError(f"cannot resolve {host}")
    allowed = "*" in policy.allow_private or f"{host}:{port}" in policy.allow_private
    if not allowed:
        for address in addresses:
            if not is_public(address):
                raise FetchError(
                    f"{host} resolves to {address}, a private, loopback or "
                    "link-local address; refused"
                )
    return addresses


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to an address checked beforehand."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to an address checked beforehand (SNI: the host)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _one(
    method: str,
    url: str,
    body: bytes | None,
    headers: dict[str, str],
    policy: FetchPolicy,
    deadline: float,
    truncate: bool,
) -> Response:
    """Make one request (no redirects followed) within `deadline`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url!r} is not an http(s) URL; refused")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"{url!r} has a bad port; refused") from None
    host = parts.hostname
    addresses = _resolve(host, port, policy)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"{url}: took longer than {policy.timeout:g} s; given up")
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    conn = kind(host, port, addresses[0], remaining)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        conn.request(
            method,
            path,
            body=body,
            headers={"User-Agent": policy.user_agent, **headers},
        )
        resp = conn.getresponse()
        length = resp.getheader("content-length")
        too_long = length and length.isdigit() and int(length) > policy.max_bytes
        if too_long and not truncate:
            raise FetchError(f"{url}: larger than {policy.max_bytes} bytes; refused")
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError(
                    f"{url}: took longer than {policy.timeout:g} s; given up"
                )
            if conn.sock is not None:
                conn.sock.settimeout(remaining)
            chunk = resp.read1(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > policy.max_bytes and truncate:
                chunks.append(chunk[: len(chunk) - (size - policy.max_bytes)])
                break
            if size > policy.max_bytes:
                raise FetchError(
                    f"{url}: larger than {policy.max_bytes} bytes; refused"
                )
            chunks.append(chunk)
        return Response(url, resp.status, resp.getheaders(), b"".join(chunks))
    except TimeoutError:
        raise FetchError(
            f"{url}: took longer than {policy.timeout:g} s; given up"
        ) from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(f"{url}: {type(error).__name__}: {error}") from None
    finally:
        conn.close()


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    method: str = "GET",
    form: Iterable[tuple[str, str]] | None = None,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    truncate: bool = False,
) -> Response:
    """Fetch `url` following redirects; every hop is checked and bounded.

    `form` is sent form-encoded; `data` as it is (with `headers`). A 303, or a
    301/302 answering a POST, continues as a GET, as browsers do.
    """
    sent_headers = dict(headers or {})
    body = data
    if form is not None:
        body = urlencode(list(form)).encode("ascii")
        sent_headers["Content-Type"] = "application/x-www-form-urlencoded"
    deadline = time.monotonic() + policy.timeout
    for _hop in range(policy.max_redirects + 1):
        response = _one(method, url, body, sent_headers, policy, deadline, truncate)
        location = response.header_values("location")
        if response.status not in REDIRECTS or not location:
            return response
        url = urljoin(url, location[0].strip())
        if response.status == 303 or (
            response.status in (301, 302) and method == "POST"
        ):
            method, body = "GET", None
            sent_headers.pop("Content-Type", None)
    raise FetchError(f"more than {policy.max_redirects} redirects; given up")
