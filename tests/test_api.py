"""The JSON API and the machine-readable extras: feeds, OpenSearch, sitemaps, export."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient

from app.export import FORMAT

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_openapi_lists_every_route(app_client: TestClient) -> None:
    schema = app_client.get("/api/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/sessions",
        "/api/sessions/{slug}",
        "/api/sessions/{slug}/q/{number}",
        "/api/journalists",
        "/api/journalists/{slug}",
        "/api/outlets",
        "/api/outlets/{slug}",
        "/api/search",
        "/api/export",
    }
    assert app_client.get("/api/docs").status_code == 200


def test_sessions_and_one_session(app_client: TestClient) -> None:
    listing = app_client.get("/api/sessions").json()
    assert listing["total"] == 7
    assert len(listing["sessions"]) == 7
    first = next(
        s for s in listing["sessions"] if s["title"].startswith("News conference following working")
    )
    assert first["principals"][0]["name"] == "Vladimir Putin"
    detail = app_client.get(first["api_url"].replace("http://testserver", "")).json()
    assert len(detail["exchanges"]) == first["exchange_count"] == 12
    numbers = [e["number"] for e in detail["exchanges"]]
    assert numbers == sorted(numbers)
    assert "principal" in {s["role"] for s in detail["speakers"]}
    assert app_client.get("/api/sessions/none").status_code == 404


def test_one_exchange(app_client: TestClient) -> None:
    sessions = app_client.get("/api/sessions").json()["sessions"]
    seed = next(s for s in sessions if s["title"].startswith("In Beijing’s warm night air"))
    e = app_client.get(f"/api/sessions/{seed['slug']}/q/2").json()
    assert e["questioner"]["name"] == "Lana Samsonia"
    assert e["outlet"]["name"] == "Interfax"
    assert e["previous"].endswith("/q/1")
    assert e["next"].endswith("/q/3")
    assert e["url"] == f"http://testserver/sessions/{seed['slug']}/q/2"
    assert e["citation"].startswith("Vladimir Putin, answer to Lana Samsonia (Interfax)")
    assert app_client.get(f"/api/sessions/{seed['slug']}/q/99").status_code == 404


def test_journalists_and_outlets(app_client: TestClient) -> None:
    journalists = app_client.get("/api/journalists").json()
    assert any(j["slug"] == "konstantin-panyushkin" and j["questions"] == 2 for j in journalists)
    one = app_client.get("/api/journalists/konstantin-panyushkin").json()
    assert one["outlets"][0]["name"] == "Channel One"
    assert len(one["exchanges"]) == 2
    outlets = app_client.get("/api/outlets").json()
    assert [o["questions"] for o in outlets] == sorted(
        (o["questions"] for o in outlets), reverse=True
    )
    channel = app_client.get("/api/outlets/channel-one").json()
    assert channel["journalists"][0]["slug"] == "konstantin-panyushkin"
    assert app_client.get("/api/journalists/vladimir-putin").status_code == 404


def test_search_has_the_page_s_filters_and_facets(app_client: TestClient) -> None:
    body = app_client.get("/api/search", params={"q": "president", "sort": "newest"}).json()
    assert body["total"] > 10
    assert len(body["hits"]) == 10
    assert set(body["facets"]) == {"outlet", "questioner", "principal", "kind", "year", "month"}
    dates = [h["date"] for h in body["hits"] if h["date"]]
    assert dates == sorted(dates, reverse=True)
    narrowed = app_client.get("/api/search", params={"q": "journalist:panyushkin"}).json()
    assert narrowed["filters"] == {"journalist": "panyushkin"}
    assert {h["questioner_name"] for h in narrowed["hits"]} == {"Konstantin Panyushkin"}
    bad = app_client.get("/api/search", params={"q": "(oops"})
    assert bad.status_code == 400
    assert "parenthesis" in bad.json()["detail"]
    assert app_client.get("/api/search", params={"page": 0}).status_code == 422


def test_export_streams_the_presser_1_format(app_client: TestClient) -> None:
    body = json.loads(app_client.get("/api/export").content)
    assert body["format"] == FORMAT
    assert len(body["sessions"]) == 7
    assert sum(len(s["exchanges"]) for s in body["sessions"]) > 150


def test_atom_feeds(app_client: TestClient) -> None:
    for path in (
        "/feeds/archive.atom",
        "/feeds/journalists/konstantin-panyushkin.atom",
        "/feeds/outlets/channel-one.atom",
        "/feeds/search.atom?q=president",
    ):
        response = app_client.get(path)
        assert response.headers["content-type"].startswith("application/atom+xml"), path
        feed = ET.fromstring(response.content)
        entries = feed.findall(f"{ATOM}entry")
        assert entries, path
        assert all(
            e.find(f"{ATOM}id") is not None and e.find(f"{ATOM}updated") is not None
            for e in entries
        )
        links = [str(e.find(f"{ATOM}link").get("href")) for e in entries]  # type: ignore[union-attr]
        assert all("/sessions/" in link and "/q/" in link for link in links), path
    assert app_client.get("/feeds/search.atom?q=%22bad").status_code == 400
    assert app_client.get("/feeds/journalists/nobody.atom").status_code == 404


def test_opensearch_and_sitemaps(app_client: TestClient) -> None:
    home = app_client.get("/").text
    assert 'rel="search" type="application/opensearchdescription+xml"' in home
    description = ET.fromstring(app_client.get("/opensearch.xml").content)
    templates = [u.get("template") for u in description if u.tag.endswith("Url")]
    assert "http://testserver/search?q={searchTerms}" in templates
    index = ET.fromstring(app_client.get("/sitemap.xml").content)
    files = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert files == [
        "http://testserver/sitemap-pages-1.xml",
        "http://testserver/sitemap-answers-1.xml",
    ]
    answers = ET.fromstring(app_client.get("/sitemap-answers-1.xml").content)
    total = app_client.get("/api/sessions").json()["sessions"]
    assert len(list(answers.iter(f"{SITEMAP}loc"))) == sum(s["exchange_count"] for s in total)
    assert app_client.get("/sitemap-answers-2.xml").status_code == 404
