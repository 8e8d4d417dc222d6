# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test setup neo4j lint typecheck schema clean

run: setup
	$(BIN)/lineage run

test: setup lint typecheck
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

# Re-export schema.graphql from the code (the drift test compares them).
schema: $(INSTALLED)
	$(BIN)/python -c "from lineage.api.schema import schema; print(schema.as_str())" > schema.graphql

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
