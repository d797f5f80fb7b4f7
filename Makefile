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
.PHONY: check upload github screenshot golden

help: ## List the targets with one line each
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# The project itself, editable: plugins, core, tools and theme by package name.
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(TEST_STAMP): $(STAMP) requirements-test.txt requirements-inbox.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

venv: $(STAMP) ## Create .venv with the pinned packages (done by every target on first use)

# Pelican's content cache (CACHE_PATH in pelicanconf.py). Our plugins attach
# their objects only after Pelican has pickled it, so it holds nothing of ours
# and survives an upgrade of the plugins; `make clean` removes it.
CACHE_DIR := cache

html: $(STAMP) ## Build the site into output/ with pelicanconf.py
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: $(STAMP) ## Serve output/ on http://127.0.0.1:8000 with its 404 page (PORT=, BIND=)
	$(PY) -m common_ground_tools.serve --output $(OUTPUTDIR) --port $(PORT) --bind $(BIND)

devserver: $(STAMP) ## Rebuild on every change and serve on http://127.0.0.1:8000 (PORT=)
	$(PY) -m common_ground_tools.serve --output $(OUTPUTDIR) --port $(PORT) --bind $(BIND) -- \
		$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

publish: $(STAMP) ## Check, build with publishconf.py aside, swap into output/ only if clean (ALLOW_WARNINGS=1)
	$(PY) -m common_ground_tools.publish --content $(INPUTDIR) --output $(OUTPUTDIR) --settings $(PUBLISHCONF) \
		$(if $(filter 1 yes true,$(ALLOW_WARNINGS)),--allow-warnings)

check: $(STAMP) ## Validate the content tree without building: metadata, comments, slugs, links
	$(PY) -m common_ground_tools.check_content --content $(INPUTDIR) --settings $(CONFFILE)

upload: $(STAMP) ## rsync the last good publish to DEPLOY_TARGET=[user@]host:/path (DRY_RUN=1 previews)
	$(PY) -m common_ground_tools.deploy upload --output $(OUTPUTDIR) --target "$(DEPLOY_TARGET)" \
		$(if $(filter 1 yes true,$(DRY_RUN)),--dry-run)

github: $(STAMP) ## Commit the last good publish to gh-pages with ghp-import and push (DRY_RUN=1: no push)
	$(PY) -m common_ground_tools.deploy github --output $(OUTPUTDIR) --branch $(GITHUB_PAGES_BRANCH) \
		$(if $(filter 1 yes true,$(DRY_RUN)),--dry-run)

clean: ## Remove output/ and build caches
	rm -rf $(OUTPUTDIR) $(CACHE_DIR)

newpost: $(STAMP) ## Start a post: make newpost TITLE="..." [SERIES="..."] [CATEGORY="..."] [NEW=1]
	$(PY) -m common_ground_tools.newpost --title "$(TITLE)" --series "$(SERIES)" --category "$(CATEGORY)" \
		--content $(INPUTDIR) --settings $(CONFFILE) $(if $(filter 1 yes true,$(NEW)),--new)

test: $(TEST_STAMP) ## Run the whole test suite (unit, build, browser, validator)
	@bash tools/ensure-chromium.sh 2>/dev/null || true
	@$(PY) -m common_ground_tools.prerequisites
	@$(MAKE) --no-print-directory node_modules/.installed
	$(PY) -m pytest

screenshot: $(TEST_STAMP) ## Photograph the home page (1280 x 900) into docs/screenshot.png for the README
	@bash tools/ensure-chromium.sh
	$(PY) -m common_ground_tools.screenshot --output docs/screenshot.png

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

golden: $(STAMP) ## Rebuild tests/golden/ (the showcase fixture's expected output) after an intended change
	$(PY) tests/golden.py tests/golden

lint: $(TEST_STAMP) ## Run ruff: lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(TEST_STAMP) ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Comments (plugins/comments): ingest submissions, then moderate them
.PHONY: comment moderate

