"""`make demo`'s pieces: the bundled archive of real transcripts, and `make demo-ingest`
run for real on a handful of them (extract, ingest once, resume an interrupted ingest).

The demo's archive is always SQLite in its own folder (the Makefile unsets
PRESSER_DATABASE_URL), so these tests run once, not again on PostgreSQL."""

from __future__ import annotations

import os
import re
import subprocess
import tarfile
from collections import Counter
from pathlib import Path, PurePosixPath

import pytest
from sqlmodel import Session

from app import queries
from app.config import Settings
from app.db import get_engine

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"
BUNDLE = DEMO / "transcripts.tar.xz"
# Two of each family, and a briefing with no questions in it, which ingest refuses.
HANDFUL = [
    "kremlin-qa/2013-03-07-17645-vladimir-putin-answered-journalists-questions-at-the-end-of-.txt",
    "kremlin-qa/2013-03-22-17723-interview-to-the-itar-tass-news-agency.txt",
    "wh-press-briefings/2021-01-20-press-briefing-by-press-secretary-jen-psaki-january-20-2021.md",
    "wh-press-briefings/2021-01-21-press-briefing-by-press-secretary-jen-psaki-january-21-2021.md",
]
REFUSED = (
    "wh-press-briefings/2021-06-14-background-press-call-by-a-senior-administration-official-"
    "on-president-bidens-engagements-at-nato-summit.md"
)


def test_the_bundled_archive_holds_the_928_transcripts_and_nothing_else() -> None:
    with tarfile.open(BUNDLE) as tar:
        files = [PurePosixPath(m.name) for m in tar.getmembers() if m.isfile()]
    # Only transcripts: `presser ingest` reads every .md and .txt of the extracted folder.
    assert Counter((f.parts[0], f.suffix) for f in files) == {
        ("wh-press-briefings", ".md"): 889,
        ("kremlin-qa", ".txt"): 39,
    }
    assert all(len(f.parts) == 2 for f in files)
    licences = (DEMO / "LICENSES.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in licences
    assert "kremlin-qa/" in licences
    assert "wh-press-briefings/" in licences
    assert (DEMO / "CC0-1.0.txt").is_file()
    assert "928 files" in (DEMO / "SOURCES.md").read_text(encoding="utf-8")


def small_bundle(tmp_path: Path) -> Path:
    """A few of the bundled transcripts, packed as the bundle is."""
    out = tmp_path / "handful.tar.xz"
    with tarfile.open(BUNDLE) as tar, tarfile.open(out, "w:xz") as small:
        for name in [*HANDFUL, REFUSED]:
            member = tar.getmember(name)
            small.addfile(member, tar.extractfile(member))
    return out


def make_demo_ingest(bundle: Path, data: Path) -> subprocess.CompletedProcess[str]:
    # `-o install`: the venv the tests run in is the one the target would install.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PRESSER_", "MAKE", "MFLAGS", "COLUMNS"))
    }
    make = ["make", "-C", str(ROOT), "--no-print-directory", "-o", "install", "demo-ingest"]
    return subprocess.run(
        [*make, f"DEMO_ARCHIVE={bundle}", f"DEMO_DATA={data}"],
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "200"},
        timeout=600,
        check=False,
    )


def sessions_in(data: Path) -> int:
    with Session(get_engine(Settings(data_dir=data))) as db:
        return queries.counts(db).sessions


@pytest.mark.slow  # three `make` runs, each starting presser a few times
def test_make_demo_ingest_extracts_ingests_once_and_resumes(tmp_path: Path) -> None:
    bundle, data = small_bundle(tmp_path), tmp_path / "demo-data"

    first = make_demo_ingest(bundle, data)
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"extracting {bundle} into {data}/transcripts/" in first.stdout
    assert sorted(
        str(p.relative_to(data / "transcripts")) for p in (data / "transcripts").rglob("*.*")
    ) == sorted([*HANDFUL, REFUSED])
    # The refused briefing is reported and the rest goes in all the same.
    assert "no questions found" in first.stderr
    assert sessions_in(data) == len(HANDFUL)
    assert (data / ".ingested").is_file()
    assert (data / "ingest-warnings.txt").is_file()

    again = make_demo_ingest(bundle, data)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "is ingested already" in again.stdout
    assert "extracting" not in again.stdout

    # An ingest that never finished (no .ingested) runs again; what went in stays unchanged.
    (data / ".ingested").unlink()
    resumed = make_demo_ingest(bundle, data)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "extracting" in resumed.stdout
    # files, added, replaced, unchanged, failed
    assert re.search(r"\b5\D+0\D+0\D+4\D+1\b", resumed.stdout), resumed.stdout
    assert sessions_in(data) == len(HANDFUL)
    assert (data / ".ingested").is_file()
