# Presser: `make run` to set up, migrate, ingest seeds/ and serve; `make test` to test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install chromium run serve test eval test-sqlite test-postgres load bench lint typecheck ingest-seeds clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Seeds go in only when the archive is empty, so `make run` never overwrites a real archive.
ingest-seeds: install
	$(BIN)/presser migrate
	@if $(BIN)/python -c "import sys; from sqlmodel import Session; from app.config import Settings; from app.db import get_engine; from app.queries import counts; sys.exit(0 if counts(Session(get_engine(Settings()))).sessions else 1)"; then \
		echo "archive already holds sessions: not ingesting seeds/"; \
	else \
		$(BIN)/presser ingest seeds/; \
	fi

run: ingest-seeds
	$(BIN)/presser serve --host $(HOST) --port $(PORT)

# The browser tests drive Debian's Chromium (Playwright's own download does not work here).
chromium:
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

# Tests that never touch a database (parser, query language) and the browser tests run once;
# everything else runs again on a throwaway PostgreSQL 15 cluster (tests/postgres.py).
DB_AGNOSTIC := tests/test_parser_seed.py tests/test_parser_families.py tests/test_parser_units.py \
	tests/test_parser_properties.py tests/test_search_query.py tests/test_browser.py

test: install chromium
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy app
	$(BIN)/python -m pytest
	PRESSER_TEST_DATABASE=postgresql $(BIN)/python -m pytest $(addprefix --ignore=,$(DB_AGNOSTIC))

test-sqlite: install chromium
	$(BIN)/python -m pytest

test-postgres: install
	PRESSER_TEST_DATABASE=postgresql $(BIN)/python -m pytest $(addprefix --ignore=,$(DB_AGNOSTIC))

# Attribution against the hand-annotated gold in ../shared/eval (who asked, for which outlet).
eval: install
	$(BIN)/python ../shared/eval/score.py --verbose --presser $(BIN)/presser

# wrk against uvicorn on 127.0.0.1, bounded in time; fails on any non-2xx (docs/benchmarks.md).
load: install
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get install -y -qq wrk; }
	$(BIN)/python -m bench.load

# Generated archives at 10k and 100k exchanges (1M with BENCH_ARGS=--full), FTS5 beside
# Whoosh as a yardstick; results go into docs/benchmarks.md.
BENCH_ARGS ?=
bench: install
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get install -y -qq wrk; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check app tests
	$(BIN)/ruff format --check app tests

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
