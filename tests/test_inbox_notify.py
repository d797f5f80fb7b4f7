"""The inbox mails the author about a new submission when SMTP is configured."""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes

import requests
from inbox_server import free_port, running_inbox
from test_inbox_server import form


class SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to receive one message (no TLS, no auth)."""

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                self.server.messages.append(data)  # type: ignore[attr-defined]
                self.server.arrived.set()  # type: ignore[attr-defined]
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_the_author_is_mailed_without_the_readers_text(fixture_content, tmp_path):
    port = free_port()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), SmtpHandler)
    server.messages = []  # type: ignore[attr-defined]
    server.arrived = threading.Event()  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with running_inbox(
            fixture_content("comments_threaded"),
            tmp_path / "inbox",
            INBOX_MIN_FILL_SECONDS="0",
            INBOX_SMTP_HOST="127.0.0.1",
            INBOX_SMTP_PORT=str(port),
            INBOX_SMTP_STARTTLS="0",
            INBOX_NOTIFY_TO="author@example.org",
        ) as inbox:
            data = form(**{"fields[body]": "PRIVATE-WORDS"})
            assert requests.post(f"{inbox.url}/comments", data=data, timeout=30).ok
            assert server.arrived.wait(timeout=60)  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
    (raw,) = server.messages  # type: ignore[attr-defined]
    mail = message_from_bytes(raw)
    assert mail["To"] == "author@example.org"
    assert mail["Subject"] == "New comment waiting on hello-thread"
    text = mail.get_payload(decode=True).decode()
    assert "inbox:1" in text
    assert "make moderate" in text
    assert "PRIVATE-WORDS" not in text
