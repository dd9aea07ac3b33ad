# Peduli — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# make run serves plain HTTP on this machine: cookies cannot be Secure there.
# Its settings are in .env (written on the first run, never overwritten: a key
# generated for this machine, PEDULI_HTTPS=false, DEBUG=false, DATABASE_URL
# when given), so `.venv/bin/peduli <command>` runs afterwards exactly as make
# run does. The environment still wins (DEBUG=true make run). Production sets
# its own (see .env.example).

.PHONY: run test lint typecheck pytest setup assets browser gettext messages clean local-env

$(BIN)/peduli: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(BIN)/peduli node_modules/.installed

# Adds to .env only what it lacks; never changes a line of it.
local-env: $(BIN)/peduli
	$(BIN)/python -m peduli.local_env

assets: setup local-env
	$(BIN)/peduli collectstatic --noinput --verbosity 0

# Debian's Chromium for the browser tests (never a downloaded browser build),
# LibreOffice, which makes the spreadsheets a clerk's office suite would,
# poppler's pdftotext, with which the tests read the PDFs Peduli makes, and
# GNU gettext, with which they check the English catalogue.
browser: gettext
	@test -x /usr/bin/chromium || (apt-get update -q && apt-get install -y -q chromium fonts-dejavu-core)
	@command -v soffice >/dev/null || apt-get install -y -q libreoffice-calc-nogui
	@command -v pdftotext >/dev/null || apt-get install -y -q poppler-utils

gettext:
	@command -v msgattrib >/dev/null || (apt-get update -q && apt-get install -y -q gettext)

# The English catalogue, src/peduli/locale/en/LC_MESSAGES: collects the
# strings marked in the code and templates into django.po (new ones with an
# empty msgstr, to be translated there), then compiles django.mo. Both files
# are committed, so `make run` needs no gettext (docs/operator-guide.md).
messages: setup local-env gettext
	cd src/peduli && ../../$(BIN)/peduli makemessages -l en --no-location
	cd src/peduli && ../../$(BIN)/peduli compilemessages
	@msgattrib --untranslated --no-obsolete src/peduli/locale/en/LC_MESSAGES/django.po | grep -c '^msgid ' \
		| awk '{ if ($$1 > 1) print $$1 - 1 " messages still to translate in django.po" }' || true

run: assets
	$(BIN)/peduli migrate --noinput
	$(BIN)/peduli demo
	@echo ""
	@echo "Peduli berjalan di http://$(HOST):$(PORT)/  (Ctrl+C untuk berhenti)"
	@echo ""
	$(BIN)/peduli serve --bind $(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	cd src && ../$(BIN)/lint-imports ../pyproject.toml --no-cache

typecheck: setup
	SECRET_KEY=typecheck $(BIN)/mypy src tests bench

pytest: setup browser
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
