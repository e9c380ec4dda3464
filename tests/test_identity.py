"""One journalist across the archive: first-name calls resolved with evidence, and undone.

The resolver is tested on plain objects; the archive pass through a real ingest, its pages
and its export."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.export import export_archive
from app.identity.resolve import FullMention, Resolver, first_key, measure
from app.ingest import Ingester
from app.main import create_app
from app.models import Exchange, Person, PressSession
from app.queries import journalists_with_counts

D = dt.date


def named(name: str, day: int, session: int, outlet: str | None = None) -> FullMention:
    return FullMention(name, D(2022, 3, 1) + dt.timedelta(days=day), session, outlet)


def test_first_keys() -> None:
    assert first_key("Zeke") == ("zeke", "")
    assert first_key("Kelly O.") == ("kelly", "o")
    assert first_key("Zeke Miller") is None


def test_one_journalist_named_often_nearby_is_linked_with_the_outlet_of_the_day() -> None:
    resolver = Resolver(
        [
            named("Zeke Miller", 0, 1, "AP"),
            named("Zeke Miller", 10, 2, "AP"),
            named("Zeke Miller", 20, 3, "Associated Press"),
        ]
    )
    link = resolver.resolve("Zeke", D(2022, 3, 19))
    assert link is not None
    assert (link.name, link.outlet, link.evidence_session) == ("Zeke Miller", "Associated Press", 3)


def test_too_few_sessions_outside_the_window_or_ambiguous_stay_unlinked() -> None:
    few = Resolver([named("Selina Wang", 0, 1, "CBS"), named("Selina Wang", 5, 2, "CBS")])
    assert few.resolve("Selina", D(2022, 3, 3)) is None  # named in 2 sessions: not enough
    often = [named("Selina Wang", d, s, "CBS") for s, d in enumerate((0, 5, 9), start=1)]
    assert Resolver(often).resolve("Selina", D(2022, 3, 3)) is not None
    assert Resolver(often).resolve("Selina", D(2023, 3, 3)) is None  # a year later: too far
    rival = [*often, named("Selina Ortiz", 200, 9, "Univision")]
    assert Resolver(rival).resolve("Selina", D(2022, 3, 3)) is None  # two Selinas in 2 years


def test_first_name_and_initial_keep_two_people_apart() -> None:
    people = [named("Kelly O'Donnell", d, s) for s, d in enumerate((0, 3, 6), start=1)]
    people += [named("Kelly Meyerhofer", d, s) for s, d in enumerate((1, 4, 7), start=10)]
    resolver = Resolver(people)
    assert resolver.resolve("Kelly", D(2022, 3, 4)) is None
    link = resolver.resolve("Kelly O.", D(2022, 3, 4))
    assert link is not None
    assert link.name == "Kelly O'Donnell"


def test_leave_one_out_measures_against_the_rest_of_the_archive() -> None:
    archive = [named("Zeke Miller", d, s, "AP") for s, d in enumerate(range(0, 40, 5), start=1)]
    archive.append(named("Zeke Visitor", 1000, 99, "Daily"))  # named once, years later
    m = measure(archive, 90, 3, 730)
    assert m.resolved == 8  # every Zeke Miller comes back from the seven others
    assert m.right == 8
    assert m.precision == 1.0


# ---- the archive pass, through a real ingest --------------------------------------------

CALLS = "\n\n".join(
    [
        "MODERATOR:  Thanks, everyone.  Let's go to Selina Wang at CBS.",
        "Q    Thank you.  When will the boosters for children be authorised?",
        "DR. JHA:  The FDA will decide that on its own timeline, as it always does.",
    ]
)
BRIEFING = "\n\n".join(
    [
        "MS. PSAKI:  Good afternoon, everyone.  A few items at the top before questions.",
        "Go ahead, Selina.",
        "Q    What is the President's message to China about Taiwan this week?",
        "MS. PSAKI:  He will convey that our policy has not changed, as he has said before.",
    ]
)


def transcript(folder: Path, name: str, day: str, body: str, title: str) -> Path:
    path = folder / name
    path.write_text(
        f"---\ntitle: \"{title}\"\ndate: '{day}'\n"
        "source_url: https://www.whitehouse.gov/briefing-room/press-briefings/x/\n---\n\n"
        f"{body}\n",
        encoding="utf-8",
    )
    return path


def exchange_of(ingester: Ingester, source: str) -> Exchange:
    with Session(ingester.engine) as db:
        session = db.exec(select(PressSession).where(PressSession.source_key == source)).one()
        return db.exec(select(Exchange).where(Exchange.session_id == session.id)).one()


def test_a_later_session_resolves_and_another_unresolves(
    ingester: Ingester, tmp_path: Path
) -> None:
    covid = "Press Briefing by White House COVID-19 Response Team and Public Health Officials"
    briefing = transcript(
        tmp_path, "b.md", "2022-04-10", BRIEFING, "Press Briefing by Press Secretary Jen Psaki"
    )
    ingester.ingest_file(briefing)
    before = exchange_of(ingester, "b.md")
    assert (before.questioner_name, before.questioner_id) == ("Selina", None)

    # Three calls that name her in full arrive later: the earlier call is linked to her.
    for i, day in enumerate(("2022-04-01", "2022-04-05", "2022-04-20")):
        ingester.ingest_file(transcript(tmp_path, f"c{i}.md", day, CALLS, covid))
    linked = exchange_of(ingester, "b.md")
    assert linked.questioner_name == "Selina"  # as printed, always
    assert linked.questioner_id is not None
    assert linked.inferred_from is not None
    assert linked.outlet_inferred
    assert linked.number == before.number  # the permalink does not move
    with Session(ingester.engine) as db:
        person = db.get(Person, linked.questioner_id)
        assert person is not None
        assert person.name == "Selina Wang"

    client = TestClient(create_app(ingester.settings))
    with Session(ingester.engine) as db:
        slug = db.exec(select(PressSession.slug).where(PressSession.source_key == "b.md")).one()
    page = client.get(f"/sessions/{slug}/q/{linked.number}").text
    assert "identified from the call" in page
    assert "Go ahead, Selina." in page
    assert "named in full on" in page
    assert "(inferred from a first-name call)" in client.get(f"/sessions/{slug}").text
    assert "(inferred from a first-name call)" in client.get("/search?q=Taiwan").text
    api = client.get(f"/api/sessions/{slug}/q/{linked.number}").json()
    assert api["basis"] == "call"
    assert api["inferred"] is True
    with Session(ingester.engine) as db:
        record = next(s for s in export_archive(db)["sessions"] if s["source_file"] == "b.md")[
            "exchanges"
        ][0]
    assert record["questioner"] == "Selina"
    assert record["journalist"]["name"] == "Selina Wang"
    assert record["journalist"]["inferred_from"]["date"] == "2022-04-05"
    json.dumps(record)

    # Her page lists the outlet she asked for, with the dates (people change employers).
    with Session(ingester.engine) as db:
        her = db.get(Person, linked.questioner_id)
        assert her is not None
    journalist = client.get(f"/journalists/{her.slug}").text
    assert "(4, 2022-04-01 to 2022-04-20)" in journalist

    # A second Selina named in full nearby: the first-name call is ambiguous again.
    rival = CALLS.replace("Selina Wang at CBS", "Selina Ortiz at Univision")
    ingester.ingest_file(transcript(tmp_path, "r.md", "2022-04-12", rival, covid))
    undone = exchange_of(ingester, "b.md")
    assert undone.questioner_id is None
    assert undone.inferred_from is None
    assert undone.outlet_id is None
    assert undone.number == before.number


def test_officials_are_never_listed_as_journalists(ingester: Ingester, tmp_path: Path) -> None:
    # Kirby asks a question at one event and answers from the podium at another.
    asks = "\n\n".join(
        [
            "MS. PSAKI:  Good afternoon.  Go ahead.",
            "JOHN KIRBY:  John Kirby, Pentagon Press.  Is the deployment going ahead this week?",
            "MS. PSAKI:  It is, and the Secretary will speak to it later today in detail.",
            "Q    And what about the second brigade that was announced last week?",
            "MS. PSAKI:  That decision is for the Secretary, and he has not made it yet.",
        ]
    )
    ingester.ingest_file(
        transcript(tmp_path, "a.md", "2022-02-01", asks, "Press Briefing by Jen Psaki")
    )
    answers = "\n\n".join(
        [
            "MR. KIRBY:  Good afternoon.  I have one announcement, then your questions.",
            "Q    When will the troops arrive in Poland, and how many of them?",
            "MR. KIRBY:  The first will arrive this week, about 1,700 of them in all.",
        ]
    )
    ingester.ingest_file(
        transcript(tmp_path, "k.md", "2022-02-02", answers, "Press Briefing by John Kirby")
    )
    with Session(ingester.engine) as db:
        names = {p.name for p, _ in journalists_with_counts(db)}
    assert "John Kirby" not in names
    # Nor is his question linked to a journalist page, so no facet or count shows him.
    with Session(ingester.engine) as db:
        kirby = db.exec(select(Person).where(Person.name == "John Kirby")).one()
        assert db.exec(select(Exchange).where(Exchange.questioner_id == kirby.id)).first() is None
    facets = TestClient(create_app(ingester.settings)).get("/api/search?q=deployment").json()
    assert "john-kirby" not in json.dumps(facets.get("facets", {}))


def call_session(folder: Path, name: str, day: str, who: str) -> Path:
    body = "\n\n".join(
        [
            f"MODERATOR:  Thanks, everyone.  Let's go to {who}.",
            "Q    Thank you.  When will the boosters for children be authorised?",
            "DR. JHA:  The FDA will decide that on its own timeline, as it always does.",
        ]
    )
    title = "Press Briefing by White House COVID-19 Response Team and Public Health Officials"
    return transcript(folder, name, day, body, title)


def journalist_names(ingester: Ingester) -> list[str]:
    with Session(ingester.engine) as db:
        return sorted(p.name for p, _ in journalists_with_counts(db))


def test_a_spelling_one_letter_off_with_the_same_outlet_is_one_journalist(
    ingester: Ingester, tmp_path: Path
) -> None:
    ingester.ingest_file(call_session(tmp_path, "a.md", "2022-05-01", "Meg Tirrell at CNBC"))
    ingester.ingest_file(call_session(tmp_path, "b.md", "2022-05-08", "Meg Tirrel at CNBC"))
    assert journalist_names(ingester) == ["Meg Tirrell"]
    # The same spelling slip with another outlet is not evidence enough: two people.
    ingester.ingest_file(call_session(tmp_path, "c.md", "2022-05-09", "Meg Tirrel at NPR"))
    assert journalist_names(ingester) == ["Meg Tirrel", "Meg Tirrell"]


def test_the_same_surname_with_other_initials_stays_two_people(
    ingester: Ingester, tmp_path: Path
) -> None:
    for name, who in (("n.md", "N. Ivanov"), ("g.md", "G. Ivanov")):
        body = "\n\n".join(
            [
                "V. Putin: Good afternoon, colleagues. Let us start with your questions.",
                f"{who}: {who.replace('.', '')}, Kommersant. What about gas prices this winter?",
                "V. Putin: They will stay stable this winter, as the contracts say they must.",
            ]
        )
        path = tmp_path / name
        path.write_text(f"News conference\n\nMay 1, 2019 (2019-05-01), Moscow\n\n{body}\n")
        ingester.ingest_file(path)
    assert journalist_names(ingester) == ["G. Ivanov", "N. Ivanov"]


def test_two_close_names_in_one_session_stay_two_and_the_file_goes_in(
    ingester: Ingester, tmp_path: Path
) -> None:
    ingester.ingest_file(call_session(tmp_path, "a.md", "2022-05-01", "Meg Tirrell at CNBC"))
    body = "\n\n".join(
        [
            "MODERATOR:  Thanks, everyone.  Let's go to Meg Tirrel at CNBC.",
            "Q    Thank you.  When will the boosters for children be authorised?",
            "DR. JHA:  The FDA will decide that on its own timeline, as it always does.",
            "MODERATOR:  Let's go to Meg Tirrell at CNBC.",
            "Q    Thanks.  And what about the second booster for older adults this fall?",
            "DR. JHA:  We expect a recommendation before the fall, as we have said before.",
        ]
    )
    title = "Press Briefing by White House COVID-19 Response Team and Public Health Officials"
    result = ingester.ingest_file(transcript(tmp_path, "b.md", "2022-05-02", body, title))
    assert result.status == "added", result.error
    assert journalist_names(ingester) == ["Meg Tirrel", "Meg Tirrell"]
