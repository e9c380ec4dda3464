"""A deterministic generator of synthetic archives, written as transcript files so the real
ingest path is what gets measured.

The words and the lengths of sentences come from the real transcripts in seeds/ (word
frequencies and sentence lengths counted there); journalists (thousands), outlets
(hundreds) and principals are drawn with a skew, as in real briefings where a few
reporters ask most questions. Two of the real formats are written in turn: the Kremlin
seed's (`Name: ...` labels, journalists introducing themselves with their outlet) and the
White House's (front matter, `MS. NAME:` principals calling `Full Name, Outlet.`, then an
anonymous `Q`).

    python -m bench.generate --exchanges 10000 --out data/bench/corpus-10k
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIRST = """
Anna Boris Clara Dmitry Elena Fyodor Galina Igor Yulia Oleg Maria Pavel Sofia Roman Vera
Kirill Nina Maxim Olga Denis Alice Brian Carla David Emma Frank Grace Henry Irene Jack Karen
Louis Megan Nathan Paula Quinn Rachel Steven Tara Victor Wendy Yusuf Zoe Ahmed Bianca Carlos
Diana Ethan Fatima Gabriel Hannah Ivan Julia Kevin Laura Marco Nadia Omar Petra
""".split()  # noqa: SIM905 - a word list reads better as text
LAST = """
Ivanova Petrov Sidorova Kuznetsov Popova Sokolov Lebedeva Kozlov Novikova Morozov Volkova
Solovyov Vasilieva Zaitsev Pavlova Semyonov Golubeva Vinogradov Bogdanova Vorobyov Anderson
Brooks Carter Dawson Ellis Fischer Garcia Hughes Ingram Jensen Keller Lambert Martinez Nolan
Ortega Parker Quigley Reyes Sanders Thornton Underwood Vargas Walsh Young Zimmerman Abbott
Bennett Coleman Delgado Everett Foster Gallagher Harper Iverson Jacobs Kramer Lawson Mercer
Norris Osborne Pearson Ramsey Sullivan Tucker Vaughn Whitaker
""".split()  # noqa: SIM905 - a word list reads better as text
PLACES = """
Riverton Lakeside Northgate Eastfield Westbrook Southport Hillcrest Oakridge Pinewood Maple
Cedar Harbor Summit Valley Granite Silver Golden Crystal Iron Copper Meridian Atlas Beacon
Frontier Capital Central Coastal Prairie Highland Metro Union Liberty Pioneer
""".split()  # noqa: SIM905 - a word list reads better as text
KINDS = ["News", "Times", "Radio", "Television", "Post", "Journal", "Agency", "Press"]


@dataclass(frozen=True)
class Language:
    """Words by frequency and sentence lengths, counted in the real transcripts."""

    words: list[str]
    weights: list[int]
    lengths: list[int]

    @classmethod
    def from_texts(cls, texts: list[str]) -> Language:
        counts: Counter[str] = Counter()
        lengths: list[int] = []
        for text in texts:
            body = re.sub(r"^.*?:", "", text, flags=re.M)  # labels are not speech
            for sentence in re.split(r"(?<=[.?!])\s+", body):
                words = re.findall(r"[A-Za-z][a-z'’]+|\d+", sentence)
                if 3 <= len(words) <= 60:
                    lengths.append(len(words))
                    counts.update(w.lower() for w in words if w[0].islower())
        common = counts.most_common(6000)
        return cls([w for w, _ in common], [n for _, n in common], lengths)

    def sentence(self, rng: random.Random, end: str = ".") -> str:
        n = rng.choice(self.lengths)
        words = rng.choices(self.words, self.weights, k=n)
        return " ".join(words).capitalize() + end

    def paragraph(self, rng: random.Random, sentences: int, question: bool = False) -> str:
        out = [self.sentence(rng) for _ in range(sentences - 1)]
        out.append(self.sentence(rng, "?" if question else "."))
        return " ".join(out)


def skewed(rng: random.Random, n: int) -> int:
    """An index in range(n), the first ones far likelier (a few reporters ask most).

    Pareto's 80/20 shape, spread over the first ranks: the likeliest gets about 4% (in
    the White House corpus, where most questioners go unnamed, the busiest named one asked
    0.3%). Unspread, the first took 55% of all questions, which made "term + journalist"
    a filter on half the archive."""
    return min(int((rng.paretovariate(1.16) - 1) * 30), n - 1)


@dataclass(frozen=True)
class Cast:
    journalists: list[tuple[str, str]]  # (full name, outlet)
    principals: list[tuple[str, str]]  # (full name, title)

    @classmethod
    def make(cls, rng: random.Random, journalists: int, outlets: int) -> Cast:
        outlet_names = sorted({f"{p} {k}" for p in PLACES for k in KINDS})
        rng.shuffle(outlet_names)
        outlet_names = outlet_names[:outlets]
        names = [f"{f} {s}" for f in FIRST for s in LAST]
        rng.shuffle(names)
        people = [
            (name, outlet_names[i % len(outlet_names)])
            for i, name in enumerate(names[:journalists])
        ]
        principals = [
            (name, title)
            for name, title in zip(
                names[-24:], ["President", "Press Secretary", "Chair", "Minister"] * 6, strict=True
            )
        ]
        return cls(people, principals)


def kremlin_style(lang: Language, cast: Cast, rng: random.Random, i: int, exchanges: int) -> str:
    principal, _ = cast.principals[i % len(cast.principals)]
    first, last = principal.split()
    date = dt.date(2000, 1, 1) + dt.timedelta(days=i % 9000)
    lines = [f"date {date.isoformat()} News conference number {i} with {principal}", ""]
    lines += [f"{first[0]}. {last}: {lang.paragraph(rng, 2)}", ""]
    for _ in range(exchanges):
        name, outlet = cast.journalists[skewed(rng, len(cast.journalists))]
        jf, jl = name.split()
        lines += [f"{jf[0]}. {jl}: {name}, {outlet}.", ""]
        lines += [lang.paragraph(rng, rng.randint(1, 4), question=True), ""]
        lines += [f"{first[0]}. {last}: {lang.paragraph(rng, rng.randint(3, 8))}", ""]
        if rng.random() < 0.5:
            lines += [lang.paragraph(rng, rng.randint(2, 6)), ""]
    return "\n".join(lines)


def white_house_style(
    lang: Language, cast: Cast, rng: random.Random, i: int, exchanges: int
) -> str:
    principal, title = cast.principals[i % len(cast.principals)]
    surname = principal.split()[1].upper()
    date = dt.date(2000, 1, 1) + dt.timedelta(days=i % 9000)
    lines = [
        "---",
        f"title: Press Briefing by {title} {principal}, briefing {i}",
        f"date: '{date.isoformat()}'",
        "---",
        "",
        f"MS. {surname}:  {lang.paragraph(rng, 3)}",
        "",
    ]
    for n in range(exchanges):
        name, outlet = cast.journalists[skewed(rng, len(cast.journalists))]
        lines += (
            [f"{lang.paragraph(rng, 1)} {name}, {outlet}.", ""] if n else [f"{name}, {outlet}.", ""]
        )
        lines += [f"Q    {lang.paragraph(rng, rng.randint(1, 4), question=True)}", ""]
        lines += [f"MS. {surname}:  {lang.paragraph(rng, rng.randint(3, 8))}", ""]
    return "\n".join(lines)


def generate(exchanges: int, out: Path, seed: int = 1) -> list[Path]:
    """Write transcripts holding about `exchanges` exchanges; returns their paths."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    lang = Language.from_texts(texts)
    journalists = min(4800, max(500, exchanges // 200))
    cast = Cast.make(rng, journalists, outlets=min(256, max(80, exchanges // 4000)))
    out.mkdir(parents=True, exist_ok=True)
    paths, total, i = [], 0, 0
    while total < exchanges:
        n = min(rng.randint(20, 60), exchanges - total)
        write = kremlin_style if i % 2 == 0 else white_house_style
        path = out / f"bench-{i:06d}.txt"
        path.write_text(write(lang, cast, rng, i, n), encoding="utf-8")
        paths.append(path)
        total, i = total + n, i + 1
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--exchanges", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = generate(args.exchanges, args.out, args.seed)
    print(f"wrote {len(paths)} files to {args.out}")


if __name__ == "__main__":
    main()
