"""Person names in labels and introductions: titles off, initials and surnames apart."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

# Words that are titles or offices, not names. Lower-case for comparison.
TITLE_WORDS = {
    "mr",
    "ms",
    "mrs",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "madam",
    "madame",
    "dame",
    "president",
    "vice",
    "prime",
    "minister",
    "deputy",
    "first",
    "federal",
    "chancellor",
    "chairman",
    "chairwoman",
    "chair",
    "secretary",
    "press",
    "governor",
    "general",
    "director",
    "senator",
    "senior",
    "representative",
    "ambassador",
    "king",
    "queen",
    "emir",
    "sheikh",
    "sultan",
    "crown",
    "prince",
    "princess",
    "premier",
    "mayor",
    "acting",
    "administrator",
    "surgeon",
    "advisor",
    "adviser",
    "counselor",
    "national",
    "security",
    "economic",
    "council",
    "special",
    "envoy",
    "assistant",
    "chief",
    "staff",
    "head",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "commissioner",
    "lady",
    "admiral",
    "colonel",
    "captain",
    "officer",
    "executive",
    "state",
    "white",
    "house",
    "aide",
    "lieutenant",
    "coordinator",
    "pm",
    "hon",
    "honourable",
    "honorable",
    "his",
    "her",
    "excellency",
    "majesty",
    "domestic",
    "policy",
    "communications",
    "homeland",
    "attorney",
    "lord",
    "mister",
}
ANONYMOUS_LABELS = {
    "q",
    "question",
    "questions",
    "remark",
    "response",
    "reply",
    "comment",
    "audience",
    "audience member",
    "participant",
    "voice",
    "voices",
    "journalist",
    "reporter",
    "correspondent",
    "questioner",
    "unidentified",
    "participants",
    "interviewer",
}
MODERATOR_LABELS = {"moderator", "host", "presenter", "operator", "anchor", "emcee", "mc"}


@cache
def _first_names() -> frozenset[str]:
    """Folded first names in gender-guesser's dictionary (61,000), loaded on first use."""
    from gender_guesser.detector import Detector

    return frozenset(fold(name) for name in Detector(case_sensitive=False).names)


def known_first_name(word: str) -> bool:
    return fold(word) in _first_names()


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_marks(run: str) -> str:
    return "".join(c for c in run if not unicodedata.combining(c))


def fold_text(text: str) -> str:
    """Case- and accent-insensitive comparison key (uncached: for long texts)."""
    if text.isascii():  # nothing to decompose, and most text is
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    outside = len(decomposed) - len(decomposed.encode("ascii", "ignore"))
    if outside * 8 < len(decomposed):
        # English with a few curly quotes and accents: only the characters outside ASCII
        # are looked at, not every one (4x faster on a question; fingerprints fold whole
        # questions).
        return _NON_ASCII.sub(lambda m: _without_marks(m.group()), decomposed).casefold()
    return _without_marks(decomposed).casefold()


# Called for every comparison of names; the same few recur.
fold = lru_cache(maxsize=65_536)(fold_text)


def split_camel(word: str) -> list[str]:
    """`VladimirPutin` -> [`Vladimir`, `Putin`] (a transcriber's missing space)."""
    # Each part three letters or more, so `McDonough`, `DeSantis` and `MacArthur` stay whole;
    # a hyphen or apostrophe joins (`Jean-Pierre`, `O'Keefe`), it does not split.
    if not re.fullmatch(r"[A-Z][a-z]{2,}(?:[A-Z][a-z]{2,})+", word) or word.startswith(
        ("Mac", "Van", "Von", "Del", "Des", "Dos", "Das", "Fitz")
    ):
        return [word]
    return re.findall(r"[A-Z][a-z]+", word)


@dataclass(frozen=True)
class NameParts:
    given: tuple[str, ...]  # given names or initials as printed, e.g. ("V",) or ("Vladimir",)
    surname: str
    titles: tuple[str, ...]

    @property
    def initial(self) -> str:
        return fold(self.given[0][0]) if self.given else ""

    @property
    def full(self) -> bool:
        return bool(self.given) and len(self.given[0]) > 1

    def display(self) -> str:
        if self.full:
            return " ".join((*self.given, self.surname))
        if self.given:
            return " ".join(f"{g[0]}." for g in self.given) + " " + self.surname
        return self.surname


def _title_case(word: str) -> str:
    if word.isupper() and len(word) > 1:
        # `JEAN-PIERRE` -> `Jean-Pierre`, `O'KEEFE` -> `O'Keefe`.
        return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word)
    return word


