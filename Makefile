# Two commands do all the set-up (see README.md):
#   make run   - install (with every extra: .[all]), create/migrate the SQLite database, load reference + sample data, serve :8000
#   make test  - install what the tests need, then run the whole suite on SQLite and PostgreSQL

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install install-bench system-deps assets bench soak clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all,test]'
	touch $@

# the package's modules compiled to bytecode at set-up: where PYTHONDONTWRITEBYTECODE is set (as on CI
# machines) Python would otherwise compile them again at every start of `orken` (half a second);
# compileall redoes only the files that changed
install: $(STAMP)
	$(BIN)/python -m compileall -q src/orken > /dev/null

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

install-bench: install
	$(BIN)/python -m pip install --quiet -e '.[all,test,bench]'

# the side-by-side table of issue 7: Orken vs Datasette, stats and plan-vs-fact vs hand-written SQL,
# extraction and import figures (see bench/README.md)
bench: install-bench system-deps
	$(BIN)/python bench/compare.py

# minutes of mixed reads and writes against a real server, on PostgreSQL and then on SQLite (see bench/README.md)
soak: install-bench system-deps
	$(BIN)/python bench/soak.py --engine postgresql
	$(BIN)/python bench/soak.py --engine sqlite

clean:
	rm -rf $(VENV) build *.egg-info
