# showbay — the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-unit contract-test browser-test lint format openapi migrate token clean bench bench-quick

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install showbay with its dev tools

run: install  ## serve on HOST:PORT (embedded PostgreSQL when DATABASE_URL is unset)
	$(BIN)/showbay run

test: install  ## the whole suite (PostgreSQL from TEST_DATABASE_URL, Docker, or embedded)
	$(BIN)/pytest

test-unit: install
	$(BIN)/pytest tests/unit

contract-test: install  ## schemathesis (every operation, every check), the generated client, the browser page
	$(BIN)/pytest tests/e2e/test_contract_fuzz.py tests/e2e/test_generated_client.py tests/e2e/test_browser_cors.py

browser-test: install  ## a headless chromium page on another origin against the service (needs chromium, chromium-driver)
	$(BIN)/pytest tests/e2e/test_browser_cors.py

lint: install  ## ruff, mypy --strict, import-linter
	$(BIN)/ruff check src tests migrations bench
	$(BIN)/ruff format --check src tests migrations bench
	$(BIN)/mypy src bench
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format src tests migrations bench
	$(BIN)/ruff check --fix src tests migrations bench

openapi: install  ## export docs/openapi.json
	$(BIN)/showbay openapi --output docs/openapi.json

migrate: install  ## upgrade DATABASE_URL to head
	$(BIN)/showbay migrate

token: install  ## mint a local token: make token SUB=alice
	@$(BIN)/showbay token --sub $(or $(SUB),alice)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

bench: install  ## the full benchmark (seeds once into .showbay/bench-postgres; see docs/performance.md)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-quick: install  ## a small benchmark to run after any change (< 2 minutes; CI does not run it)
	$(BIN)/python -m bench.run --quick $(BENCH_ARGS)
