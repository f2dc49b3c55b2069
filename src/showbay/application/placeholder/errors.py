"""Every error the placeholder context raises (besides the shared ``Upstream*`` ones)."""

from __future__ import annotations

from showbay.domain.errors import NotFound


class ExternalPostNotFound(NotFound):
    """JSONPlaceholder has no post with that id."""

    code = "external_post_not_found"

    def __init__(self, post_id: int) -> None:
        super().__init__("external post", post_id)


__all__ = ["ExternalPostNotFound"]
