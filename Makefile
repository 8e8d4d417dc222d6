# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

WEB := web
WEB_MODULES := $(WEB)/node_modules/.package-lock.json
WEB_DIST := $(WEB)/dist/index.html
WEB_SOURCES := $(shell find $(WEB)/src -type f ! -name '*.test.ts' 2>/dev/null) \
	$(WEB)/index.html $(WEB)/package.json $(WEB)/vite.config.ts $(WEB)/tsconfig.json

.PHONY: run test setup neo4j lint typecheck schema clean web web-test soak bench

run: setup web
	$(BIN)/lineage run

test: setup lint typecheck web web-test
	$(BIN)/pytest

setup: $(INSTALLED) neo4j

$(INSTALLED): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# The managed Neo4j's jars, fetched once (skipped when NEO4J_URI points elsewhere).
neo4j: $(INSTALLED)
	@if [ -z "$$NEO4J_URI" ]; then $(BIN)/lineage neo4j install >/dev/null; fi

lint: $(INSTALLED)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(INSTALLED)
	$(BIN)/mypy

# The explorer (web/): node modules from package-lock.json, and the build served at
# /explorer, remade when missing or older than its sources.
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

$(BENCH_INSTALLED): $(INSTALLED)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@touch $@

bench: setup $(BENCH_INSTALLED)
	PYTHONPATH=scripts $(BIN)/python -m bench --sizes $(SIZES) $(BENCH_ARGS)

# Re-export schema.graphql from the code (the drift test compares them).
schema: $(INSTALLED)
	$(BIN)/python -c "from lineage.api.schema import schema; print(schema.as_str())" > schema.graphql

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(WEB)/node_modules $(WEB)/dist