@lru_cache(maxsize=65_536)  # 19 calls an exchange, on a session's few names (frozen result)
def parse_name(label: str) -> NameParts:
    """`President of Russia Vladimir Putin` -> given (Vladimir,), surname Putin."""
    text = label.replace(".", ". ").replace("’", "'")
    tokens: list[str] = []
    for raw in text.split():
        tokens.extend(split_camel(raw.strip(".,")) if raw.strip(".,") else [])
    tokens = [t for t in tokens if t]
    titles: list[str] = []
    # Titles lead: `President of Russia ...`, `MS. ...`, `SECRETARY ...`.
    while tokens and (fold(tokens[0]) in TITLE_WORDS or fold(tokens[0]) in {"of", "the"}):
        if fold(tokens[0]) == "of" and len(tokens) > 1:
            # `of Russia`, `of the United States`: the country belongs to the title.
            titles.append(tokens.pop(0))
            if tokens and fold(tokens[0]) == "the":
                titles.append(tokens.pop(0))
                while len(tokens) > 2 and tokens[0][:1].isupper():
                    titles.append(tokens.pop(0))
            elif len(tokens) > 2:
                titles.append(tokens.pop(0))
            continue
        titles.append(tokens.pop(0))
    if not tokens:
        return NameParts((), _title_case(label.strip()), tuple(titles))
    tokens = [_title_case(t) for t in tokens]
    surname_start = len(tokens) - 1
    # Particles stay with the surname: `Van der Bellen`, `de Gaulle`.
    while surname_start > 1 and fold(tokens[surname_start - 1]) in {
        "van",
        "der",
        "von",
        "de",
        "da",
        "del",
        "di",
        "le",
        "la",
        "al",
        "bin",
    }:
        surname_start -= 1
    return NameParts(tuple(tokens[:surname_start]), " ".join(tokens[surname_start:]), tuple(titles))


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def looks_like_person(text: str) -> bool:
    """Two to four capitalised words, no digits, not an outlet-ish phrase."""
    words = text.replace("’", "'").split()
    if not 2 <= len(words) <= 4:
        return False
    for w in words:
        core = w.strip(".,")
        if not core or not core[0].isupper() or any(ch.isdigit() for ch in core):
            return False
        if fold(core) in COMMON_WORDS:
            return False
        if core.isupper() and len(core) > 2:
            return False  # acronyms are outlets (`CBS`, `NPR`)
    return not any(fold(w.strip(".,")) in OUTLET_WORDS for w in words)


# Words that open sentences (pronouns, function words, discourse markers), never names.
SENTENCE_WORDS = {
    "a",
    "all",
    "also",
    "an",
    "and",
    "another",
    "as",
    "at",
    "both",
    "but",
    "by",
    "colleagues",
    "dear",
    "dr",
    "each",
    "every",
    "first",
    "for",
    "friends",
    "from",
    "he",
    "here",
    "how",
    "i",
    "if",
    "in",
    "it",
    "ladies",
    "let",
    "let's",
    "many",
    "may",
    "mr",
    "mrs",
    "ms",
    "my",
    "next",
    "no",
    "now",
    "on",
    "one",
    "or",
    "our",
    "please",
    "question",
    "second",
    "she",
    "so",
    "some",
    "that",
    "the",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "today",
    "tomorrow",
    "two",
    "we",
    "well",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "with",
    "yes",
    "yesterday",
    "you",
    "your",
}
# Capitalised words that start sentences or name days, months and places, not people.
COMMON_WORDS = SENTENCE_WORDS | {
    "about",
    "absolutely",
    "after",
    "again",
    "alright",
    "any",
    "april",
    "august",
    "back",
    "before",
    "correct",
    "december",
    "east",
    "eastern",
    "even",
    "everybody",
    "everyone",
    "exactly",
    "february",
    "folks",
    "follow",
    "friday",
    "gentlemen",
    "go",
    "good",
    "great",
    "guys",
    "happy",
    "hello",
    "hey",
    "hi",
    "indeed",
    "it's",
    "january",
    "july",
    "june",
    "just",
    "last",
    "ma'am",
    "madam",
    "march",
    "monday",
    "more",
    "much",
    "new",
    "north",
    "northern",
    "not",
    "november",
    "october",
    "ok",
    "okay",
    "only",
    "out",
    "over",
    "questions",
    "quick",
    "real",
    "right",
    "saturday",
    "september",
    "sir",
    "south",
    "southern",
    "states",
    "still",
    "sunday",
    "sure",
    "thank",
    "thanks",
    "thursday",
    "tuesday",
    "understood",
    "united",
    "up",
    "very",
    "wednesday",
    "west",
    "western",
}
# Words that make a phrase an outlet beyond doubt; the weaker ones below only help.
STRONG_OUTLET_WORDS = {
    "agentur",
    "agence",
    "arabiya",
    "jazeera",
    "newsmax",
    "univision",
    "telemundo",
    "semafor",
    "punchbowl",
    "yonhap",
    "nikkei",
    "sky",
    "spectrum",
    "hill",
    "webmd",
    "medpage",
    "stat",
    "cnbc",
    "msnbc",
    "hearst",
    "gannett",
    "mcclatchy",
    "voa",
    "efe",
    "ansa",
    "dpa",
    "anadolu",
    "trt",
    "sputnik",
    "bfm",
    "ard",
    "zdf",
    "news",
    "tv",
    "television",
    "channel",
    "radio",
    "agency",
    "newspaper",
    "times",
    "post",
    "journal",
    "press",
    "media",
    "daily",
    "network",
    "broadcasting",
    "broadcast",
    "magazine",
    "gazette",
    "herald",
    "tribune",
    "telegraph",
    "bloomberg",
    "reuters",
    "interfax",
    "tass",
    "ria",
    "novosti",
    "izvestia",
    "kommersant",
    "pravda",
    "komsomolets",
    "zvezda",
    "rt",
    "cnn",
    "bbc",
    "cbs",
    "nbc",
    "abc",
    "fox",
    "npr",
    "pbs",
    "afp",
    "ap",
    "xinhua",
    "cctv",
    "nhk",
    "kyodo",
    "shimbun",
    "politico",
    "axios",
    "euronews",
    "presse",
    "rossiya",
    "vesti",
    "ntv",
}
OUTLET_WORDS = STRONG_OUTLET_WORDS | {
    "associated",
    "business",
    "company",
    "corporation",
    "economist",
    "financial",
    "first",
    "france",
    "group",
    "life",
    "mir",
    "nightly",
    "one",
    "online",
    "public",
    "ren",
    "report",
    "review",
    "service",
    "street",
    "today",
    "weekly",
    "wire",
    "world",
}
