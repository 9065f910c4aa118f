# The two commands of the README:
#   make run    set up, build the graph, write the maps and the release; print where they are
#   make test   set up (browser included) and run the whole test suite
# Both bootstrap their own virtual environment, so a fresh machine needs only Python 3.11+,
# Java 17 and git (and root, or sudo, for the Debian packages the browser tests use).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: setup browser run test lint bench validate clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

browser:
	bash scripts/install-system-packages.sh

run: setup
	bash scripts/run.sh $(OUT)

test: setup browser
	$(BIN)/python -m pytest

validate: setup
	$(BIN)/pzgraph validate

lint: setup
	$(BIN)/ruff check src tests benchmarks

bench: setup browser
	$(BIN)/python -m pip install --quiet -e '.[test,benchmark]'
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/export_scale.py
	$(BIN)/python benchmarks/query_speed.py --curated \
		--project $${TMPDIR:-/tmp}/pzgraph-bench/scale-1 --project $${TMPDIR:-/tmp}/pzgraph-bench/scale-10

clean:
	rm -rf build $(OUT) test-output
