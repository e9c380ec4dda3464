"""Start `presser serve` on a free loopback port, and stop it afterwards (tests and bench)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(
    data_dir: Path,
    workers: int = 1,
    extra_env: dict[str, str] | None = None,
    pid: list[int] | None = None,
    command: Sequence[str] = (sys.executable, "-m", "app.cli"),
    cwd: Path | None = None,
) -> Iterator[str]:
    """The base URL of a running `presser serve`; `pid`, if given, receives its process id."""
    port = free_port()
    env = {**os.environ, "PRESSER_DATA_DIR": str(data_dir), **(extra_env or {})}
    proc = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    if pid is not None:
        pid.append(proc.pid)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("presser serve did not start")
            time.sleep(0.2)  # a poll interval while the server starts
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
