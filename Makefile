# regtimeline: `make` sets up .venv and builds output/$(VERSION)/; `make test` runs the tests.
# Every target is documented in README.md ("Make targets") and exercised by tests/test_cli.py
# (dry runs of each, and a slow test that runs make, check-output, eval and clean in a copy).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check --no-input
VERSION := $(shell cat VERSION)
RELEASE := output/$(VERSION)
RUNTIME_STAMP := $(VENV)/.stamp-runtime
DEV_STAMP := $(VENV)/.stamp-dev
# Everything the release is made from: inputs, vocabularies and code.
SEEDS := seeds/manifest.csv $(wildcard seeds/corrections.csv) $(sort $(wildcard seeds/*.txt))
SOURCES := $(sort $(shell find builder schemas -type f ! -path '*/__pycache__/*' ! -name '*.pyc'))
PYTEST_ARGS ?=

.DEFAULT_GOAL := all
.PHONY: all test chromium release eval eval-heldout bench bench-dates fuzz check-output readme clean help

## all: set up .venv (pinned dependencies) and build output/$(VERSION)/ from seeds/manifest.csv
all: $(RELEASE)/SHA256SUMS

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstalled whenever a requirements file or pyproject.toml changes.
$(RUNTIME_STAMP): requirements.txt pyproject.toml | $(PY)
	$(PIP) install -q -r requirements.txt
	$(PIP) install -q --no-deps --no-build-isolation -e .
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(PIP) install -q -r requirements-dev.txt
	touch $@

# The build leaves an unchanged release as it is, so the stamp is touched to
# record that it is up to date with its inputs.
$(RELEASE)/SHA256SUMS: VERSION $(SEEDS) $(SOURCES) $(RUNTIME_STAMP)
	$(PY) -m builder build --seeds seeds --manifest seeds/manifest.csv --out output --version $(VERSION)
	touch $@

## test: run the whole test suite (CI runs this through .ci/run)
test: $(DEV_STAMP) chromium
	$(PY) -m pytest $(PYTEST_ARGS)

# The timeline's browser test needs Debian's chromium: installed when apt-get can (CI runs
# as root on a fresh Debian machine); elsewhere skipped quietly, and the test says why.
chromium:
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || true; }

## eval: score output/latest/mentions.csv against the gold labels
eval: all
	$(PY) -m builder eval --gold tests/gold/seeds-gold.csv

## eval-heldout: build the held-out development corpus (tests/heldout) into a temporary folder and score it
eval-heldout: $(RUNTIME_STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PY) -m builder build --seeds tests/heldout/articles --manifest tests/heldout/manifest.csv --out "$$tmp" --version 0.0.0-heldout >/dev/null && \
	$(PY) -m builder eval --gold tests/heldout/gold.csv --mentions "$$tmp/0.0.0-heldout/mentions.csv"

## bench: scale benchmark on a synthetic corpus of BENCH_ARTICLES (default 20000): full build, no-op rebuild, 1% rebuild and the naive search_dates peer; articles/s, peak memory, ratios, accuracy, PASS/FAIL per target
BENCH_ARTICLES ?= 20000
bench: $(RUNTIME_STAMP)
	$(PY) bench/bench_build.py --articles $(BENCH_ARTICLES)

## bench-dates: time the date resolver
bench-dates: $(RUNTIME_STAMP)
	$(PY) bench/bench_dates.py

## fuzz: a long Hypothesis run (FUZZ_EXAMPLES per target) over dates, sentences, amounts, gazetteer and extractor; prints inputs tried and crashes
FUZZ_EXAMPLES ?= 5000
fuzz: $(DEV_STAMP)
	$(PY) -m tests.fuzz.run --examples $(FUZZ_EXAMPLES)

## check-output: rebuild into a temporary folder and compare with the committed output/$(VERSION)/
check-output: $(RUNTIME_STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PY) -m builder build --seeds seeds --manifest seeds/manifest.csv --out "$$tmp" --version $(VERSION) && \
	$(PY) -m builder diff $(RELEASE) "$$tmp/$(VERSION)"

## release: freeze output/X.Y.Z/ with `make release VERSION=X.Y.Z` (refuses an existing version), add its CHANGELOG.md entry, update CITATION.cff
release: $(RUNTIME_STAMP)
	$(PY) -m builder release $(VERSION)

## readme: rerun the README's example queries on a fresh build and rewrite their printed output
readme: $(DEV_STAMP) all
	$(PY) -m pytest -q tests/test_docs.py --update-readme

## clean: remove caches and build debris (never output/, never .venv)
clean:
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf
	rm -rf .pytest_cache .hypothesis .cache build dist *.egg-info

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)
