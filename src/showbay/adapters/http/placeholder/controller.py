"""/api/v1/external/posts: browse JSONPlaceholder's posts through the cached, resilient gateway."""

from __future__ import annotations

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, get

from showbay.adapters.http.errors import errors_of
from showbay.adapters.http.paging import Limit, Offset, ResourceId
from showbay.adapters.http.security import SHARED_READ
from showbay.application.errors import UPSTREAM_ERRORS
from showbay.application.placeholder import ExternalPost
from showbay.application.placeholder.errors import ExternalPostNotFound
from showbay.application.placeholder.use_cases import GetExternalPost, ListExternalPosts


class ExternalPostRead(msgspec.Struct):
    id: int
    user_id: int
    title: str
    body: str

    @classmethod
    def from_post(cls, post: ExternalPost) -> ExternalPostRead:
        return cls(post.id, post.user_id, post.title, post.body)


class ExternalPagination(msgspec.Struct):
    limit: int
    offset: int
    total: int | None


class ExternalPostList(msgspec.Struct):
    data: list[ExternalPostRead]
    pagination: ExternalPagination


class ExternalPostController(Controller):
    path = "/external/posts"
    tags = ["external"]
    opt = {"access": SHARED_READ}

    @get(
        "/",
        operation_id="listExternalPosts",
        summary="Browse JSONPlaceholder posts (cached)",
        responses=errors_of(*UPSTREAM_ERRORS),
    )
    async def list_posts(
        self, list_posts: FromDishka[ListExternalPosts], limit: Limit = 20, offset: Offset = 0
    ) -> ExternalPostList:
        page = await list_posts(offset, limit)
        return ExternalPostList(
            data=[ExternalPostRead.from_post(p) for p in page.posts],
            pagination=ExternalPagination(page.limit, page.offset, page.total),
        )

    @get(
        "/{post_id:int}",
        operation_id="getExternalPost",
        summary="Get one JSONPlaceholder post (cached)",
        responses=errors_of(ExternalPostNotFound, *UPSTREAM_ERRORS),
    )
    async def get_post(self, post_id: ResourceId, get_post: FromDishka[GetExternalPost]) -> ExternalPostRead:
        return ExternalPostRead.from_post(await get_post(post_id))
