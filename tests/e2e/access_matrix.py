"""Walks every operation of an app's OpenAPI schema and checks it against the route's declared access rule.

Driven by the schema and by each route's ``opt["access"]``, so endpoints added later are covered without
touching this file. For an owner-scoped resource it creates one as alice through the collection's POST (with
a body synthesised from the schema, or ``SAMPLE_BODIES[operationId]`` when synthesis cannot satisfy the
endpoint's rules) and checks that bob gets 404 on every operation on it and never sees it in a list.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from litestar import Litestar
from litestar.routes import HTTPRoute

OPEN_PATHS = frozenset({"/health", "/ready", "/metrics", "/docs", "/redoc", "/openapi.json"})
METHODS = ("get", "post", "put", "patch", "delete")
BODY_METHODS = frozenset({"post", "put", "patch"})
SAMPLE_BODIES: dict[str, dict[str, Any]] = {
    # operationId → a valid request body, for endpoints whose rules synthesis cannot meet.
}
_PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")


@dataclass
class Credentials:
    """Header sets the walker sends; built by the test from the app's JWT settings."""

    alice: dict[str, str]
    bob: dict[str, str]
    with_scopes: Callable[..., dict[str, str]]  # (subject, *scopes) → headers
    rejected: dict[str, dict[str, str]]  # name → headers that must get 401


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    def expect(self, condition: bool, message: str) -> None:
        if not condition:
            self.failures.append(message)


def declared_rules(app: Litestar) -> dict[tuple[str, str], object]:
    """(METHOD, schema path) → the route's ``opt["access"]`` (``None`` when undeclared)."""
    rules: dict[tuple[str, str], object] = {}
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            path = _PARAM.sub(r"{\1}", route.path)
            for handler in route.route_handlers:
                for method in handler.http_methods:
                    rules[(method.upper(), path)] = handler.opt.get("access")
    return rules


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def sample(schema: dict[str, Any], document: dict[str, Any]) -> Any:
    """A minimal valid value for ``schema`` (required properties only)."""
    schema = _resolve(schema, document)
    for key in ("example", "default"):
        if key in schema:
            return schema[key]
    if schema.get("examples"):
        examples = schema["examples"]
        return examples[0] if isinstance(examples, list) else next(iter(examples.values()))
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = [_resolve(o, document) for o in schema[key]]
            return sample(next((o for o in options if o.get("type") != "null"), options[0]), document)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: sample(props[name], document) for name in schema.get("required", [])}
    if kind == "array":
        return [sample(schema.get("items", {}), document) for _ in range(schema.get("minItems", 0))]
    if kind in ("integer", "number"):
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return True
    if kind == "string":
        formats = {"date-time": "2030-01-01T00:00:00Z", "date": "2030-01-01", "uuid": str(uuid.uuid4())}
        if schema.get("format") in formats:
            return formats[schema["format"]]
        return "sample" + "x" * max(0, schema.get("minLength", 0) - 6)
    return None


def fill(path: str, operation: dict[str, Any], document: dict[str, Any], first: str | None = None) -> str:
    """The path with every parameter replaced: the first by ``first`` when given, the rest by samples."""
    params = {p["name"]: p for p in operation.get("parameters", []) if p.get("in") == "path"}
    values: dict[str, str] = {}
    for index, name in enumerate(_PARAM.findall(path)):
        if index == 0 and first is not None:
            values[name] = first
            continue
        schema = _resolve(params.get(name, {}).get("schema", {}), document)
        kind = schema.get("type")
        values[name] = (
            str(uuid.UUID(int=0)) if schema.get("format") == "uuid" else "999999" if kind == "integer" else "x"
        )
    return _PARAM.sub(lambda m: values[m.group(1)], path)


def request_body(operation: dict[str, Any], document: dict[str, Any]) -> Any:
    if operation.get("operationId") in SAMPLE_BODIES:
        return SAMPLE_BODIES[operation["operationId"]]
    content = operation.get("requestBody", {}).get("content", {})
    for media_type, spec in content.items():
        if "json" in media_type:
            return sample(spec.get("schema", {}), document)
    return None
