"""Load the comment inbox: many clients, a SIGKILL mid-way, a restart, a count.

`make bench-inbox` starts `python -m common_ground_tools.inbox` on a free port with
a fresh database and a one-post site, sends --count submissions from --clients
concurrent clients, kills the server with SIGKILL once half are acknowledged,
restarts it, lets the clients finish (a submission whose answer was lost is
sent again), then checks that every acknowledged submission is stored exactly
once. It prints submissions per second and the server's memory (RSS).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
POST = """Title: Bench Post
Date: 2024-01-01 10:00
Slug: bench-post

A post to comment on.
"""


def free_port() -> int:
    """Return a port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def memory_kib(pid: int) -> tuple[int, int]:
    """Return (current RSS, peak RSS) of a process in KiB, from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


class Server:
    """The inbox process, started and restarted on one port and database."""

    def __init__(self, folder: Path, port: int, threads: int) -> None:
        self.folder = folder
        self.port = port
        self.env = {
            **os.environ,
            "INBOX_PORT": str(port),
            "INBOX_DB": str(folder / "inbox.sqlite3"),
            "INBOX_MIN_FILL_SECONDS": "0",
            "INBOX_RATE_LIMIT": "1000000",
            "INBOX_MAX_PENDING": "1000000",
            "INBOX_THREADS": str(threads),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the inbox and wait until it accepts connections."""
        log = (self.folder / "inbox.log").open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "common_ground_tools.inbox",
                "--content",
                str(self.folder / "content"),
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=PROJECT_ROOT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("bench: the inbox did not start; see " + str(log.name))

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, no last flush."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """Stop politely."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    """Run the load, the kill and the count; 0 when nothing acknowledged is lost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--threads", type=int, default=8, help="the server's threads")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="inbox-bench-"))
    (folder / "content" / "posts").mkdir(parents=True)
    (folder / "content" / "posts" / "bench-post.md").write_text(POST)
    server = Server(folder, free_port(), args.threads)
    server.start()
    url = f"http://127.0.0.1:{server.port}/comments"

    acknowledged: set[str] = set()
    lock = threading.Lock()
    killed = threading.Event()
    restarted = threading.Event()
    resent = Counter[str]()
    next_index = iter(range(args.count))
    peak_before_kill = [0]  # set once, by the client that kills

    def send(body: str) -> bool:
        data = urllib.parse.urlencode(
            {
                "options[slug]": "bench-post",
                "fields[name]": "Bench Reader",
                "fields[body]": body,
                "fields[replyto]": "",
            }
        ).encode()
        try:
            with urllib.request.urlopen(url, data=data, timeout=30) as response:
                return response.status == 200 and b"was received" in response.read()
        except (urllib.error.URLError, OSError):
            return False

    def client() -> None:
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                return
            body = f"Bench comment number {index}."
            while not send(body):
                # The server is down (killed): wait for it and send again.
                with lock:
                    resent[body] += 1
                restarted.wait(timeout=60)
                time.sleep(0.05)
            with lock:
                acknowledged.add(body)
                if len(acknowledged) >= args.count // 2 and not peak_before_kill[0]:
                    assert server.process is not None
                    peak_before_kill[0] = memory_kib(server.process.pid)[1]
                    server.kill()
                    killed.set()  # only now may the main thread start a new one
                    print(f"bench: SIGKILL after {len(acknowledged)} acknowledged")

    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(args.clients)]
    for worker in workers:
        worker.start()
    killed.wait()
    down_at = time.perf_counter()
    server.start()
    downtime = time.perf_counter() - down_at
    restarted.set()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    assert server.process is not None
    rss, peak = memory_kib(server.process.pid)
    server.stop()

    connection = sqlite3.connect(folder / "inbox.sqlite3")
    stored = Counter(
        body for (body,) in connection.execute("SELECT body FROM submissions")
    )
    connection.close()
    missing = [b for b in acknowledged if stored[b] == 0]
    doubled = [b for b, n in stored.items() if n > 1]
    rate = len(acknowledged) / (elapsed - downtime)
    print(
        f"bench: {len(acknowledged)} acknowledged of {args.count} from "
        f"{args.clients} clients; {len(stored)} rows stored; "
        f"{sum(resent.values())} sends retried after the kill"
    )
    print(
        f"bench: {rate:.0f} submissions/s ({elapsed:.1f} s in all, "
        f"{downtime:.1f} s to restart)"
    )
    print(
        f"bench: server RSS peak {peak_before_kill[0] / 1024:.1f} MiB before the kill, "
        f"{peak / 1024:.1f} MiB after the restart (now {rss / 1024:.1f} MiB)"
    )
    print(f"bench: missing {len(missing)}, stored more than once {len(doubled)}")
    if missing or doubled or len(acknowledged) != args.count:
        print(f"bench: FAILED; database and log kept in {folder}")
        return 1
    shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
