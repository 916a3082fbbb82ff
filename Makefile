# Consult: `make run` serves the demo on http://127.0.0.1:5000, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app consult
PYBABEL := $(BIN)/pybabel
BABEL_KEYWORDS := -k _l -k lazy_gettext
# Babel skips folders named _* by default: templates/_macros holds strings too.
BABEL_IGNORE_DIRS := --ignore-dirs '.* __pycache__ node_modules'

.PHONY: run serve install fonts install-test translations translations-update test test-fast test-postgres lint bench clean

run: install translations
	$(FLASK) db upgrade
	PORT=$(PORT) $(FLASK) demo load
	@echo "Consult is at http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"
	@if [ -z "$$MAIL_SERVER" ]; then echo "Emails (verification codes too) are not sent: they are printed below, among the server's lines. Set MAIL_SERVER to send them."; fi
	PORT=$(PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

# gevent workers on PostgreSQL; gthread on SQLite, where a write waiting for the database's lock holds one thread,
# not a whole worker. gthread workers on PostgreSQL were seen to die of a segmentation fault when a fresh worker
# takes many requests at once (docs/benchmarks.md, 07/12/2026); without REDIS_URL, jobs then run in the web
# process and hold a gevent worker while they run (README: Production).
WORKER_CLASS ?= $(if $(filter postgres%,$(DATABASE_URL)),gevent,gthread)

serve: install translations
	$(FLASK) db upgrade
	$(BIN)/gunicorn --workers 2 --worker-class $(WORKER_CLASS) --threads 16 --bind 127.0.0.1:$(PORT) 'consult:create_app()'

install: $(VENV)/.installed fonts

# PDF reports embed DejaVu Sans (every Vietnamese letter); REPORT_FONT_DIR may point elsewhere.
REPORT_FONT_DIR ?= /usr/share/fonts/truetype/dejavu
fonts:
	@test -f $(REPORT_FONT_DIR)/DejaVuSans.ttf || { \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; \
	  else echo "Note: PDF reports need DejaVu Sans: install fonts-dejavu-core, or set REPORT_FONT_DIR"; fi; } || true

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

install-test: $(VENV)/.installed-test node_modules/axe-core/axe.min.js

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# axe-core runs inside the browser tests' pages; npm is optional locally (those tests then skip, with the reason).
node_modules/axe-core/axe.min.js: package.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: accessibility checks in tests/browser will be skipped"; fi

translations: install
	$(PYBABEL) compile -d translations --statistics 2>&1 | tail -n 2

translations-update: install
	$(PYBABEL) extract -F babel.cfg $(BABEL_KEYWORDS) $(BABEL_IGNORE_DIRS) -o translations/messages.pot --no-location --sort-output --project Consult --copyright-holder Consult .
	$(PYBABEL) update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

test: install-test translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The suite without the browser tests (tests/browser, marker browser) and the tests that start gunicorn (marker
# server): for the edit-test loop; make test and CI run everything. No npm needed.
test-fast: $(VENV)/.installed-test translations
	$(BIN)/python -m pytest -m "not browser and not server" --ignore=tests/browser $(PYTEST_ARGS)

# Lint, format check and import contracts, as CI runs them; .pre-commit-config.yaml runs the same ruff on commit.
LINT_PATHS := .
lint: $(VENV)/.installed-test
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/lint-imports

test-postgres:
	TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test $(MAKE) test

bench: install-test translations
	@for script in bench/*.py; do case "$$script" in */common.py) continue;; esac; $(BIN)/python "$$script"; done; true

clean:
	rm -rf $(VENV) node_modules instance .pytest_cache
