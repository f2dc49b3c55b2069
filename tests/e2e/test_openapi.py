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
                assert {"401", "422", "429", "503"} <= errors, f"{method} {path} documents no auth/limit errors"
                for code in errors:
                    content = operation["responses"][code]["content"]
                    assert list(content) == ["application/problem+json"], f"{method} {path} {code}"
                assert operation["security"] == [{"BearerAuth": []}, {"ApiKeyAuth": []}]


def test_every_component_has_a_unique_title() -> None:
    """openapi-python-client names models by title and silently drops the second of two with one title."""
    schemas = json.loads(render_openapi())["components"]["schemas"]
    titles = [schema.get("title", name) for name, schema in schemas.items()]
    duplicates = sorted({t for t in titles if titles.count(t) > 1})
    assert not duplicates, f"components share a title: {duplicates}"
    assert all("_" not in name or name.islower() for name in schemas), "module-prefixed component names"


def test_bodies_that_refuse_unknown_fields_say_so() -> None:
    schemas = json.loads(render_openapi())["components"]["schemas"]
    strict = {"TaskWrite", "TaskPatch", "ItemWrite", "ItemMergePatch", "RepoWrite", "TransactionWrite"}
    assert {name for name, s in schemas.items() if s.get("additionalProperties") is False} == strict
