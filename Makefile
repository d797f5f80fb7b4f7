# Common Ground: every target sets up what it needs on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PELICAN := $(VENV)/bin/pelican
# Building needs only requirements.txt; tests add requirements-test.txt (a
# browser driver, the test runner, linters), so `make html` never installs them.
STAMP := $(VENV)/.installed-requirements
TEST_STAMP := $(VENV)/.installed-test-requirements

INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PELICANOPTS ?=
PORT ?= 8000
BIND ?= 127.0.0.1
# Publishing and deploying (see docs/publishing.md)
ALLOW_WARNINGS ?=
DEPLOY_TARGET ?=
DRY_RUN ?=
GITHUB_PAGES_BRANCH ?= gh-pages
# make newpost: NEW=1 accepts a series or category name close to an existing one
NEW ?=

.DEFAULT_GOAL := help
.PHONY: help venv html serve devserver publish clean newpost test lint format
.PHONY: check upload github screenshot

help: ## List the targets with one line each
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

venv: $(STAMP) ## Create .venv with the pinned packages (done by every target on first use)

# Pelican's content cache (CACHE_PATH in pelicanconf.py) pickles what it read,
# settings included; one written by an older version of the plugins can fail to
# load, so a cache without this version's stamp is dropped before a build.
CACHE_DIR := cache
CACHE_STAMP := $(CACHE_DIR)/.common-ground-cache-2
define drop_old_cache
	@test -f $(CACHE_STAMP) || { rm -rf $(CACHE_DIR) && mkdir -p $(CACHE_DIR) && touch $(CACHE_STAMP); }
endef

html: $(STAMP) ## Build the site into output/ with pelicanconf.py
	$(drop_old_cache)
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: $(STAMP) ## Serve output/ on http://127.0.0.1:8000 with its 404 page (PORT=, BIND=)
	$(PY) tools/serve.py --output $(OUTPUTDIR) --port $(PORT) --bind $(BIND)

devserver: $(STAMP) ## Rebuild on every change and serve on http://127.0.0.1:8000 (PORT=)
	$(drop_old_cache)
	$(PY) tools/serve.py --output $(OUTPUTDIR) --port $(PORT) --bind $(BIND) -- \
		$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

publish: $(STAMP) ## Check, build with publishconf.py aside, swap into output/ only if clean (ALLOW_WARNINGS=1)
	$(PY) tools/publish.py --content $(INPUTDIR) --output $(OUTPUTDIR) --settings $(PUBLISHCONF) \
		$(if $(filter 1 yes true,$(ALLOW_WARNINGS)),--allow-warnings)

check: $(STAMP) ## Validate the content tree without building: metadata, comments, slugs, links
	$(PY) tools/check_content.py --content $(INPUTDIR) --settings $(CONFFILE)

upload: $(STAMP) ## rsync the last good publish to DEPLOY_TARGET=[user@]host:/path (DRY_RUN=1 previews)
	$(PY) tools/deploy.py upload --output $(OUTPUTDIR) --target "$(DEPLOY_TARGET)" \
		$(if $(filter 1 yes true,$(DRY_RUN)),--dry-run)

github: $(STAMP) ## Commit the last good publish to gh-pages with ghp-import and push (DRY_RUN=1: no push)
	$(PY) tools/deploy.py github --output $(OUTPUTDIR) --branch $(GITHUB_PAGES_BRANCH) \
		$(if $(filter 1 yes true,$(DRY_RUN)),--dry-run)

clean: ## Remove output/ and build caches
	rm -rf $(OUTPUTDIR) $(CACHE_DIR)

newpost: $(STAMP) ## Start a post: make newpost TITLE="..." [SERIES="..."] [CATEGORY="..."] [NEW=1]
	$(PY) tools/newpost.py --title "$(TITLE)" --series "$(SERIES)" --category "$(CATEGORY)" \
		--content $(INPUTDIR) --settings $(CONFFILE) $(if $(filter 1 yes true,$(NEW)),--new)

test: $(TEST_STAMP) ## Run the whole test suite (unit, build, browser, validator)
	@bash tools/ensure-chromium.sh 2>/dev/null || true
	@$(PY) tools/prerequisites.py
	@$(MAKE) --no-print-directory node_modules/.installed
	$(PY) -m pytest

screenshot: $(TEST_STAMP) ## Photograph the home page (1280 x 900) into docs/screenshot.png for the README
	@bash tools/ensure-chromium.sh
	$(PY) tools/screenshot.py --output docs/screenshot.png

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lint: $(TEST_STAMP) ## Run ruff: lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(TEST_STAMP) ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Comments (plugins/comments): ingest submissions, then moderate them
.PHONY: comment moderate

comment: $(STAMP) ## Save an emailed (.eml) or JSON comment as Status: pending: make comment FILE=...
	$(PY) tools/comment_ingest.py "$(FILE)" --content $(INPUTDIR) --settings $(CONFFILE)

moderate: $(STAMP) ## List pending comments; APPROVE=<slug/id> or SPAM=<slug/id> moderates one
	$(PY) tools/moderate.py --approve "$(APPROVE)" --spam "$(SPAM)" --slug "$(SLUG)" \
		--content $(INPUTDIR) --settings $(CONFFILE)

# Moving in (tools/import_blog.py): a WordPress or Disqus export becomes content/
FROM ?=
UPLOADS ?=
.PHONY: import

import: $(STAMP) ## Import a WordPress (WXR) or Disqus export: FROM=export.xml [UPLOADS=dir] [DRY_RUN=1]
	$(PY) tools/import_blog.py "$(FROM)" --content $(INPUTDIR) --settings $(or $(SETTINGS),$(CONFFILE)) \
		$(if $(UPLOADS),--uploads "$(UPLOADS)") $(if $(filter 1 yes true,$(DRY_RUN)),--dry-run)

# Benchmark (tools/bench): corpora, builds, results and profiles go to bench/ and profile/
BENCH_COMMENTS ?= 4
BENCH := PYTHONPATH=tools $(PY) -m bench --comments $(BENCH_COMMENTS)
.PHONY: bench bench-quick profile

bench: $(STAMP) ## Time `pelican` as make html runs it vs plain Pelican, 1,000 and 4,000 posts (bench/results.md)
	$(BENCH) run --sizes 1000,4000 --runs 5 --large-runs 3 --out bench/results.json

bench-quick: $(STAMP) ## The benchmark at 250 and 1,000 posts, 3 runs each (bench/results-quick.md)
	$(BENCH) run --sizes 250,1000 --runs 3 --out bench/results-quick.json

profile: $(STAMP) ## cProfile one cold Common Ground build of 1,000 posts into profile/
	$(BENCH) profile --posts 1000 --out profile
