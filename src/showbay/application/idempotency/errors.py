"""Why a request with an Idempotency-Key is refused."""

from __future__ import annotations

from showbay.application.errors import ApplicationError
from showbay.domain.errors import Conflict, FieldProblem, ValidationFailed


class InvalidIdempotencyKey(ValidationFailed):
    """The Idempotency-Key header is not 1 to 255 visible ASCII characters (answer 422)."""

    code = "invalid_idempotency_key"

    def __init__(self, header: str, message: str) -> None:
        super().__init__(FieldProblem(header, message))


class IdempotencyKeyInFlight(Conflict):
    """A request with the same key is still being processed (answer 409 with ``Retry-After``)."""

    code = "idempotency_key_in_flight"

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__("a request with this Idempotency-Key is still being processed; retry later")


class IdempotencyKeyReused(ApplicationError):
    """The key was used before for a different request (another method, path or body; answer 422)."""

    code = "idempotency_key_reused"

    def __init__(self) -> None:
        super().__init__("this Idempotency-Key was used for a different request; use a new key for a new request")
