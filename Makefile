# fazhi: the developer's entry points. GNU make; a fresh clone on Debian needs only python3 (and
# python3-venv). `make run` starts the workbench with a demo county, `make test` runs every test.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
PORT ?= 8000
# Extra arguments for pytest in `make test` and `make test-postgres`, e.g. PYTEST_ARGS='-x -k deadline'.
PYTEST_ARGS ?=

VENV := .venv
BIN := $(VENV)/bin
FAZHI := $(BIN)/fazhi
INSTALLED := $(VENV)/.fazhi-installed

.PHONY: help setup run test test-postgres fuzz-api lint clean messages readme catalogs data browser fonts bench-report bench-analyzer bench-prose bench-ledgers bench-supervision

help:
	@echo "make run            set up, then serve the workbench on http://127.0.0.1:$(PORT) (PORT=…)"
	@echo "make test           run every test, browser tests included (installs Debian's chromium)"
	@echo "make setup          virtualenv, packages, translations, database, regions and demo county"
	@echo "make test-postgres  run on PostgreSQL (DATABASE_URL, or a throwaway local server) the tests that use the"
	@echo "                    database, but the whole-page tests (browser, link crawl); FAZHI_PAGE_TESTS=1 runs"
	@echo "                    those too, FAZHI_DATABASE_TESTS_ONLY=0 the tests without a database as well"
	@echo "make fuzz-api       schemathesis over the JSON API on a throwaway server (token and session clients)"
	@echo "make lint           ruff check"
	@echo "make bench-report   time the county report (SQLite) and a province roll-up (PostgreSQL)"
	@echo "make bench-analyzer score the analyzer on the corpus; speed against jieba; memory over 100,000 reports"
	@echo "make bench-prose    the demo's 2025 reports' part one against the corpus: figures and ； per 1,000 characters"
	@echo "make bench-ledgers  list pages over 100,000 documents, 20 concurrent clients, on PostgreSQL"
	@echo "make bench-supervision  a province's register and comparison (3,120 bodies, five years), on PostgreSQL"
	@echo "make messages       extract translatable strings into the .po catalogs (needs gettext)"
	@echo "make readme         paste the table of settings (fazhi settings --markdown) into README.md"
	@echo "make clean          remove test artefacts under var/ (keeps .venv and the database)"

setup: $(INSTALLED) catalogs data fonts

run: setup
	@scripts/serve.sh $(PORT)

test: $(INSTALLED) catalogs browser
	@scripts/fonts.sh --strict
	scripts/run-tests.sh $(PYTEST_ARGS)

test-postgres: $(INSTALLED) catalogs browser
	@scripts/fonts.sh --strict
	FAZHI_PAGE_TESTS=$${FAZHI_PAGE_TESTS:-0} FAZHI_DATABASE_TESTS_ONLY=$${FAZHI_DATABASE_TESTS_ONLY:-1} \
	  scripts/test-postgres.sh scripts/run-tests.sh $(PYTEST_ARGS)

# schemathesis against a throwaway server with the demo county: FAZHI_FUZZ_EXAMPLES cases per operation.
fuzz-api: $(INSTALLED) catalogs
	scripts/api-fuzz.sh

# Not a test: timings against the issues' targets (county report < 5 s; `fazhi report export` as a whole process:
# DOCX < 1.5 s, PDF < 3 s; DOCX download < 1 s; province roll-up < 2 s on PostgreSQL).
bench-report: $(INSTALLED) catalogs
	$(BIN)/python scripts/bench_report.py county
	scripts/test-postgres.sh $(BIN)/python scripts/bench_report.py province

bench-analyzer: $(INSTALLED)
	$(BIN)/python scripts/bench_analyzer.py quality
	$(BIN)/python scripts/bench_analyzer.py speed
	$(BIN)/python scripts/bench_analyzer.py process
	$(BIN)/python scripts/bench_analyzer.py memory

# Not a test: the demo's county, department and township reports against the real ones in ../shared/corpus/dev
# (part one's figures and semicolons per 1,000 characters within the corpus's range; no part missing or thin).
bench-prose: $(INSTALLED) catalogs
	$(BIN)/python scripts/bench_prose.py

bench-ledgers: $(INSTALLED) catalogs
	scripts/test-postgres.sh $(BIN)/python scripts/bench_ledgers.py

bench-supervision: $(INSTALLED) catalogs
	scripts/test-postgres.sh $(BIN)/python scripts/bench_supervision.py

lint: $(INSTALLED)
	$(BIN)/ruff check .

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { \
	  echo "fazhi: $(PYTHON) is missing. On Debian: sudo apt-get install python3 python3-venv" >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "fazhi: $(PYTHON) cannot create virtual environments. On Debian install the package" \
	       "python3-venv: sudo apt-get install python3-venv" >&2; exit 1; }
	@echo "fazhi: creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "fazhi: creating $(VENV) failed. On Debian install the package python3-venv:" \
	       "sudo apt-get install python3-venv" >&2; exit 1; }

# Reinstalled only when pyproject.toml or constraints.txt change.
$(INSTALLED): pyproject.toml constraints.txt | $(BIN)/python
	@echo "fazhi: installing fazhi and its pinned dependencies into $(VENV)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --progress-bar off \
	  -c constraints.txt -e '.[dev]'
	@touch $@

catalogs: $(INSTALLED)
	@$(FAZHI) compilecatalogs --verbosity 0

data: $(INSTALLED) catalogs
	@scripts/setup-data.sh

# Chinese fonts for the browser and PDF exports: serif, sans, kai (Debian's fonts-noto-cjk, fonts-lxgw-wenkai as
# root; otherwise says what to install).
fonts:
	@scripts/fonts.sh

browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  scripts/apt-install.sh "the browser tests" chromium chromium-driver; fi

messages: $(INSTALLED)
	@command -v xgettext >/dev/null || scripts/apt-install.sh "make messages" gettext
	cd src/fazhi && ../../$(FAZHI) makemessages -l zh_Hans -l en --ignore tests

readme: $(INSTALLED)
	$(BIN)/python scripts/sync-readme-settings.py

clean:
	rm -rf var/test-results var/pg-test.* test-results .hypothesis .ruff_cache .pytest_cache
	find src -name __pycache__ -type d -prune -exec rm -rf {} +
