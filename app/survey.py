"""What the parser made of a corpus: ingest it into a scratch archive and count what went in,
what was refused and why, and which warnings came up (for docs/corpus-report.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, col, func, select

from app import queries
from app.ingest import FileResult, Ingester
from app.models import Exchange, PressSession
from app.parsing.kinds import KINDS, label


@dataclass
class Survey:
    files: int = 0
    sessions: int = 0
    exchanges: int = 0
    named_questioners: int = 0  # exchanges whose questioner is a linked person
    any_questioner_name: int = 0  # including first names from "Go ahead, Zeke"
    with_outlet: int = 0
    journalists: int = 0
    outlets: int = 0
    refused: list[FileResult] = field(default_factory=list)
    tracebacks: int = 0
    warnings: Counter[str] = field(default_factory=Counter)
    files_with_warnings: Counter[str] = field(default_factory=Counter)
    per_session: list[int] = field(default_factory=list)
    top_outlets: list[tuple[str, int]] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    undated: int = 0
    with_source: int = 0


def survey(ingester: Ingester, paths: Iterable[Path]) -> Survey:
    out = Survey()
    for result in ingester.ingest_paths(paths):
        out.files += 1
        if result.status == "failed":
            out.refused.append(result)
            out.tracebacks += "Traceback" in result.error or "could not store" in result.error
        kinds = Counter(w.kind for w in result.warnings)
        out.warnings += kinds
        out.files_with_warnings += Counter(set(kinds))
    with Session(ingester.engine) as db:
        out.sessions = db.exec(select(func.count()).select_from(PressSession)).one()
        out.exchanges = db.exec(select(func.count()).select_from(Exchange)).one()
        out.named_questioners = _count(db, col(Exchange.questioner_id).is_not(None))
        out.any_questioner_name = _count(db, col(Exchange.questioner_name).is_not(None))
        out.with_outlet = _count(db, col(Exchange.outlet_id).is_not(None))
        out.journalists = db.exec(select(func.count(func.distinct(Exchange.questioner_id)))).one()
        out.outlets = db.exec(select(func.count(func.distinct(Exchange.outlet_id)))).one()
        out.per_session = sorted(db.exec(select(PressSession.exchange_count)))
        out.top_outlets = [(o.name, n) for o, n in queries.outlets_with_counts(db)[:15]]
        out.kinds = queries.session_kinds(db)
        out.undated = queries.session_count(db) - sum(n for _, n in queries.session_years(db))
        out.with_source = db.exec(
            select(func.count()).select_from(PressSession).where(PressSession.source_url != "")
        ).one()
    return out


def _by_order(per_kind: dict[str, int]) -> list[tuple[str, int]]:
    order = list(KINDS)
    return sorted(per_kind.items(), key=lambda kn: order.index(kn[0]) if kn[0] in order else -1)


def _count(db: Session, condition: object) -> int:
    return db.exec(select(func.count()).select_from(Exchange).where(condition)).one()  # type: ignore[arg-type]


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%" if total else "-"


def render(s: Survey, title: str) -> str:
    median = s.per_session[len(s.per_session) // 2] if s.per_session else 0
    lines = [
        f"## {title}",
        "",
        "| | count | share |",
        "|---|---:|---:|",
        f"| files | {s.files:,} | |",
        f"| sessions stored | {s.sessions:,} | {_pct(s.sessions, s.files)} of files |",
        f"| files refused (with `file:line: reason`) | {len(s.refused):,} | |",
        f"| tracebacks or store failures | {s.tracebacks} | |",
        f"| exchanges | {s.exchanges:,} | median {median} a session |",
        f"| questioner linked to a journalist page | {s.named_questioners:,} | "
        f"{_pct(s.named_questioners, s.exchanges)} |",
        f"| questioner named at all (incl. first names) | {s.any_questioner_name:,} | "
        f"{_pct(s.any_questioner_name, s.exchanges)} |",
        f"| outlet known | {s.with_outlet:,} | {_pct(s.with_outlet, s.exchanges)} |",
        f"| distinct journalists / outlets | {s.journalists:,} / {s.outlets:,} | |",
        f"| sessions without a date | {s.undated:,} | {_pct(s.undated, s.sessions)} |",
        f"| sessions linking their original source | {s.with_source:,} | "
        f"{_pct(s.with_source, s.sessions)} |",
        "",
        "Sessions by kind: "
        + ", ".join(f"{label(k) or 'unclassified'} {n:,}" for k, n in _by_order(s.kinds))
        + ".",
        "",
        "Warnings by kind (occurrences; files with at least one):",
        "",
        "| kind | warnings | files |",
        "|---|---:|---:|",
        *(
            f"| {kind} | {n:,} | {s.files_with_warnings[kind]:,} |"
            for kind, n in s.warnings.most_common()
        ),
        "",
    ]
    if s.refused:
        lines += ["Refused files:", ""]
        lines += [f"- `{Path(r.path).name}`: {r.error.split(': ', 1)[-1]}" for r in s.refused]
        lines.append("")
    if s.top_outlets:
        lines += ["Outlets most asked for:", ""]
        lines += [", ".join(f"{name} ({n})" for name, n in s.top_outlets), ""]
    return "\n".join(lines)
