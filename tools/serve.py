"""Serve the built site on 127.0.0.1 as a static host would: `make serve`.

A missing address gets the site's own 404.html with status 404; a site built by
`make publish` is served with its production address made local (see
preview_server.py). With --rebuild, `make devserver` runs Pelican's autoreload
beside the server.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from common_ground_tools.live_reload import LiveReload
from common_ground_tools.preview_server import make_server, published_site_url


def _interrupt(signum: int, frame: Any) -> None:
    """Turn SIGTERM into the KeyboardInterrupt Ctrl-C gives."""
    raise KeyboardInterrupt


def descendants(pid: int) -> set[int]:
    """Return the pids below `pid` (Linux /proc; an empty set elsewhere).

    The search step runs Pagefind in a session of its own (so its timeout can
    stop it), outside the rebuilder's process group: it is found this way.
    """
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(
            int(entry.name)
        )
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def stop_group(child: subprocess.Popen[bytes], patience: float = 10) -> None:
    """Stop `child`, its process group and every process it started."""
    below = descendants(child.pid)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, sig)
        try:
            child.wait(timeout=patience)
            break
        except subprocess.TimeoutExpired:
            continue
    for pid in below:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)


def _stop_with(server: ThreadingHTTPServer, child: subprocess.Popen[bytes]) -> None:
    """Stop serving when the rebuilding process ends."""
    child.wait()
    server.shutdown()


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and serve until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "rebuild",
        nargs=argparse.REMAINDER,
        help="after --: a command that rebuilds the site on change (devserver)",
    )
    args = parser.parse_args(argv)
    command = args.rebuild[1:] if args.rebuild[:1] == ["--"] else args.rebuild
    output = args.output
    if command:
        output.mkdir(parents=True, exist_ok=True)
    elif not (output / "index.html").is_file():
        print(f"serve: {output}/ holds no built site; run `make html` first")
        return 1
    site_url = "" if command else published_site_url(output)
    live = LiveReload(output, args.bind) if command else None
    try:
        server = make_server(
            output, args.bind, args.port, site_url, live_port=live.port if live else 0
        )
    except OSError as error:
        print(f"serve: cannot listen on {args.bind}:{args.port}: {error.strerror}")
        print("serve: pick another port, e.g. `make serve PORT=8001`")
        return 1
    local = "http://{}:{}".format(*server.server_address[:2])
    if site_url:
        print(
            f"serve: {output}/ was built by `make publish` for {site_url}; every "
            f"address is served as {local} so the preview looks as the published "
            "site will (`make html` builds the development site again)"
        )
    # SIGTERM ends the server as Ctrl-C does, so the rebuilder is stopped too.
    signal.signal(signal.SIGTERM, _interrupt)
    child = None
    try:
        if command:
            try:
                # Its own process group: everything it starts is stopped with it.
                child = subprocess.Popen(command, start_new_session=True)
            except OSError as error:
                print(f"serve: cannot run {command[0]}: {error.strerror}")
                return 1
            threading.Thread(
                target=_stop_with, args=(server, child), daemon=True
            ).start()
        if live is not None:
            live.start()
        reloads = " and reloads the open page after each rebuild" if live else ""
        print(f"serve: {local}/ serves {output}/{reloads} (Ctrl-C stops)", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if live is not None:
            live.stop()
        # A rebuilder that ended by itself (an error) gives its status.
        ended_alone = child is not None and child.poll() is not None
        if child is not None:
            stop_group(child)
    return child.returncode if ended_alone and child.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
