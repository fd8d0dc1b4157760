# The front door. Everything a maintainer or translator needs is a target here.
#
#   make build     set up (venv, packages, fonts) and build site/ with every language
#   make test      set up, with machine translation and Chromium, and run the tests
#   make serve     live preview at http://127.0.0.1:8000
#   make bench     page weights, download sizes, build and translation timings (one table)
#   make lighthouse   Lighthouse scores of the built site (needs npm; see README)
#
# Set-up happens once: a second run with nothing changed reinstalls nothing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: help build test serve bench lighthouse clean

help:
	@sed -n '2,11s/^# \{0,1\}//p' Makefile

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

clean:
	rm -rf site build
