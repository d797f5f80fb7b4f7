# Common Ground: every target sets up what it needs on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PELICAN := $(VENV)/bin/pelican
STAMP := $(VENV)/.installed-requirements

INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PELICANOPTS ?=
PORT ?= 8000
BIND ?= 127.0.0.1

.DEFAULT_GOAL := help
.PHONY: help venv html serve devserver publish clean newpost test lint format

help: ## List the targets with one line each
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

venv: $(STAMP) ## Create .venv with the pinned packages (done by every target on first use)

html: $(STAMP) ## Build the site into output/ with pelicanconf.py
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: $(STAMP) ## Serve output/ on http://127.0.0.1:$(PORT)
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -p $(PORT) -b $(BIND) $(PELICANOPTS)

devserver: $(STAMP) ## Rebuild on every change and serve on http://127.0.0.1:$(PORT)
	$(PELICAN) -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -p $(PORT) -b $(BIND) $(PELICANOPTS)

publish: $(STAMP) ## Build the production site with publishconf.py
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) $(PELICANOPTS)

clean: ## Remove output/ and build caches
	rm -rf $(OUTPUTDIR) cache

newpost: $(STAMP) ## Start a post: make newpost TITLE="..." [SERIES="..."] [CATEGORY="..."]
	$(PY) tools/newpost.py --title "$(TITLE)" --series "$(SERIES)" --category "$(CATEGORY)"

test: $(STAMP) node_modules/.installed ## Run the whole test suite (unit, build, browser, validator)
	@bash tools/ensure-chromium.sh
	$(PY) -m pytest

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lint: $(STAMP) ## Run ruff: lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP) ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
