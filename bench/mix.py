"""The bench's search mix: 200 requests a reader might make (words common and rare, phrases,
filters, exclusions, misspellings), drawn with a fixed seed from an archive's own words,
journalists, outlets, principals and years, and 200 random permalinks; every engine and the
FTS5 yardstick run the same ones.

The draw reads the database only, in id order, so the same corpus gives the same mix on
SQLite and on PostgreSQL; `make bench` keeps it beside the corpus (mix-<size>.json).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session, col, func, select

from app.config import Settings
from app.db import get_engine
from app.models import Exchange, ExchangeAnswerer, Outlet, Person, PressSession
from app.rows import chunks
from app.search import plan
from app.search.query import SearchRequest

SEED = 13
SAMPLE = 2_000  # exchanges read for the vocabulary and the phrases

# How many requests of each kind, in the order they are drawn (200 in all).
KINDS = {
    "one word": 40,
    "two words": 25,
    "phrase": 30,
    "word + journalist": 20,
    "word + outlet": 20,
    "word + principal": 10,
    "word + year": 15,
    "exclusion": 20,
    "boolean": 10,
    "filter alone": 5,
    "misspelt": 5,
}


@dataclass(frozen=True)
class Query:
    kind: str
    request: SearchRequest

    @property
    def url(self) -> str:
        return "/search?" + urlencode(self.request.params())


@dataclass(frozen=True)
class Mix:
    queries: list[Query]
    permalinks: list[str]  # "<session slug>/<number>"

    def save(self, path: Path) -> None:
        data = {
            "queries": [{"kind": q.kind, "request": asdict(q.request)} for q in self.queries],
            "permalinks": self.permalinks,
        }
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Mix:
        data = json.loads(path.read_text(encoding="utf-8"))
        queries = [Query(q["kind"], SearchRequest(**q["request"])) for q in data["queries"]]
        return cls(queries, data["permalinks"])


@dataclass(frozen=True)
class Vocabulary:
    common: list[str]  # the most frequent words (in most answers)
    middling: list[str]
    rare: list[str]  # in two or three of the sampled exchanges
    phrases: list[tuple[str, ...]]  # runs of words as said, some led by a stop word


def _vocabulary(texts: list[str], rng: random.Random) -> Vocabulary:
    docs: Counter[str] = Counter()
    runs: list[tuple[str, ...]] = []
    for text in texts:
        words = plan.words(text)
        docs.update({w for w in words if w.isalpha() and not plan.droppable(w) and len(w) > 2})
        if len(words) > 4:
            start = rng.randrange(len(words) - 3)
            runs.append(tuple(words[start : start + rng.choice((2, 2, 3))]))
    ranked = [w for w, _ in docs.most_common()]
    return Vocabulary(
        common=ranked[:30],
        middling=ranked[100:600] or ranked,
        rare=[w for w, n in docs.items() if n in (2, 3)] or ranked,
        phrases=runs,
    )


def _busiest(db: Session, slug: Any, link: Any, limit: int = 200) -> list[str]:
    """Slugs with the most exchanges behind `link`, busiest first."""
    model = slug.class_
    return list(
        db.exec(
            select(slug)
            .join(Exchange, col(link) == model.id)
            .group_by(col(model.id))
            .order_by(func.count().desc(), col(model.id))
            .limit(limit)
        )
    )


def draw(settings: Settings, seed: int = SEED) -> Mix:
    rng = random.Random(seed)
    with Session(get_engine(settings)) as db:
        ids = [i for i in db.exec(select(Exchange.id).order_by(col(Exchange.id))) if i is not None]
        sample = sorted(rng.sample(ids, min(SAMPLE, len(ids))))
        texts = []
        for part in chunks(sample):
            rows = db.exec(
                select(Exchange.question, Exchange.answer)
                .where(col(Exchange.id).in_(part))
                .order_by(col(Exchange.id))
            )
            texts += [f"{q}\n{a}" for q, a in rows]
        journalists = _busiest(db, Person.slug, Exchange.questioner_id)
        names = dict(
            db.exec(
                select(Person.slug, Person.name).where(col(Person.slug).in_(journalists[:100]))
            ).all()
        )
        outlets = _busiest(db, Outlet.slug, Exchange.outlet_id)
        principals = list(
            db.exec(
                select(Person.slug)
                .join(ExchangeAnswerer, col(ExchangeAnswerer.person_id) == Person.id)
                .group_by(col(Person.id))
                .order_by(func.count().desc(), col(Person.id))
                .limit(50)
            )
        )
        years = sorted({d.year for d in db.exec(select(col(PressSession.date))) if d})
        keyed = rng.sample(ids, min(200, len(ids)))
        permalinks = []
        for part in chunks(keyed):
            found = {
                i: f"{slug}/{number}"
                for i, slug, number in db.exec(
                    select(Exchange.id, PressSession.slug, Exchange.number)
                    .join(PressSession, col(PressSession.id) == Exchange.session_id)
                    .where(col(Exchange.id).in_(part))
                )
            }
            permalinks += [found[i] for i in part if i in found]
    vocab = _vocabulary(texts, rng)
    drawer = _Drawer(rng, vocab, journalists, names, outlets, principals, years)
    return Mix(_queries(drawer), permalinks)


class _Drawer:
    """One request of each kind at a time, from the archive's words and names."""

    def __init__(
        self,
        rng: random.Random,
        vocab: Vocabulary,
        journalists: list[str],
        names: dict[str, str],
        outlets: list[str],
        principals: list[str],
        years: list[int],
    ) -> None:
        self.rng, self.vocab = rng, vocab
        self.journalists = journalists[:100] or [""]
        self.names = names
        self.outlets = outlets[:100] or [""]
        self.principals = principals or [""]
        self.years = years or [2020]

    def word(self) -> str:
        v = self.vocab
        return self.rng.choice(self.rng.choice((v.common, v.middling, v.middling, v.rare)))

    def words(self) -> str:
        return " ".join(self.rng.choice(self.vocab.phrases))

    def draw(self, kind: str, i: int) -> dict[str, Any]:
        """The request's fields (SearchRequest's) for the i-th request of a kind."""
        return getattr(self, "_" + kind.replace(" + ", "_").replace(" ", "_"))(i)  # type: ignore[no-any-return]

    def _one_word(self, i: int) -> dict[str, Any]:
        v = self.vocab
        return {"q": self.rng.choice((v.common, v.middling, v.rare)[i % 3])}

    def _two_words(self, _i: int) -> dict[str, Any]:
        return {"q": f"{self.word()} {self.word()}"}

    def _phrase(self, i: int) -> dict[str, Any]:
        return {"q": f'"{self.words()}"' if i % 3 else f'{self.word()} "{self.words()}"'}

    def _word_journalist(self, i: int) -> dict[str, Any]:
        slug = self.rng.choice(self.journalists)
        if slug in self.names and i % 4 == 0:  # typed as a name, as a reader would
            return {"q": f'{self.word()} journalist:"{self.names[slug]}"'}
        return {"q": self.word(), "journalist": slug}  # as a facet link sets it

    def _word_outlet(self, _i: int) -> dict[str, Any]:
        return {"q": self.word(), "outlet": self.rng.choice(self.outlets)}

    def _word_principal(self, _i: int) -> dict[str, Any]:
        return {"q": f"{self.word()} principal:{self.rng.choice(self.principals)}"}

    def _word_year(self, i: int) -> dict[str, Any]:
        year = self.rng.choice(self.years)
        if i % 2:
            return {"q": f"{self.word()} year:{year}"}
        return {"q": self.word(), "date_from": f"{year}-01-01", "date_to": f"{year}-06-30"}

    def _exclusion(self, i: int) -> dict[str, Any]:
        if i % 2:
            return {"q": f"{self.word()} -{self.word()}"}
        return {"q": f'{self.word()} NOT "{self.words()}"'}

    def _boolean(self, i: int) -> dict[str, Any]:
        if i % 2:
            return {"q": f"({self.word()} OR {self.word()}) {self.word()}"}
        return {"q": f"question:{self.word()} answer:{self.word()}"}

    def _filter_alone(self, _i: int) -> dict[str, Any]:
        return {"outlet": self.rng.choice(self.outlets[:20])}

    def _misspelt(self, _i: int) -> dict[str, Any]:
        """Two letters of a longer word swapped: a did-you-mean to find."""
        v = self.vocab
        w = self.rng.choice([w for w in v.middling if len(w) > 5] or v.middling)
        at = self.rng.randrange(1, max(2, len(w) - 2))
        return {"q": w[:at] + w[at + 1 : at + 2] + w[at] + w[at + 2 :]}


def _queries(drawer: _Drawer) -> list[Query]:
    queries: list[Query] = []
    for kind, count in KINDS.items():
        for i in range(count):
            fields = drawer.draw(kind, i)
            n = len(queries)
            # A tenth sorted by date, a fifteenth asking for the second page, as readers do.
            if n % 10 == 9:
                fields["sort"] = "newest"
            if n % 15 == 14:
                fields["page"] = 2
            queries.append(Query(kind, SearchRequest(**fields)))
    return queries
