"""The URL builder and the page contexts outside the web layer: addresses as the site gives
them, and a missing thing as the domain's NotFound, which pages and the API both turn into
their 404."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import urls
from app.ingest import Ingester
from app.services import askers, people, sessions
from app.services.askers import JOURNALIST, OUTLET
from app.services.errors import NotFound


def test_addresses() -> None:
    assert urls.session("a-b") == "/sessions/a-b"
    assert urls.session("a-b", 7) == "/sessions/a-b#t7"
    assert urls.permalink("a-b", 3) == "/sessions/a-b/q/3"
    assert urls.permalink("a-b", 3, paragraph=2) == "/sessions/a-b/q/3#p2"
    assert urls.sessions() == "/sessions"
    assert urls.sessions("gaggle", 2021, 2) == "/sessions?kind=gaggle&year=2021&page=2"
    assert urls.speaker("x", "questioner") == urls.journalist("x") == "/journalists/x"
    assert urls.speaker("x", "principal") == urls.person("x") == "/people/x"
    assert urls.search({"q": "gas prices", "page": 2}) == "/search?q=gas+prices&page=2"
    assert urls.search_feed([("q", "a&b")]) == "/feeds/search.atom?q=a%26b"
    assert urls.api(urls.permalink("a-b", 3)) == "/api/sessions/a-b/q/3"
    assert urls.sitemap_answers(2) == "/sitemap-answers-2.xml"


def test_missing_things_are_not_found(archive: Ingester) -> None:
    with Session(archive.engine) as db:
        for build in (
            lambda: sessions.session_page(db, "no-such-session"),
            lambda: sessions.answer_page(db, None, "no-such-session", 1),
            lambda: sessions.session_list(db, 1, "no-such-kind"),
            lambda: sessions.session_list(db, 99),
            lambda: askers.find(db, JOURNALIST, "nobody"),
            lambda: askers.find(db, OUTLET, "nowhere"),
            lambda: people.person_by_slug(db, "nobody"),
        ):
            with pytest.raises(NotFound):
                build()


def test_not_found_is_the_404_page_or_json(app_client: TestClient) -> None:
    page = app_client.get("/outlets/nowhere")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "There is no outlet at this address." in page.text
    api = app_client.get("/api/outlets/nowhere")
    assert api.status_code == 404
    assert api.json() == {"detail": "There is no outlet at this address."}
    assert app_client.get("/api/sessions?page=99").json() == {"detail": "There are only 1 pages."}


def test_journalist_and_outlet_share_one_builder(archive: Ingester) -> None:
    with Session(archive.engine) as db:
        outlet = askers.find(db, OUTLET, "channel-one")
        of_outlet = askers.asker_page(db, OUTLET, outlet, 1)
        person, _ = of_outlet.partners[0]
        of_person = askers.asker_page(db, JOURNALIST, person, 1)
    # Each is the other's partner, and the listings are the questions that tie them.
    assert outlet.id in {o.id for o, _ in of_person.partners}
    assert of_outlet.template_context()["journalists"] == of_outlet.partners
    assert of_person.template_context()["person"] is person
    assert {i.outlet.id for i in of_outlet.listings if i.outlet} == {outlet.id}
