"""URL slugs and comparison keys for sessions, people and outlets."""

from __future__ import annotations

import re
from functools import lru_cache

from app.parsing import known_outlets
from app.parsing.names import fold

# Trailing words that do not change which outlet is meant (`Kommersant newspaper`).
_OUTLET_SUFFIXES = (
    "news agency",
    "information agency",
    "tv channel",
    "television channel",
    "tv company",
    "radio station",
    "newspaper",
    "agency",
    "magazine",
    "channel",
    "tv",
    "radio",
    "news",
    "network",
    "daily",
    "online",
)


def slugify(text: str, limit: int = 80) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:limit].rstrip("-") or "untitled"


# Both keys are asked for every exchange's outlet and speaker: the same few names recur.
@lru_cache(maxsize=65_536)
def outlet_key(name: str) -> str:
    """`The Kommersant newspaper` and `Kommersant` share a key; `Channel One` keeps its own;
    the registry's aliases share their organisation's (`AP`, `Associated Press`)."""
    name = known_outlets.canonical(name) or name
    key = " ".join(re.sub(r"[^\w\s]", " ", fold(name)).split())
    key = re.sub(r"^the\s+", "", key)
    changed = True
    while changed:
        changed = False
        for suffix in _OUTLET_SUFFIXES:
            if key.endswith(" " + suffix) and len(key) > len(suffix) + 2:
                key = key[: -len(suffix) - 1].strip()
                changed = True
    return key


@lru_cache(maxsize=65_536)
def person_key(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s'-]", " ", fold(name)).split())
