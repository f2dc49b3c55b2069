"""Browsing JSONPlaceholder's posts (shared, read-only data)."""

from __future__ import annotations

from showbay.application.errors import UPSTREAM_ERRORS, Raises
from showbay.application.placeholder.errors import ExternalPostNotFound
from showbay.application.placeholder.ports import ExternalPost, ExternalPostPage, PlaceholderGateway


class ListExternalPosts:
    """A page of upstream posts."""

    raises: Raises = UPSTREAM_ERRORS

    def __init__(self, gateway: PlaceholderGateway) -> None:
        self._gateway = gateway

    async def __call__(self, offset: int, limit: int) -> ExternalPostPage:
        return await self._gateway.posts(offset, limit)


class GetExternalPost:
    """One upstream post; ``ExternalPostNotFound`` when the upstream has none with that id."""

    raises: Raises = (ExternalPostNotFound, *UPSTREAM_ERRORS)

    def __init__(self, gateway: PlaceholderGateway) -> None:
        self._gateway = gateway

    async def __call__(self, post_id: int) -> ExternalPost:
        post = await self._gateway.post(post_id)
        if post is None:
            raise ExternalPostNotFound(post_id)
        return post
