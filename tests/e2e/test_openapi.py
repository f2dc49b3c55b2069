"""docs/openapi.json is the exported schema; it must match what the app serves, and be usable by generators."""

from __future__ import annotations

import json
from pathlib import Path

from showbay.bootstrap.cli.main import render_openapi

ROOT = Path(__file__).resolve().parents[2]
API_OPERATIONS = {"get", "post", "put", "patch", "delete"}


def test_committed_openapi_document_is_current() -> None:
    committed = (ROOT / "docs" / "openapi.json").read_text()
    assert committed == render_openapi(), "docs/openapi.json is stale: run `make openapi` and commit it"


def test_every_operation_has_an_id_a_summary_and_error_responses() -> None:
    document = json.loads(render_openapi())
    seen: set[str] = set()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in API_OPERATIONS:
                continue
            assert operation.get("operationId"), f"{method} {path} has no operationId"
            assert operation["operationId"] not in seen
            seen.add(operation["operationId"])
            assert operation.get("summary"), f"{method} {path} has no summary"
            if path.startswith("/api/"):
                errors = {code for code in operation["responses"] if code.startswith(("4", "5"))}
                assert {"401", "429"} <= errors, f"{method} {path} documents no auth/limit errors"
                for code in errors:
                    content = operation["responses"][code]["content"]
                    assert list(content) == ["application/problem+json"], f"{method} {path} {code}"
                assert operation["security"] == [{"BearerAuth": []}, {"ApiKeyAuth": []}]
