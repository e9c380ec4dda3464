"""Page numbers of a long list."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.errors import NotFound


@dataclass(frozen=True)
class Pager:
    """What `_pagination.html` needs, and the offset of the page's first row."""

    page: int
    pages: int
    total: int
    offset: int


def paging(total: int, page: int, per_page: int) -> Pager:
    """A page past the end is NotFound; an empty list still has its one (empty) page."""
    pages = max(1, -(-total // per_page))
    if page > pages:
        raise NotFound(f"There are only {pages} pages.")
    return Pager(page=page, pages=pages, total=total, offset=(page - 1) * per_page)
