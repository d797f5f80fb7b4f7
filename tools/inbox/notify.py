"""Mail the author that a submission arrived (off unless INBOX_SMTP_HOST is set)."""

from __future__ import annotations

import logging
import queue
import smtplib
import threading
from email.message import EmailMessage

from .settings import InboxConfig

logger = logging.getLogger("inbox")


class Notifier:
    """Sends one short mail per submission from a background thread.

    The reader's answer never waits for the mail server; a failure is logged.
    """

    def __init__(self, config: InboxConfig) -> None:
        self.config = config
        self._queue: queue.Queue[tuple[int, str, str]] = queue.Queue(maxsize=100)
        if config.notify:
            threading.Thread(target=self._run, name="inbox-notify", daemon=True).start()

    def submitted(self, submission_id: int, slug: str, author: str) -> None:
        """Queue a mail about one new submission (dropped if the queue is full)."""
        if not self.config.notify:
            return
        try:
            self._queue.put_nowait((submission_id, slug, author))
        except queue.Full:
            logger.warning(
                "inbox: notification queue full; mail for %d dropped", submission_id
            )

    def _run(self) -> None:
        while True:
            submission_id, slug, author = self._queue.get()
            try:
                self._send(submission_id, slug, author)
            except (OSError, smtplib.SMTPException) as error:
                logger.warning("inbox: could not mail the author: %s", error)

    def _send(self, submission_id: int, slug: str, author: str) -> None:
        config = self.config
        message = EmailMessage()
        message["From"] = config.inbox_notify_from
        message["To"] = config.inbox_notify_to
        # The reader's name is left out of the subject: it is theirs, not a header.
        message["Subject"] = f"New comment waiting on {slug}"
        message.set_content(
            f"Submission inbox:{submission_id} on {slug} from {author!r} "
            "waits for you.\n"
            "Review it with: make moderate\n"
        )
        with smtplib.SMTP(
            config.inbox_smtp_host, config.inbox_smtp_port, timeout=20
        ) as smtp:
            if config.inbox_smtp_starttls:
                smtp.starttls()
            if config.inbox_smtp_user:
                smtp.login(config.inbox_smtp_user, config.inbox_smtp_password)
            smtp.send_message(message)
