"""A curated registry of news organisations and the ways transcripts name them.

It does two jobs: it tells an outlet from a place or a clause when a transcript says `Luca Di
Leo from Dow Jones` (a bare proper noun after `from` is more often a town: `I am from
Belgorod`), and it merges variants into one organisation (`AP`, `the AP`, `Associated Press`).
Outlets it does not list are still found when their name reads as one (`Spectrum News`,
`Kremlin_Russian`); the registry only adds certainty.

Sources: the organisations seated in the White House briefing room (the White House
Correspondents' Association seating chart, 2021-2023), the Kremlin press pool as named in
kremlin.ru transcripts 2000-2020, the Federal Reserve's press-conference transcripts, and the
outlets named in ../shared/data (checked by hand, docs/corpus-report.md).
"""

from __future__ import annotations

import re
from functools import cache

from app.parsing.names import fold

# Canonical name first, then aliases as transcripts print them.
OUTLETS: tuple[tuple[str, ...], ...] = (
    ("Associated Press", "AP", "The Associated Press", "AP News"),
    ("Reuters", "Thomson Reuters"),
    ("Bloomberg", "Bloomberg News", "Bloomberg Government", "Bloomberg TV"),
    ("Agence France-Presse", "AFP", "Agence France Presse", "France-Presse"),
    ("CNN", "CNN International"),
    ("NBC News", "NBC"),
    ("CBS News", "CBS", "CBS Radio"),
    ("ABC News", "ABC", "ABC Radio"),
    ("Fox News", "Fox", "Fox Business", "Fox Business Network"),
    ("NPR", "National Public Radio", "NPR News"),
    ("PBS NewsHour", "PBS", "PBS News"),
    ("CNBC",),
    ("MSNBC",),
    ("C-SPAN",),
    ("The New York Times", "New York Times", "NYT"),
    ("The Washington Post", "Washington Post"),
    ("The Wall Street Journal", "Wall Street Journal", "WSJ"),
    ("Dow Jones", "Dow Jones Newswires"),
    ("USA Today",),
    ("Los Angeles Times", "L.A. Times", "LA Times"),
    ("Politico",),
    ("Axios",),
    ("The Hill", "Hill"),
    ("Punchbowl News", "Punchbowl"),
    ("Semafor",),
    ("Newsmax",),
    ("One America News", "OAN"),
    ("Washington Times",),
    ("Washington Examiner",),
    ("Daily Caller",),
    ("Daily Beast",),
    ("HuffPost", "Huffington Post"),
    ("BuzzFeed News", "BuzzFeed"),
    ("Yahoo News", "Yahoo"),
    ("Time", "Time magazine"),
    ("Newsweek",),
    ("The Atlantic",),
    ("The New Yorker", "New Yorker"),
    ("Vanity Fair",),
    ("McClatchy",),
    ("Gannett",),
    ("Hearst", "Hearst Television"),
    ("Scripps", "E.W. Scripps"),
    ("Sinclair", "Sinclair Broadcast Group"),
    ("Nexstar", "NewsNation"),
    ("Spectrum News", "Spectrum"),
    ("Voice of America", "VOA"),
    ("American Urban Radio Networks", "American Urban Radio Network", "AURN"),
    ("Black Information Network",),
    ("Salem Radio", "Salem Media"),
    ("Univision",),
    ("Telemundo",),
    ("EWTN", "EWTN Global Catholic Network"),
    ("CBN News", "CBN", "Christian Broadcasting Network"),
    ("Kaiser Health News", "KFF Health News"),
    ("STAT News", "STAT"),
    ("MedPage Today", "MedPage"),
    ("WebMD",),
    ("Modern Healthcare",),
    ("Inside Health Policy",),
    ("E&E News",),
    ("Financial Times", "FT"),
    ("The Economist", "Economist"),
    ("BBC", "BBC News", "BBC World Service"),
    ("Sky News", "Sky"),
    ("ITV News", "ITV"),
    ("Channel 4 News", "Channel 4"),
    ("The Guardian", "Guardian"),
    ("The Times", "Times of London"),
    ("The Telegraph", "Daily Telegraph", "Telegraph"),
    ("Irish Times",),
    ("RTÉ", "RTE"),
    ("Deutsche Welle", "DW"),
    ("Deutsche Presse-Agentur", "DPA", "German Press Agency"),
    ("ZDF", "ZDF German TV"),
    ("ARD", "ARD German TV"),
    ("Der Spiegel", "Spiegel"),
    ("Le Monde",),
    ("Le Figaro",),
    ("France 24",),
    ("EFE", "Agencia EFE"),
    ("ANSA",),
    ("Al Jazeera",),
    ("Al Arabiya",),
    ("Anadolu Agency", "Anadolu"),
    ("TRT", "TRT World"),
    ("TV Globo", "TV Globo Brazil", "Globo"),
    ("Kyodo News", "Kyodo"),
    ("Jiji Press", "Jiji"),
    ("NHK",),
    ("Asahi Shimbun", "Asahi"),
    ("Yomiuri Shimbun", "Yomiuri"),
    ("Nikkei",),
    ("Yonhap News Agency", "Yonhap", "Yonhap News"),
    ("Xinhua", "Xinhua News Agency"),
    ("CCTV", "China Central Television"),
    ("CGTN",),
    ("Phoenix TV", "Phoenix Television"),
    ("ARY News", "ARY News TV Pakistan"),
    ("TASS", "ITAR-TASS", "TASS news agency", "ITAR-TASS news agency"),
    ("Interfax", "Interfax news agency", "Interfax agency"),
    ("RIA Novosti", "RIA"),
    ("Rossiya Segodnya",),
    ("RT", "Russia Today"),
    ("Sputnik",),
    ("Channel One", "Channel One Russia", "Pervy Kanal"),
    ("Rossiya", "Russia TV channel", "Rossiya TV channel", "Rossiya-1", "Russia-1", "VGTRK"),
    ("NTV", "NTV television channel"),
    ("REN TV",),
    ("Zvezda", "Zvezda TV channel"),
    ("Life", "LifeNews"),
    ("Mir", "Mir TV", "Mir TV and Radio Company"),
    ("Kommersant", "Kommersant newspaper"),
    ("Vedomosti",),
    ("RBC", "RBK"),
    ("Izvestia", "Izvestia newspaper"),
    ("Rossiyskaya Gazeta",),
    ("Komsomolskaya Pravda",),
    ("Moskovsky Komsomolets",),
    ("Novaya Gazeta",),
    ("Ekho Moskvy", "Echo of Moscow"),
    ("Dozhd", "TV Rain"),
    ("Nightly Business Report",),
    ("Market News International", "MNI"),
    ("MarketWatch",),
    ("Marketplace",),
)


def _key(name: str) -> str:
    key = " ".join(re.sub(r"[^\w\s&]", " ", fold(name)).split())
    return re.sub(r"^the\s+", "", key)


@cache
def _aliases() -> dict[str, str]:
    return {_key(alias): names[0] for names in OUTLETS for alias in names}


def canonical(name: str) -> str | None:
    """The registry's name for an outlet as printed, or None if it does not list it."""
    return _aliases().get(_key(name))


def known(text: str) -> bool:
    """Whether the text names a listed outlet, whole or by a head of two words or more
    (`Dow Jones Newswires`)."""
    words = _key(text).split()
    return any(
        " ".join(words[:n]) in _aliases()
        for n in range(len(words), 0, -1)
        if n > 1 or n == len(words)
    )
