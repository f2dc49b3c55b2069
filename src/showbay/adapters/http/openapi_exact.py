"""The places where Litestar's generated contract differs from what the server does, fixed once for the app.

- Structs declared with ``forbid_unknown_fields=True`` refuse unknown members (422); Litestar's schema for them
  leaves ``additionalProperties`` open, so generators and fuzzers think extra fields are fine.
- Every string the server stores or matches refuses the NUL character (PostgreSQL ``text`` cannot hold it: the
  domain's text checks and ``query_params.check_parameters`` answer 422); the schema says so for every string
  parameter and property (``published_schema``).
- Litestar's automatic ``OPTIONS`` answer lists in ``Allow`` only the methods of the first handler group
  registered on a path (its handler keeps a reference to the route it was built for, which the router replaces
  when more handlers join the path); the ``405`` answers are right, ``OPTIONS`` is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import msgspec

# Litestar's own schema plugin for msgspec Structs; public plugins cannot reach it, and subclassing keeps every
# other detail of its output (litestar is pinned below 3).
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.openapi.spec import OpenAPI, Operation, Parameter, Reference, Schema
from litestar.routes import BaseRoute, HTTPRoute
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.typing import FieldDefinition

from showbay.adapters.http.text import NOT_BLANK, NOT_BLANK_NUL_FREE, NUL_FREE

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator


class ExactStructSchemaPlugin(StructSchemaPlugin):
    """Litestar's Struct schemas, plus ``additionalProperties: false`` where the Struct forbids unknown fields."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        info = msgspec.inspect.type_info(field_definition.type_)
        if isinstance(info, msgspec.inspect.StructType) and info.forbid_unknown_fields:
            schema.additional_properties = False
        return schema


def _forbid_nul_raw(schema: dict[str, Any]) -> None:
    """The same rule on a schema written as a plain mapping (``schema_extra``, e.g. the items of ``tags``)."""
    if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
        if schema.get("pattern") is None:
            schema["pattern"] = NUL_FREE
        elif schema["pattern"] == NOT_BLANK:
            schema["pattern"] = NOT_BLANK_NUL_FREE
    for child in (schema.get("items"), *schema.get("anyOf", ()), *schema.get("oneOf", ())):
        if isinstance(child, dict):
            _forbid_nul_raw(child)


def _forbid_nul(schema: Schema | Reference | dict[str, Any] | None) -> None:
    if isinstance(schema, dict):
        _forbid_nul_raw(schema)
        return
    if not isinstance(schema, Schema):
        return
    if schema.type == "string" or (isinstance(schema.type, list) and "string" in schema.type):
        if schema.pattern is None and schema.enum is None and schema.format is None:
            schema.pattern = NUL_FREE
        elif schema.pattern == NOT_BLANK:
            schema.pattern = NOT_BLANK_NUL_FREE
    children = [*(schema.properties or {}).values(), *(schema.any_of or ()), *(schema.one_of or ())]
    children += [*(schema.all_of or ()), *([schema.items] if isinstance(schema.items, Schema | dict) else [])]
    for child in children:
        _forbid_nul(child)


def published_schema(openapi: OpenAPI) -> OpenAPI:
    """The app's OpenAPI document with the NUL rule on every free-text string (idempotent: run on each use)."""
    for component in ((openapi.components.schemas or {}) if openapi.components else {}).values():
        _forbid_nul(component)
    for path_item in (openapi.paths or {}).values():
        operations = (path_item.get, path_item.put, path_item.post, path_item.patch, path_item.delete)
        for operation in (op for op in operations if isinstance(op, Operation)):
            for parameter in operation.parameters or ():
                if isinstance(parameter, Parameter):
                    _forbid_nul(parameter.schema)
    return openapi


def with_complete_allow_on_options(app: ASGIApp, routes: Iterable[BaseRoute]) -> ASGIApp:
    """Wraps the app's outermost handler: an ``OPTIONS`` answer's ``Allow`` lists every method of the matched path
    (the same list a ``405`` carries)."""
    allow_by_path = {
        route.path_format: ", ".join(sorted(route.methods)) for route in routes if isinstance(route, HTTPRoute)
    }

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["method"] != "OPTIONS":
            await app(scope, receive, send)
            return

        async def send_with_allow(message: Message) -> None:
            if message["type"] == "http.response.start":
                allow = allow_by_path.get(scope.get("path_template", ""))
                headers = MutableScopeHeaders.from_message(message)
                if allow is not None and "allow" in headers:
                    headers["Allow"] = allow
            await send(message)

        await app(scope, receive, send_with_allow)

    return middleware
