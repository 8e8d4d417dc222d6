# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Installed from the lock files in requirements/ (`make lock` remakes them): `make run`
# installs what running needs, `make test` adds the development tools.
RUN_INSTALLED := $(VENV)/.installed-run
DEV_INSTALLED := $(VENV)/.installed-dev
PIP_LOCKED := $(BIN)/pip install --quiet --require-hashes

WEB := web
WEB_MODULES := $(WEB)/node_modules/.package-lock.json
WEB_DIST := $(WEB)/dist/index.html
WEB_SOURCES := $(shell find $(WEB)/src -type f ! -name '*.test.ts' 2>/dev/null) \
	$(WEB)/index.html $(WEB)/graphiql.html $(WEB)/package.json $(WEB)/vite.config.ts $(WEB)/tsconfig.json \
	$(WEB)/codegen.yml schema.graphql

.PHONY: run test setup setup-run lock neo4j lint typecheck schema clean web web-test soak bench

run: setup-run web
	$(BIN)/lineage run $(RUN_ARGS)

test: setup lint typecheck web web-test
	$(BIN)/pytest

setup-run: $(RUN_INSTALLED) neo4j
setup: $(DEV_INSTALLED) neo4j

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The package itself goes in editable, without build isolation: its build backend is locked
# in requirements/build.txt like everything else.
$(RUN_INSTALLED): requirements/build.txt requirements/run.txt pyproject.toml | $(BIN)/python
	$(PIP_LOCKED) -r requirements/build.txt
	$(PIP_LOCKED) -r requirements/run.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(DEV_INSTALLED): $(RUN_INSTALLED) requirements/dev.txt
	$(PIP_LOCKED) -r requirements/dev.txt
	@touch $@

# Re-resolve the lock files from pyproject.toml (pins kept where they still fit;
# `make lock UPGRADE=1` takes the newest versions). Hashes for every platform.
UV_VERSION := 0.13.9
LOCK = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade)

lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(LOCK) requirements/build.in -o requirements/build.txt
	$(LOCK) pyproject.toml -o requirements/run.txt
	$(LOCK) pyproject.toml --extra dev -c requirements/run.txt -o requirements/dev.txt
	$(LOCK) pyproject.toml --extra dev --extra bench -c requirements/dev.txt \
		-o requirements/bench.txt

# The managed Neo4j's jars, fetched once (skipped when NEO4J_URI points elsewhere).
neo4j: $(RUN_INSTALLED)
	@if [ -z "$$NEO4J_URI" ]; then $(BIN)/lineage neo4j install >/dev/null; fi

lint: $(DEV_INSTALLED)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(DEV_INSTALLED)
	$(BIN)/mypy

# The explorer (web/): node modules from package-lock.json, and the build served at
# /explorer, remade when missing or older than its sources or schema.graphql (`npm run
# build` first generates the documents' types from it: a stale document fails the build).
web: $(WEB_DIST)

$(WEB_MODULES): $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund
	@touch $@

$(WEB_DIST): $(WEB_MODULES) $(WEB_SOURCES)
	cd $(WEB) && npm run build
	@touch $@

# The explorer's unit tests (vitest: GraphQL answers to the graph model).
web-test: $(WEB_MODULES)
	cd $(WEB) && npm test

# Soak and fault run (not part of `make test`): concurrent clients while Neo4j is killed
# and restarted; SOAK_ARGS e.g. "--clients 8 --seconds 60". See docs/reliability.md.
soak: setup
	$(BIN)/python scripts/soak.py $(SOAK_ARGS)

# Performance benchmark (not part of `make test`): GraphQL against raw Cypher and PostgreSQL
# on seeded graphs of 10k and 100k nodes; SIZES=10k,100k,1m adds 1M, BENCH_ARGS e.g.
# "--json bench.json". See docs/benchmarks.md.
SIZES ?= 10k,100k
BENCH_INSTALLED := $(VENV)/.bench-installed

$(BENCH_INSTALLED): $(DEV_INSTALLED) requirements/bench.txt
	$(PIP_LOCKED) -r requirements/bench.txt
	@touch $@

bench: setup $(BENCH_INSTALLED)
	PYTHONPATH=scripts $(BIN)/python -m bench --sizes $(SIZES) $(BENCH_ARGS)

# Re-export schema.graphql from the code (the drift test compares them).
schema: $(DEV_INSTALLED)
	$(BIN)/python -c "from lineage.api.schema import schema; print(schema.as_str())" > schema.graphql

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(WEB)/node_modules $(WEB)/dist
