# Two commands do all the set-up (see README.md):
#   make run   - install, create/migrate the SQLite database, load reference + sample data, serve :8000
#   make test  - install what the tests need, then run the whole suite on SQLite and PostgreSQL

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install system-deps assets bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

# front-end libraries from npm (package-lock.json) copied into src/orken/web/static/vendor (ignored)
assets:
	bash scripts/web-assets.sh

run: install assets
	$(BIN)/orken setup
	$(BIN)/orken serve --host 127.0.0.1 --port 8000

test: install system-deps assets
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/registry_api.py

clean:
	rm -rf $(VENV) build *.egg-info
