# Servicebook: `make run` serves the demo agency (with the background worker beside it),
# `make test` runs the whole suite.
# Needs only Python 3.11+ and the package registries: uv is bootstrapped with pip if missing.

SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
RUN := $(UV) run --frozen

.PHONY: run test install check lint typecheck layers migrations-check messages compile-messages clean

$(UV):
	$(PYTHON) -m pip install --user --quiet 'uv>=0.13,<0.14' || $(PYTHON) -m pip install --quiet 'uv>=0.13,<0.14'

install: $(UV)
	$(UV) sync --frozen --quiet

run: install
	$(RUN) servicebook migrate --noinput
	$(RUN) servicebook demo
	$(RUN) servicebook collectstatic --noinput --verbosity 0
	@# The background worker (emails, PDFs) runs beside the server and stops with it.
	$(RUN) servicebook worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	$(RUN) servicebook serve --port $(PORT)

test: install
	$(RUN) pytest -q

check: lint typecheck layers migrations-check

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

typecheck: install
	$(RUN) mypy servicebook config

layers: install
	$(RUN) lint-imports

migrations-check: install
	$(RUN) servicebook makemigrations --check --dry-run

# Developers: refresh the message catalogue after changing strings, then translate it.
messages: install
	$(RUN) servicebook makemessages -l zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'var/*'
	$(RUN) python scripts/compile_messages.py

compile-messages: install
	$(RUN) python scripts/compile_messages.py

clean:
	rm -rf var/static .pytest_cache .mypy_cache .ruff_cache
