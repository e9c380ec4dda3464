"""The domain's answers for an address that holds nothing, or no longer holds it."""

from __future__ import annotations


class NotFound(Exception):
    """Nothing at this address; the message says what, for the 404 page or JSON."""


class Moved(Exception):
    """A permalink number a re-ingest retired: the question now lives under `target`."""

    def __init__(self, target: int) -> None:
        super().__init__(target)
        self.target = target
