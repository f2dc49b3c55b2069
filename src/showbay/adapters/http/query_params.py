"""Strict query strings and integer path ids, checked once for every API route before Litestar converts them.

Litestar converts query values with msgspec's lax mode, which must turn ``"20"`` into 20 but also reads
``limit=1e2`` as 100, ``limit=5.0`` as 5 and ``due_before=0`` as 1970-01-01. Here an integer parameter takes
ASCII digits only (an optional leading ``-``), a timestamp parameter an RFC 3339 string only, and no query
value may hold the NUL character (PostgreSQL text cannot store it); an integer path id is its canonical digits.
Each failure is a 422 naming the parameter.
"""

from __future__ import annotations

import re
import types
from datetime import datetime
from typing import Any, Literal, Union, get_args, get_origin

import msgspec
from litestar import Request
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter

from showbay.domain.errors import FieldProblem, ValidationFailed

Kind = Literal["int", "datetime"]
_INTEGER = re.compile(r"-?[0-9]{1,19}")  # 19 digits hold every bigint; more is out of every bound anyway
_KINDS: dict[int, dict[str, Kind]] = {}


def _scalar(annotation: Any) -> Any:
    """``int`` for ``int`` and ``int | None``; the annotation itself otherwise."""
    if get_origin(annotation) in (Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        return members[0] if len(members) == 1 else annotation
    return annotation


def _kinds(handler: HTTPRouteHandler) -> dict[str, Kind]:
    """The handler's integer and timestamp query parameters by their query name (computed once per handler)."""
    known = _KINDS.get(id(handler))
    if known is None:
        known = {}
        for name, field in handler.parsed_fn_signature.parameters.items():
            if not isinstance(field.kwarg_definition, QueryParameter):
                continue
            scalar = _scalar(field.annotation)
            query_name = field.kwarg_definition.name or field.kwarg_definition.query or name
            if scalar is int:
                known[query_name] = "int"
            elif scalar is datetime:
                known[query_name] = "datetime"
        _KINDS[id(handler)] = known
    return known


def _problem(name: str, raw: str, kind: Kind | None) -> FieldProblem | None:
    if "\x00" in raw:
        return FieldProblem(name, "must not contain the NUL character")
    if kind == "int" and not _INTEGER.fullmatch(raw):
        return FieldProblem(name, "must be an integer written in digits")
    if kind == "datetime":
        try:
            msgspec.convert(raw, datetime, strict=True)
        except msgspec.ValidationError:
            return FieldProblem(name, "must be an RFC 3339 timestamp, e.g. 2026-11-24T03:30:00Z")
    return None


def _path_problems(request: Request[Any, Any, Any]) -> dict[str, FieldProblem]:
    """Litestar parses ``{id:int}`` with ``int()``, which also reads ``+3``, ``03``, ``1_0`` and ``٣``: an integer
    path id must be written exactly as its canonical digits."""
    params: dict[str, Any] = dict(request.scope.get("path_params") or {})  # typed str, but already converted
    segments = request.scope["path"].split("/")
    return {
        name: FieldProblem(name, "must be an integer written in digits")
        for name, value in params.items()
        if type(value) is int and str(value) not in segments
    }


def check_parameters(request: Request[Any, Any, Any]) -> None:
    """Raise ``ValidationFailed`` (422) for the first bad value of each query parameter and integer path id."""
    problems = _path_problems(request)
    if not request.scope.get("query_string"):
        if problems:
            raise ValidationFailed(*problems.values())
        return
    kinds = _kinds(request.route_handler)
    for name, raw in request.query_params.multi_items():
        if name not in problems and (problem := _problem(name, raw, kinds.get(name))) is not None:
            problems[name] = problem
    if problems:
        raise ValidationFailed(*problems.values())
