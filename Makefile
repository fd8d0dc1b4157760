# The front door. Everything a maintainer or translator needs is a target here.
#
#   make build     set up (venv, packages, fonts) and build site/ with every language
#   make test      set up, with machine translation and Chromium, and run the tests
#   make serve     live preview at http://127.0.0.1:8000
#   make bench     page weights, download sizes, build and translation timings (one table)
#   make lighthouse   Lighthouse scores of the built site (needs npm; see README)
#
# For translators and maintainers (LANG=xx limits them to one language, e.g. LANG=bn):
#   make check     check the catalogs; every problem as file:line, exit 1 on any error
#   make status    units in each review state, and critical units, per language and page
#   make wrap      put every catalog in the project's one line wrapping (after Poedit or msgcat)
#   make extract   after editing docs/en: update the templates and every language's catalogs
#   make pretranslate LANG=xx   fill empty entries of language xx: translation memory, then machine drafts
#   make review-queue LANG=xx   what to review next in language xx, riskiest first
#
# Set-up happens once: a second run with nothing changed reinstalls nothing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# LANG=xx given on the command line picks a language; LANG from the environment is a locale
# (en_US.UTF-8), not a handbook language, and is ignored.
lang := $(if $(filter command line,$(origin LANG)),$(LANG))
lang_option := $(if $(lang),--lang $(lang))

.PHONY: help build test serve bench lighthouse clean check status wrap wrap-check extract pretranslate review-queue

help:
	@sed -n '2,17s/^# \{0,1\}//p' Makefile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Pinned runtime packages, then the handbook package itself (editable: scripts/ is live).
$(VENV)/.installed-base: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements/base.txt
	$(BIN)/pip install -q --no-deps -e .
	@touch $@

# Tests also exercise machine translation for real. torch goes first, alone, from the CPU
# build: a plain `torch` requirement would pull a multi-GB CUDA build.
$(VENV)/.installed-test: $(VENV)/.installed-base requirements/mt.txt requirements/test.txt
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements/mt.txt -r requirements/test.txt
	@touch $@

# JavaScript the browser tests inject (axe-core), pinned with its lock file, installed with npm.
NODE_TOOLS := $(VENV)/node
$(NODE_TOOLS)/.installed: requirements/npm/package.json requirements/npm/package-lock.json | $(BIN)/python
	@bash scripts/system-deps.sh test
	mkdir -p $(NODE_TOOLS)
	cp requirements/npm/package.json requirements/npm/package-lock.json $(NODE_TOOLS)/
	cd $(NODE_TOOLS) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build: $(VENV)/.installed-base
	@bash scripts/system-deps.sh build
	$(BIN)/handbook build

test: $(VENV)/.installed-test $(NODE_TOOLS)/.installed
	@bash scripts/system-deps.sh test
	$(BIN)/python -m pytest

# Builds in a temporary copy of the project; machine translation uses the tests' tiny model.
bench: $(VENV)/.installed-test
	@bash scripts/system-deps.sh build
	$(BIN)/python scripts/bench.py

# Serves site/ (as it is: run `make build` first) with gzip on loopback and runs Lighthouse on it.
lighthouse: $(VENV)/.installed-base
	@bash scripts/system-deps.sh test
	$(BIN)/python scripts/lighthouse.py

serve: $(VENV)/.installed-base
	@bash scripts/system-deps.sh build
	$(BIN)/handbook serve

check: $(VENV)/.installed-base
	$(BIN)/handbook check $(lang_option)

status: $(VENV)/.installed-base
	$(BIN)/handbook status $(lang_option)

wrap: $(VENV)/.installed-base
	$(BIN)/handbook wrap $(lang_option)

# What the pull-request workflow runs: exit 1, naming each catalog `make wrap` would change.
wrap-check: $(VENV)/.installed-base
	$(BIN)/handbook wrap --check $(lang_option)

extract: $(VENV)/.installed-base
	$(BIN)/handbook extract

# Machine translation needs the test set-up's packages (argostranslate and the CPU build of torch).
pretranslate: $(VENV)/.installed-test
	$(if $(lang),,$(error say which language: make pretranslate LANG=bn))
	$(BIN)/handbook pretranslate --lang $(lang)

# Critical units first (numbers, danger and warning boxes, pages marked critical); LIMIT=n shows n.
review-queue: $(VENV)/.installed-base
	$(if $(lang),,$(error say which language: make review-queue LANG=fr))
	$(BIN)/handbook review-queue --lang $(lang) $(if $(LIMIT),--limit $(LIMIT))

clean:
	rm -rf site build
