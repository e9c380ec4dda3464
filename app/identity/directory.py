"""People and outlets as rows: one per person and organisation, found by key or created.

Between the parser's names and the database: a label variant, an initial (`K. Panyushkin`)
or an outlet alias (`AP`, `Associated Press`) finds the row that already stands for them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_
from sqlmodel import Session, col, select

from app.models import Appearance, Exchange, Outlet, OutletVariant, Person, PersonLabel
from app.parsing.names import NameParts, edit_distance, fold, parse_name
from app.rows import insert_rows, row_id, rows_by, values_by_id
from app.slugs import outlet_key, person_key, slugify


class Directory:
    """People and outlets of one file, looked up once each and created when new.

    The caller's session does not autoflush, and new people are flushed together, so a file
    with thousands of speakers costs a few statements per speaker, not a flush per row."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self.outlets: dict[str, Outlet] = {}
        self.variants: set[tuple[int, str]] = set()
        self.slugs: dict[type[Person] | type[Outlet], set[str]] = {Person: set(), Outlet: set()}
        self.pending_labels: list[tuple[Person, list[str]]] = []
        self.used: set[int] = set()  # people already given to a speaker of this file
        # What prefetch() read: keys looked up (found or not), and what was found.
        self.people_looked_up: set[str] = set()
        self.people: dict[str, Person] = {}
        self.labels: dict[int, set[str]] = {}
        self.outlets_looked_up: set[str] = set()
        self.stored_variants: dict[int, set[str]] = {}

    def prefetch(self, people: Iterable[str], outlets: Iterable[str]) -> None:
        """Read the file's known people and outlets, their labels and spellings, in a few
        IN queries: one query each per speaker and outlet was half the database stage
        once a session had forty distinct questioners (cProfile, 100 generated files)."""
        db = self.db
        self.people_looked_up.update(person_key(name) for name in people)
        self.people.update(rows_by(db, Person.name_key, self.people_looked_up))
        self.labels = values_by_id(
            db, PersonLabel.person_id, PersonLabel.label, [row_id(p) for p in self.people.values()]
        )
        self.outlets_looked_up.update(outlet_key(name) or fold(name) for name in outlets)
        self.outlets.update(rows_by(db, Outlet.key, self.outlets_looked_up))
        self.stored_variants = values_by_id(
            db,
            OutletVariant.outlet_id,
            OutletVariant.name,
            [row_id(o) for o in self.outlets.values()],
        )

    def person(self, name: str, labels: Iterable[str], outlet: str | None = None) -> Person:
        db = self.db
        key = person_key(name)
        if key in self.people_looked_up:
            person: Person | None = self.people.get(key)
        else:
            person = db.exec(select(Person).where(Person.name_key == key)).first()
        if person is None:
            parts = parse_name(name)
            if not parts.full and parts.given:
                # `K. Panyushkin`: the one person already known with that initial and surname.
                candidates = [
                    p
                    for p in db.exec(
                        select(Person).where(
                            col(Person.name_key).endswith(" " + person_key(parts.surname))
                        )
                    )
                    if parse_name(p.name).initial == parts.initial and parse_name(p.name).full
                ]
                if len(candidates) == 1 and candidates[0].id not in self.used:
                    person = candidates[0]
            elif parts.full and outlet:
                person = self._variant(parts, outlet)
        known: set[str] = set()
        if person is None:
            person = Person(name=name, name_key=key, slug=self._slug(Person, slugify(name)))
            db.add(person)  # flushed with the others in settle()
        elif person.id in self.labels:
            known = self.labels[person.id]
        else:
            known = set(
                db.exec(select(PersonLabel.label).where(PersonLabel.person_id == person.id))
            )
        if person.id is not None:
            self.used.add(person.id)
        new_labels = [label[:200] for label in dict.fromkeys(labels) if label not in known]
        self.pending_labels.append((person, new_labels))
        return person

    def _variant(self, parts: NameParts, outlet: str) -> Person | None:
        """`Meg Tirrel` for `Meg Tirrell`, `Valeria` for `Valeriya Korableva`: a spelling one
        letter away, of the given name or the surname but not both, merged only when the
        same outlet stands behind both (never on a surname alone)."""
        surname, given = person_key(parts.surname), person_key(parts.given[0])
        found = self.db.exec(
            select(Person).where(
                or_(
                    col(Person.name_key).endswith(" " + surname),
                    col(Person.name_key).startswith(given + " "),
                )
            )
        ).all()
        # Two speakers of one session are two people, however close their names.
        close = [
            p
            for p in found
            if p.id not in self.used
            and p not in self.people.values()  # another speaker of this file is that person
            and _one_letter_apart(parse_name(p.name), parts)
        ]
        key = outlet_key(outlet)
        same_outlet = [p for p in close if key in self._outlet_keys(row_id(p))]
        return same_outlet[0] if len(same_outlet) == 1 else None

    def _outlet_keys(self, person_id: int) -> set[str]:
        """Every outlet the person has appeared or asked for, by key."""
        appeared = select(Outlet.key).join(Appearance, col(Appearance.outlet_id) == Outlet.id)
        asked = select(Outlet.key).join(Exchange, col(Exchange.outlet_id) == Outlet.id)
        return set(self.db.exec(appeared.where(Appearance.person_id == person_id))) | set(
            self.db.exec(asked.where(Exchange.questioner_id == person_id))
        )

    def settle(self) -> None:
        """Give new people their ids in one flush, then record the labels they were under."""
        self.db.flush()
        rows = [
            {"person_id": row_id(person), "label": label}
            for person, labels in self.pending_labels
            for label in labels
        ]
        insert_rows(self.db, PersonLabel, rows)
        self.pending_labels.clear()

    def outlet(self, name: str) -> Outlet:
        db = self.db
        key = outlet_key(name) or fold(name)
        outlet = self.outlets.get(key)
        if outlet is None:
            if key not in self.outlets_looked_up:
                outlet = db.exec(select(Outlet).where(Outlet.key == key)).first()
            if outlet is None:
                outlet = Outlet(name=name, key=key, slug=self._slug(Outlet, slugify(name)))
                db.add(outlet)
                db.flush()
            self.outlets[key] = outlet
        variant = (row_id(outlet), name[:200])
        if variant not in self.variants:
            self.variants.add(variant)
            spellings = self.stored_variants.get(variant[0])
            if spellings is not None:
                stored = variant[1] in spellings
            else:
                stored = (
                    db.exec(
                        select(OutletVariant.id).where(
                            OutletVariant.outlet_id == variant[0], OutletVariant.name == variant[1]
                        )
                    ).first()
                    is not None
                )
            if not stored:
                db.add(OutletVariant(outlet_id=variant[0], name=variant[1]))
        return outlet

    def _slug(self, table: type[Person] | type[Outlet], base: str) -> str:
        taken = self.slugs[table]
        slug, n = base, 2
        while slug in taken or self.db.exec(select(table.id).where(table.slug == slug)).first():
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        return slug


def _one_letter_apart(a: NameParts, b: NameParts) -> bool:
    if not (a.full and b.full):
        return False
    same_given, same_surname = (
        fold(a.given[0]) == fold(b.given[0]),
        fold(a.surname) == fold(b.surname),
    )
    if same_given and not same_surname and min(len(a.surname), len(b.surname)) >= 5:
        return edit_distance(fold(a.surname), fold(b.surname), 1) == 1
    if same_surname and not same_given and min(len(a.given[0]), len(b.given[0])) >= 4:
        return edit_distance(fold(a.given[0]), fold(b.given[0]), 1) == 1
    return False
