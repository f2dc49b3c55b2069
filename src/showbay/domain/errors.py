"""Errors the domain raises; adapters translate them at the boundary they cross."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """Base of every error that carries business meaning."""

    code = "domain_error"


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One invalid field: where it is and what is wrong with it."""

    field: str
    message: str


class ValidationFailed(DomainError):
    """One or more fields break a domain rule."""

    code = "validation_failed"

    def __init__(self, *problems: FieldProblem) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))


class NotFound(DomainError):
    """The resource does not exist (or is not visible to the caller)."""

    code = "not_found"

    def __init__(self, resource: str, resource_id: object) -> None:
        self.resource = resource
        self.resource_id = resource_id
        super().__init__(f"{resource} {resource_id} was not found")


class Conflict(DomainError):
    """The change collides with existing state (a duplicate, for example)."""

    code = "conflict"


class StaleVersion(DomainError):
    """The caller edited a version of the resource that is no longer current."""

    code = "precondition_failed"

    def __init__(self, resource: str, resource_id: object) -> None:
        super().__init__(f"{resource} {resource_id} was changed by someone else; fetch it again")


def require_version(resource: str, resource_id: object, current: int, expected: int | None) -> None:
    """The one check of a version the caller read (``If-Match``): ``StaleVersion`` unless it is ``current``;
    ``None`` asks for none."""
    if expected is not None and expected != current:
        raise StaleVersion(resource, resource_id)
