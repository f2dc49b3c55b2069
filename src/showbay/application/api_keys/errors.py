"""Every error the API keys context raises (the domain's are the shared ``ValidationFailed`` ones)."""

from __future__ import annotations

from showbay.domain.errors import NotFound


class ApiKeyNotFound(NotFound):
    code = "api_key_not_found"

    def __init__(self, key_ref: object) -> None:
        super().__init__("api key", key_ref)


__all__ = ["ApiKeyNotFound"]
