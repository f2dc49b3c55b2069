"""Errors raised by use cases and ports that are not business rules: access and upstream failures."""

from __future__ import annotations


class ApplicationError(Exception):
    code = "application_error"


class Forbidden(ApplicationError):
    """The caller is authenticated but lacks the permission (scope) the operation needs."""

    code = "forbidden"

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(f"this operation requires the '{scope}' scope")


class InvalidQuery(ApplicationError):
    """The query string cannot be used as given, e.g. clashing parameters such as cursor with offset (answer 400)."""

    code = "bad_query"


class InvalidCursor(InvalidQuery):
    """A keyset cursor that was not issued by us, was damaged, or belongs to another sort order (answer 400)."""

    code = "invalid_cursor"


class UpstreamError(ApplicationError):
    """An external service could not give a usable answer."""

    def __init__(self, upstream: str, message: str, retry_after: float | None = None) -> None:
        self.upstream = upstream
        self.retry_after = retry_after
        super().__init__(message)


class UpstreamUnavailable(UpstreamError):
    """The upstream is down, rate limited us, or its circuit breaker is open (answer 503)."""

    code = "upstream_unavailable"


class UpstreamTimeout(UpstreamError):
    """The upstream did not answer within the time budget (answer 504)."""

    code = "upstream_timeout"


class UpstreamBadResponse(UpstreamError):
    """The upstream answered with an error or an unexpected shape (answer 502)."""

    code = "upstream_bad_response"


class DatabaseUnavailable(ApplicationError):
    """The database cannot serve the request now: unreachable, refusing connections, restarting, or no pooled
    connection became free in time (answer 503 with ``Retry-After``). Raised by the persistence adapter."""

    code = "database_unavailable"

    def __init__(self, message: str = "the database is unavailable; retry shortly", retry_after: float = 1.0) -> None:
        self.retry_after = retry_after
        super().__init__(message)


Raises = tuple[type[Exception], ...]
"""A use case's ``raises``: every error it can raise, its own and its ports' (the HTTP routes declare the same)."""

UPSTREAM_ERRORS: Raises = (UpstreamBadResponse, UpstreamUnavailable, UpstreamTimeout)
"""What a call through an outbound gateway can fail with."""