comment: $(STAMP) ## Save emailed (.eml, Maildir, mbox) or JSON comments as pending: FILE=... or FROM=...
	$(PY) -m common_ground_tools.comment_ingest "$(or $(FROM),$(FILE))" --content $(INPUTDIR) --settings $(CONFFILE)

moderate: $(STAMP) ## List pending comments, inbox submissions and mentions; APPROVE=, SPAM= or REJECT=<id>
	$(PY) -m common_ground_tools.moderate --approve "$(APPROVE)" --spam "$(SPAM)" --reject "$(REJECT)" \
		--slug "$(SLUG)" --inbox-db "$(INBOX_DB)" --mentions-db "$(INBOX_DB)" \
		--content $(INPUTDIR) --settings $(CONFFILE)

# The comment inbox (tools/inbox, docs/inbox.md): the form posts here; INBOX_* settings
# come from the environment (INBOX_HOST, INBOX_PORT, INBOX_DB, INBOX_TOKEN, ...).
INBOX_STAMP := $(VENV)/.installed-inbox-requirements
.PHONY: inbox bench-inbox

$(INBOX_STAMP): $(STAMP) requirements-inbox.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-inbox.txt
	@touch $@

inbox: $(INBOX_STAMP) ## Run the comment inbox on 127.0.0.1:8100 (INBOX_HOST, INBOX_PORT, INBOX_DB, INBOX_TOKEN)
	@# exec: the inbox replaces the shell, so a SIGTERM to make reaches it.
	INBOX_DB="$(INBOX_DB)" exec $(PY) -m common_ground_tools.inbox --content $(INPUTDIR) --settings $(CONFFILE)

bench-inbox: $(INBOX_STAMP) ## Load the inbox: thousands of posts, dozens of clients, SIGKILL, restart, count
	$(PY) -m common_ground_tools.inbox.bench

# Webmention (tools/webmention, docs/webmention.md): received mentions live in
# the inbox's database; sending reads the published output, never the build.
INBOX_DB ?= inbox.sqlite3
FETCH ?=
.PHONY: mentions
mentions: $(STAMP) ## After make publish: send Webmentions/pingbacks (DRY_RUN=1); FETCH=1 imports webmention.io
	$(PY) -m common_ground_tools.mentions $(if $(filter 1 yes true,$(FETCH)),fetch,send) \
		--output $(OUTPUTDIR) --content $(INPUTDIR) --settings $(PUBLISHCONF) \
		$(if $(filter 1 yes true,$(DRY_RUN)),--dry-run)

# Moving in (tools/import_blog.py): a WordPress or Disqus export becomes content/
FROM ?=
UPLOADS ?=
.PHONY: import

import: $(STAMP) ## Import a WordPress (WXR) or Disqus export: FROM=export.xml [UPLOADS=dir] [DRY_RUN=1]
	$(PY) -m common_ground_tools.import_blog "$(FROM)" --content $(INPUTDIR) --settings $(or $(SETTINGS),$(CONFFILE)) \
		$(if $(UPLOADS),--uploads "$(UPLOADS)") $(if $(filter 1 yes true,$(DRY_RUN)),--dry-run)

# Benchmark (tools/bench): corpora, builds, results and profiles go to bench/ and profile/
BENCH_COMMENTS ?= 4
BENCH := $(PY) -m common_ground_tools.bench --comments $(BENCH_COMMENTS)
.PHONY: bench bench-quick profile

bench: $(STAMP) ## Time `pelican` as make html runs it vs plain Pelican, 1,000 and 4,000 posts (bench/results.md)
	$(BENCH) run --sizes 1000,4000 --runs 5 --large-runs 3 --out bench/results.json

bench-quick: $(STAMP) ## The benchmark at 250 and 1,000 posts, 3 runs each (bench/results-quick.md)
	$(BENCH) run --sizes 250,1000 --runs 3 --out bench/results-quick.json

profile: $(STAMP) ## cProfile one cold Common Ground build of 1,000 posts into profile/
	$(BENCH) profile --posts 1000 --out profile
