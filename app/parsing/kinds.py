"""What kind of session a transcript records, from its title, its lead and who answers.

A pure function of text: the kind is recomputed from the same words on every parse. The
rules are read top to bottom and the first that matches wins; each says why it sits where
it does. Measured over ../shared/data in docs/corpus-report.md ("Session kinds").
"""

from __future__ import annotations

import re

# Slug -> label, in the order listings offer them.
KINDS: dict[str, str] = {
    "press-briefing": "Press briefing",
    "gaggle": "Gaggle",
    "background": "Background call or briefing",
    "on-the-record-call": "On-the-record call",
    "press-conference": "Press conference",
    "joint-press-conference": "Joint press conference",
    "news-conference": "News conference",
    "direct-line": "Direct Line",
    "interview": "Interview",
    "media-forum": "Media forum",
    "press-qa": "Q&A with journalists",
    "other": "Other",
}

_FOLLOWING_DIRECT_LINE = re.compile(r"\bfollowing (?:the )?direct line\b")
_STATEMENTS = re.compile(r"\bpress statements\b|\bstatements (?:for|to) the (?:press|media)\b")
_CONFERENCE = re.compile(r"\b(press|news) conference\b")
# The Kremlin's own phrasings for a press Q&A that is not a conference, and a lead's
# account of one (`the Russian press corps was treated to a 50-minute Q&A`).
_ANSWERS = re.compile(
    r"\banswer(?:s|ed)? (?:to )?(?:the )?(?:journalists|media|reporters|press)\b"
    r"|\b(?:journalists|media|reporters|press)(?: corps)?(?:'s?)? questions\b"
    r"|\b(?:press|journalists|reporters|media)\b.{0,60}\bq&a\b"
)


def label(kind: str) -> str:
    """What readers see; "" for a session stored before kinds existed."""
    return KINDS.get(kind, "")


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("‘", "'").split())


def classify(title: str, lead: str = "", principals: int = 1) -> str:
    """The kind's slug (a key of KINDS). `lead` is what the transcript says of itself
    before anyone speaks; `principals` how many people answer from the podium."""
    t = _fold(title)
    found = _by_title(t)
    if found in ("news-conference", "press-conference"):
        return _conference(found, t, _fold(lead), principals)
    if found == "press-statements":
        # `Press statements and answers to journalists' questions following talks`: two
        # leaders' statements, then questions to both: a joint press conference in all but
        # name when both answer.
        return _joint_or("press-qa", principals)
    if found:
        return found
    # A title that names no format (`Talks with President of Austria ...`, or none at all):
    # the lead may still say that journalists put questions, after statements for the press.
    lead = _fold(lead)
    if _ANSWERS.search(t) or _ANSWERS.search(lead):
        return _joint_or("press-qa", principals) if _STATEMENTS.search(lead) else "press-qa"
    return "other"


def _by_title(t: str) -> str | None:
    # A Direct Line is named for itself; the press Q&A held after it is not one.
    if "direct line" in t and not _FOLLOWING_DIRECT_LINE.search(t):
        return "direct-line"
    if re.search(r"\binterview\b", t):
        return "interview"
    if "forum" in t and re.search(r"\bmedia\b", t):
        return "media-forum"
    # Before gaggle and briefing: a background session's officials may not be named, which
    # matters more to a reporter quoting it than the format (`Background Press Gaggle`,
    # and `Background Press Briefing` held in a hotel rather than on the phone).
    if re.search(r"\bbackground\b", t) and re.search(r"\b(call|briefing|gaggle)\b", t):
        return "background"
    if re.search(r"\bgaggle\b", t):
        return "gaggle"
    if re.search(r"\b(press|conference) call\b", t):
        return "on-the-record-call"
    # `Press` required: `Remarks by President Biden In Briefing on the Ongoing Response to
    # the Flooding` is a situation briefing the press watched, not a press briefing.
    if re.search(r"\bpress briefing\b", t):
        return "press-briefing"
    found = _CONFERENCE.search(t)
    if found:
        return f"{found.group(1)}-conference"
    if _STATEMENTS.search(t):
        return "press-statements"
    return None


def _conference(kind: str, t: str, lead: str, principals: int) -> str:
    """Joint when the title or lead says so, or when more than one principal answers: the
    Kremlin titles most joint conferences `News conference following Russian-Turkish
    talks` and says `gave a joint news conference` only in the lead, or not at all."""
    if "joint" in t or re.search(r"\bjoint (?:press |news )?conference\b", lead):
        return "joint-press-conference"
    return _joint_or(kind, principals)


def _joint_or(kind: str, principals: int) -> str:
    return "joint-press-conference" if principals >= 2 else kind
