"""Errors declare themselves once: each use case says what it raises (``raises``), each route says what it may
answer (``errors_of(...)``), and both must agree with the code.

- Route → handler → the use cases injected with ``FromDishka[...]`` → their ``raises``: a route declares exactly
  those, plus what the HTTP edge raises for it (``Forbidden`` behind a scope rule, ``InvalidCursor`` where it takes
  a ``cursor``, the Idempotency-Key errors on an idempotent POST), minus what every route documents anyway.
- A use case's source: every ``raise`` of one of our errors in its class, its bases and the functions of our code
  it calls is covered by its ``raises``. Errors of its ports (a store's ``StaleVersion``, a gateway's ``Upstream*``)
  are not visible in the source: they are listed by hand and proved by the adapters' and e2e tests.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from types import ModuleType
from typing import Any, get_args, get_type_hints

import pytest
from dishka.integrations.litestar import FromDishka
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler

import showbay.application
from showbay.adapters.http.errors import EVERY_ROUTE_ERRORS, ErrorResponses
from showbay.adapters.http.idempotency import IDEMPOTENCY_ERRORS, is_idempotent
from showbay.adapters.http.security import SCOPE_PREFIX
from showbay.application.errors import ApplicationError, Forbidden, InvalidCursor
from showbay.bootstrap.app import create_app
from showbay.bootstrap.settings import Settings
from showbay.domain.errors import DomainError

Errors = frozenset[type[Exception]]


def _app() -> Litestar:
    return create_app(Settings(database_url="postgresql+psycopg://unused/unused", jwt_secret="unused"))


def _api_handlers() -> list[tuple[str, HTTPRouteHandler]]:
    found: list[tuple[str, HTTPRouteHandler]] = []
    for route in _app().routes:
        for handler in getattr(route, "route_handlers", []):
            if (
                isinstance(handler, HTTPRouteHandler)
                and route.path.startswith("/api/")
                and "OPTIONS" not in handler.http_methods
            ):
                found.append((f"{sorted(handler.http_methods)} {route.path}", handler))
    return found


def _probe(injected: FromDishka[int]) -> None: ...


def _raises(use_case: type) -> tuple[type[Exception], ...]:
    found = getattr(use_case, "raises", None)
    assert isinstance(found, tuple), f"{use_case.__name__} has no raises tuple"
    return found


def _injected_use_cases(handler: HTTPRouteHandler) -> list[type]:
    """The ``FromDishka[...]`` parameters of the handler (dishka's wrapper hides them; the original keeps them)."""
    hints = get_type_hints(getattr(handler.fn, "__dishka_orig_func__", handler.fn), include_extras=True)
    injected_marker = type(get_args(get_type_hints(_probe, include_extras=True)["injected"])[1])  # private in dishka
    return [
        get_args(hint)[0] for hint in hints.values() if any(isinstance(m, injected_marker) for m in get_args(hint)[1:])
    ]


def _raised(handler: HTTPRouteHandler) -> Errors:
    """What the route can raise: its use cases' errors and the HTTP edge's own."""
    raised: set[type[Exception]] = set()
    for use_case in _injected_use_cases(handler):
        raised.update(_raises(use_case))
    if str(handler.opt.get("access", "")).startswith(SCOPE_PREFIX):
        raised.add(Forbidden)
    if "cursor" in handler.parsed_fn_signature.parameters:
        raised.add(InvalidCursor)
    if is_idempotent(handler):
        raised.update(IDEMPOTENCY_ERRORS)
    return frozenset(raised) - set(EVERY_ROUTE_ERRORS)


ROUTES = _api_handlers()


def test_the_walk_finds_the_routes_and_their_use_cases() -> None:
    assert len(ROUTES) >= 25
    injected = {use_case.__name__ for _, handler in ROUTES for use_case in _injected_use_cases(handler)}
    assert {"ReplaceTask", "TrackRepo", "GetExternalPost", "RecordTransactions"} <= injected


@pytest.mark.parametrize(("route", "handler"), ROUTES, ids=[route for route, _ in ROUTES])
def test_each_route_declares_exactly_what_it_can_raise(route: str, handler: HTTPRouteHandler) -> None:
    responses = handler.responses
    assert isinstance(responses, ErrorResponses), f"{route}: declare its responses with errors_of(...)"
    declared = frozenset(responses.errors) - set(EVERY_ROUTE_ERRORS)
    raised = _raised(handler)
    assert not raised - declared, f"{route} may raise undeclared {sorted(e.__name__ for e in raised - declared)}"
    assert not declared - raised, f"{route} declares {sorted(e.__name__ for e in declared - raised)}, never raised"


def _use_case_modules() -> list[ModuleType]:
    names = [
        info.name
        for info in pkgutil.walk_packages(showbay.application.__path__, "showbay.application.")
        if ".use_cases" in info.name
    ]
    return [importlib.import_module(name) for name in names]


def _use_cases() -> list[type]:
    found = {
        cls
        for module in _use_case_modules()
        for cls in vars(module).values()
        if inspect.isclass(cls)
        and cls.__module__ == module.__name__
        and inspect.iscoroutinefunction(cls.__dict__.get("__call__"))
    }
    return sorted(found, key=lambda cls: cls.__qualname__)


def _our_error(module: ModuleType, name: str) -> type[Exception] | None:
    found: Any = getattr(module, name, None)
    ours = inspect.isclass(found) and issubclass(found, DomainError | ApplicationError)
    return found if ours else None


def _raised_in_source(cls: type) -> Errors:
    """Our errors raised in the class, its bases from our code and the functions of our code it calls by name
    (transitively; each name is looked up in the module that uses it)."""
    raised: set[type[Exception]] = set()
    seen: set[str] = set()
    todo: list[Any] = [base for base in cls.__mro__ if base.__module__.startswith("showbay.")]
    while todo:
        target = todo.pop()
        if f"{target.__module__}.{target.__qualname__}" in seen:
            continue
        seen.add(f"{target.__module__}.{target.__qualname__}")
        module = inspect.getmodule(target)
        assert module is not None
        tree = ast.parse(textwrap.dedent(inspect.getsource(target)))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and node.exc is not None:
                named = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                error = _our_error(module, named.id) if isinstance(named, ast.Name) else None
                if error is not None:
                    raised.add(error)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                called = getattr(module, node.func.id, None)
                if inspect.isfunction(called) and called.__module__.startswith("showbay."):
                    todo.append(called)
    return frozenset(raised)


USE_CASES = _use_cases()


def test_the_use_cases_are_found() -> None:
    assert len(USE_CASES) >= 35
    assert not [cls.__name__ for cls in USE_CASES if not isinstance(getattr(cls, "raises", None), tuple)]


@pytest.mark.parametrize("use_case", USE_CASES, ids=[cls.__name__ for cls in USE_CASES])
def test_a_use_case_declares_every_error_its_code_raises(use_case: type) -> None:
    declared = _raises(use_case)
    missing = {error for error in _raised_in_source(use_case) if not issubclass(error, declared)}
    assert not missing, f"{use_case.__name__} raises {sorted(e.__name__ for e in missing)} not in its raises"
