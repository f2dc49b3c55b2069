"""Errors shared by every paginated list."""

from __future__ import annotations

from showbay.application.errors import ApplicationError


class InvalidCursor(ApplicationError):
    """A keyset cursor that was not issued by us, was damaged, or belongs to another sort order (answer 400)."""

    code = "invalid_cursor"
