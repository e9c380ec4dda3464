# Presser: `make run` to set up, migrate, ingest seeds/ and serve; `make demo` the same on
# 928 real transcripts; `make test` to test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: `make run` installs what serving needs; `make test` adds the dev tools on top.
RUNTIME := $(VENV)/.runtime
DEV := $(VENV)/.dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-dev lock chromium java run demo demo-ingest serve test eval test-sqlite test-postgres load bench lint typecheck ingest-seeds clean

install: $(RUNTIME)

install-dev: $(DEV)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Exact versions from the lock files; pyproject.toml keeps the ranges they were solved from.
$(RUNTIME): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(DEV): requirements-dev.lock $(RUNTIME)
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

# Re-solve the lock files after changing a range in pyproject.toml.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile --quiet --python-version 3.11 --custom-compile-command "make lock" \
		pyproject.toml -o requirements.lock
	$(BIN)/uv pip compile --quiet --python-version 3.11 --custom-compile-command "make lock" \
		pyproject.toml --extra dev -o requirements-dev.lock

# Exit code 0 when the archive that PRESSER_DATA_DIR names holds a session.
HAS_SESSIONS := $(BIN)/python -c "import sys; from sqlmodel import Session; from app.config import Settings; from app.db import get_engine; from app.queries import counts; sys.exit(0 if counts(Session(get_engine(Settings()))).sessions else 1)"

# Seeds go in only when the archive is empty, so `make run` never overwrites a real archive.
ingest-seeds: install
	$(BIN)/presser migrate
	@if $(HAS_SESSIONS); then \
		echo "archive already holds sessions: not ingesting seeds/"; \
	else \
		$(BIN)/presser ingest seeds/; \
	fi

run: ingest-seeds
	$(BIN)/presser serve --host $(HOST) --port $(PORT)

# The demo: the White House briefings and Kremlin Q&As in demo/ (SOURCES.md, LICENSES.md),
# in an archive of their own under DEMO_DATA, never data/ nor PRESSER_DATABASE_URL's database.
# They go in until one ingest has finished (.ingested): an interrupted one starts again and
# skips the files already in. Seven briefings have no questions and are refused (exit code 1).
DEMO_ARCHIVE ?= demo/transcripts.tar.xz
DEMO_DATA ?= .demo-data
DEMO_ENV := env -u PRESSER_DATABASE_URL PRESSER_DATA_DIR=$(DEMO_DATA)

demo-ingest: install
	@echo "make demo: the demo archive lives in $(DEMO_DATA)/ (make run's in data/)"
	$(DEMO_ENV) $(BIN)/presser migrate
	@if [ -f $(DEMO_DATA)/.ingested ] && $(DEMO_ENV) $(HAS_SESSIONS); then \
		echo "make demo: $(DEMO_DATA)/ is ingested already (rm -rf $(DEMO_DATA) to start again)"; \
	else \
		echo "make demo: extracting $(DEMO_ARCHIVE) into $(DEMO_DATA)/transcripts/" && \
		rm -rf $(DEMO_DATA)/transcripts && \
		$(BIN)/python -m tarfile -e $(DEMO_ARCHIVE) $(DEMO_DATA)/transcripts && \
		echo "make demo: ingesting $(DEMO_DATA)/transcripts/ (several minutes on two cores)" && \
		{ $(DEMO_ENV) $(BIN)/presser ingest $(DEMO_DATA)/transcripts \
			--report $(DEMO_DATA)/ingest-warnings.txt; [ $$? -le 1 ]; } && \
		touch $(DEMO_DATA)/.ingested; \
	fi

demo: demo-ingest
	@echo "make demo: serving $(DEMO_DATA)/ on http://$(HOST):$(PORT)"
	$(DEMO_ENV) $(BIN)/presser serve --host $(HOST) --port $(PORT)

# The browser tests drive Debian's Chromium (Playwright's own download does not work here).
# The Nu HTML Checker (tests/test_html_valid.py) runs on Java.
java:
	@command -v java >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends default-jre-headless; }

chromium:
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends chromium; }

# Tests that never touch a database (parser, query language), the browser tests and the
# wheel test (SQLite in its scratch venv) run once;
# everything else runs again on a throwaway PostgreSQL 15 cluster (tests/postgres.py).
DB_AGNOSTIC := tests/test_parser_seed.py tests/test_parser_families.py tests/test_parser_units.py \
	tests/test_parser_properties.py tests/test_parser_meta.py tests/test_search_query.py \
	tests/test_browser.py tests/test_wheel.py tests/test_demo.py tests/test_html_valid.py

# pytest-randomly shuffles the order on every run (it prints its seed; `--randomly-seed=N`
# replays an order); tests marked `slow` run here too.
test: install-dev chromium java
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest
	PRESSER_TEST_DATABASE=postgresql $(BIN)/python -m pytest $(addprefix --ignore=,$(DB_AGNOSTIC))

test-sqlite: install-dev chromium java
	$(BIN)/python -m pytest

test-postgres: install-dev
	PRESSER_TEST_DATABASE=postgresql $(BIN)/python -m pytest $(addprefix --ignore=,$(DB_AGNOSTIC))

# Attribution against the hand-annotated gold in ../shared/eval (who asked, for which outlet).
eval: install
	$(BIN)/python ../shared/eval/score.py --verbose --presser $(BIN)/presser

# wrk against uvicorn on 127.0.0.1, bounded in time; fails on any non-2xx (docs/benchmarks.md).
load: install-dev
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get install -y -qq wrk; }
	$(BIN)/python -m bench.load

# Every search engine this install has (BENCH_ARGS="--engines whoosh,tantivy,postgres"; postgres
# on a throwaway cluster) on generated archives of 10k and 100k exchanges (1M with
# BENCH_ARGS=--full), FTS5 beside them as a yardstick; results go into docs/benchmarks.md.
BENCH_ARGS ?=
bench: install-dev
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get install -y -qq wrk; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: install-dev
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench

typecheck: install-dev
	$(BIN)/mypy

clean:
	rm -rf $(VENV) data $(DEMO_DATA) .pytest_cache .mypy_cache .ruff_cache
