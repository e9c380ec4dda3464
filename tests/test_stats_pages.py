"""Statistics pages through the test client: each chart is an accessible SVG, and the
table under it holds the numbers the statistics queries return."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session

from app import queries, stats
from app.charts import timeline
from app.ingest import Ingester
from app.main import create_app
from tests.conftest import MakeSettings


@dataclass
class Figure:
    svg: tuple[str | None, ...] = ()  # role, aria-labelledby, aria-describedby
    rows: list[list[str]] = field(default_factory=list)
    style: bool = False  # an inline style attribute anywhere inside


class Figures(HTMLParser):
    """Each <figure class="chart">: its SVG's naming and its table's rows, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, Figure] = {}
        self.ids: set[str] = set()
        self._figure: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._svg_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "figure" and "chart" in (a.get("class") or "").split():
            self._figure = a.get("id") or ""
            self.figures[self._figure] = Figure()
        if self._figure is None:
            return
        figure = self.figures[self._figure]
        if tag == "svg":
            figure.svg = (a.get("role"), a.get("aria-labelledby"), a.get("aria-describedby"))
        if "style" in a:
            figure.style = True
        if tag == "tr":
            self._row = []
        if tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        if tag == "tr" and self._row is not None and self._figure is not None:
            self.figures[self._figure].rows.append(self._row)
            self._row = None
        if tag == "figure":
            self._figure = None


def figures(html: str) -> Figures:
    parser = Figures()
    parser.feed(html)
    return parser


def table(page: Figures, key: str) -> list[tuple[str, int]]:
    """The (label, first number) rows of a chart's table, header left out."""
    return [(r[0], int(r[1].replace(",", ""))) for r in page.figures[key].rows[1:]]


def test_stats_page_charts_are_accessible_svgs_with_tables(
    app_client: TestClient, archive: Ingester
) -> None:
    response = app_client.get("/stats")
    assert response.status_code == 200
    page = figures(response.text)
    assert set(page.figures) == {
        "questions-per-journalist",
        "questions-per-outlet",
        "questions-per-principal",
        "questions-per-year",
        "first-question-journalist",
        "first-question-outlet",
        "outlets-over-time",
    }
    for key, figure in page.figures.items():
        assert figure.svg == ("img", f"{key}-title", f"{key}-desc"), key
        assert {f"{key}-title", f"{key}-desc"} <= page.ids
        assert not figure.style, key  # the CSP refuses inline styles
        assert len(figure.rows) > 1, key
    assert "<script" not in response.text

    with Session(archive.engine) as db:
        journalists = stats.top_journalists(db, 20)
        outlets = stats.top_outlets(db, 20)
        years = stats.questions_per_year(db)
        first = stats.first_questions(db, 15)
        grid = stats.outlets_by_year(db, 8)
        a = stats.attribution(db)
    assert table(page, "questions-per-journalist") == [(p.name, n) for p, n in journalists]
    assert table(page, "questions-per-outlet") == [(o.name, n) for o, n in outlets]
    year_rows = dict(table(page, "questions-per-year"))
    assert {int(y): n for y, n in year_rows.items() if n} == years
    assert table(page, "first-question-outlet") == [(o.name, n) for o, n in first.outlets]
    grid_rows = page.figures["outlets-over-time"].rows
    assert grid_rows[0] == ["Outlet", *map(str, grid.years), "Total"]
    assert [r[0] for r in grid_rows[1:]] == [o.name for o, _ in grid.outlets]
    # What is not counted is said, with the number.
    unlinked = f"{a.questions - a.journalist:,} questions not linked to a journalist"
    assert unlinked in response.text
    assert f"{a.questions - a.outlet:,} questions with no outlet are not counted" in response.text


def test_stats_is_in_the_site_navigation(app_client: TestClient) -> None:
    home = app_client.get("/").text
    nav = home.split('<nav aria-label="Site">', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/stats">Statistics</a>' in nav


def test_journalist_and_outlet_pages_draw_their_numbers(
    app_client: TestClient, archive: Ingester
) -> None:
    with Session(archive.engine) as db:
        person = queries.person_by_slug(db, "konstantin-panyushkin")
        outlet = queries.outlet_by_slug(db, "channel-one")
        assert person is not None
        assert person.id is not None
        assert outlet is not None
        assert outlet.id is not None
        months = stats.questions_per_month(db, stats.Scope(questioner_id=person.id))
        journalists = queries.journalists_of_outlet(db, outlet.id)
    page = figures(app_client.get("/journalists/konstantin-panyushkin").text)
    assert {"journalist-timeline", "journalist-answerers"} <= set(page.figures)
    _, bars = timeline(months)
    assert table(page, "journalist-timeline") == [(b.label, b.value) for b in bars]
    assert sum(b.value for b in bars) == sum(months.values()) == 2  # the seed, the markup file
    assert table(page, "journalist-answerers") == [("Vladimir Putin", sum(months.values()))]
    page = figures(app_client.get("/outlets/channel-one").text)
    assert table(page, "outlet-journalists") == [(p.name, n) for p, n in journalists]


def test_principal_page_links_to_the_deflecting_answers(
    app_client: TestClient, archive: Ingester
) -> None:
    with Session(archive.engine) as db:
        psaki = queries.person_by_slug(db, "jen-psaki")
        assert psaki is not None
        assert psaki.id is not None
        facts = stats.answer_facts(db, psaki.id)
        profile = stats.profile(facts)
        listed = stats.listings(db, stats.deflecting_ids(facts))
    html = app_client.get("/people/jen-psaki").text
    page = figures(html)
    assert {"person-sessions", "person-answers", "person-lengths", "person-phrases"} <= set(
        page.figures
    )
    assert table(page, "person-answers") == [("2022-03", profile.answers)]
    lengths = page.figures["person-lengths"].rows
    assert [int(r[1]) for r in lengths[1:]] == profile.lengths
    assert f"read the {profile.deflecting} deflecting answers" in html
    assert 'href="/people/jen-psaki/deflections"' in html

    deflecting = app_client.get("/people/jen-psaki/deflections")
    assert deflecting.status_code == 200
    permalinks = re.findall(r'<a href="(/sessions/[^"]+/q/\d+)">Permalink</a>', deflecting.text)
    assert permalinks == [f"/sessions/{i.session.slug}/q/{i.exchange.number}" for i in listed]
    assert app_client.get(permalinks[0]).status_code == 200
    assert "<blockquote" in deflecting.text
    assert app_client.get("/people/jen-psaki/deflections?page=2").status_code == 404
    assert app_client.get("/people/no-one/deflections").status_code == 404


def test_an_empty_archive_has_statistics_with_nothing_to_count(
    tmp_path: Path, make_settings: MakeSettings
) -> None:
    settings = make_settings(tmp_path / "data")
    Ingester(settings)  # migrates the empty database
    client = TestClient(create_app(settings))
    response = client.get("/stats")
    assert response.status_code == 200
    assert "Nothing to count yet." in response.text
