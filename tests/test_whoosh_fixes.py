"""The corrections to whoosh-reloaded: each keeps Whoosh's behaviour and removes its cost."""

from __future__ import annotations

import pickle

import pytest
from sqlmodel import Session

from app.ingest import Ingester
from app.routes.search import run_search
from app.search.query import SearchRequest
from app.search.whoosh import fixes as whoosh_fixes
from app.search.whoosh.engine import WhooshEngine
from app.search.whoosh.fixes import ViewFile
from app.search.whoosh.searching import IndexReaders


def test_view_file_reads_like_a_file() -> None:
    data = b"first line\nsecond\nno newline"
    f = ViewFile(memoryview(b"pad" + data)[3:])  # a slice, as Whoosh hands it over
    assert f.readline() == b"first line\n"
    assert f.read(3) == b"sec"
    assert f.tell() == 14
    assert f.readline() == b"ond\n"
    assert f.readline() == b"no newline"
    assert f.readline() == b""
    assert f.read() == b""
    f.seek(-7, 2)
    assert f.read() == b"newline"
    f.seek(6)
    assert f.read(4) == b"line"
    f.seek(2, 1)
    assert f.read(3) == b"eco"
    f.seek(0)
    assert list(f) == [b"first line\n", b"second\n", b"no newline"]


@pytest.mark.parametrize("protocol", [0, pickle.HIGHEST_PROTOCOL])
def test_view_file_unpickles_in_place(protocol: int) -> None:
    value = {"terms": ["tariff", "gas"] * 300, "n": 7}
    f = ViewFile(memoryview(pickle.dumps(value, protocol) + b"after"))
    assert pickle.load(f) == value
    assert f.read() == b"after"


def test_searches_read_large_parts_in_place_with_the_same_results(
    archive: Ingester, monkeypatch: pytest.MonkeyPatch
) -> None:
    def hits(readers: WhooshEngine) -> list[str]:
        with Session(archive.engine) as db:
            outcome = run_search(db, readers, SearchRequest(q='"the" OR sanctions'))
        assert outcome.results is not None
        return [h.permalink for h in outcome.results.hits]

    copied = WhooshEngine(archive.settings)
    expected = hits(copied)
    monkeypatch.setattr(whoosh_fixes, "COPY_LIMIT", 0)  # every part read in place
    in_place = WhooshEngine(archive.settings)
    assert hits(in_place) == expected
    assert expected
    searcher = in_place.readers.searcher()
    assert searcher is not None
    postings = searcher.reader().leaf_readers()[0][0]._terms._postfile
    assert isinstance(postings.file, ViewFile)


def test_field_lengths_read_as_bytes_match_whoosh(archive: Ingester) -> None:
    from whoosh.codec import whoosh3

    patched = whoosh3.W3PerDocReader.doc_field_length
    original = patched.__wrapped__
    readers = IndexReaders(archive.settings.index_root)
    searcher = readers.searcher()
    assert searcher is not None
    fields = ["question", "answer", "exact", "outlet_name", "key", "date", "missing"]
    checked = 0
    for leaf, _offset in searcher.reader().leaf_readers():
        perdoc = leaf._perdoc
        for docnum in range(leaf.doc_count_all()):
            for name in fields:
                assert patched(perdoc, docnum, name, 7) == original(perdoc, docnum, name, 7)
                checked += 1
    assert checked >= len(fields) * 100


def test_another_whoosh_release_is_refused_not_patched() -> None:
    whoosh_fixes.check_version(whoosh_fixes.WRITTEN_FOR)
    with pytest.raises(whoosh_fixes.UnsupportedWhoosh, match=r"written for 2\.7\.5"):
        whoosh_fixes.check_version((2, 7, 6))
