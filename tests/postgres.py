"""A throwaway PostgreSQL 15 cluster for the test run: initdb into a temp folder (as the
`postgres` user when we are root, as PostgreSQL refuses to run as root), start it on a free
loopback port, and remove it all afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from tests.server import free_port

PG_BIN = Path(os.environ.get("PRESSER_PG_BIN", "/usr/lib/postgresql/15/bin"))


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Yields the superuser's connection URL (SQLAlchemy form) of a fresh cluster."""
    root = Path(tempfile.mkdtemp(prefix="presser-pg-"))
    as_root = os.geteuid() == 0
    if as_root:
        shutil.chown(root, "postgres", "postgres")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []

    def run(*args: str | Path) -> None:
        subprocess.run([*prefix, *map(str, args)], check=True, capture_output=True, timeout=120)

    data, port = root / "data", free_port()
    run(PG_BIN / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=400 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"  # throwaway data
    )
    run(PG_BIN / "pg_ctl", "-D", data, "-o", options, "-l", root / "server.log", "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(PG_BIN / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


def new_database(admin_url: str, template: str | None = None) -> str:
    """A new database on the cluster, empty or a copy of `template` (a database nobody is
    connected to); returns its URL."""
    name = f"presser_{uuid.uuid4().hex[:12]}"
    conninfo = admin_url.replace("postgresql+psycopg://", "postgresql://")
    copy_of = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copy_of}')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"
