"""AiohttpPlaceholderGateway (and its cache) against a local server imitating JSONPlaceholder."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from dishka import make_async_container

from showbay.adapters.outbound import UpstreamPolicy, open_upstream
from showbay.adapters.outbound.placeholder import AiohttpPlaceholderGateway, CachingPlaceholderGateway
from showbay.application.errors import UpstreamBadResponse, UpstreamUnavailable
from showbay.application.placeholder import ExternalPost, ExternalTodo, PlaceholderGateway
from showbay.bootstrap.providers.infrastructure import CoreProvider, OutboundProvider, SettingsProvider
from showbay.bootstrap.providers.placeholder import PlaceholderProvider
from showbay.bootstrap.settings import Settings
from tests.upstreams.jsonplaceholder import FakeUpstream, Reply, malformed, ok, status
from tests.upstreams.jsonplaceholder_data import comment, post, todo


def policy(url: str) -> UpstreamPolicy:
    return UpstreamPolicy(
        "jsonplaceholder", url, attempt_timeout=0.5, max_attempts=2, backoff_initial=0.01, backoff_max=0.02
    )


@pytest.fixture
async def gateway(fake_upstream: FakeUpstream) -> AsyncIterator[AiohttpPlaceholderGateway]:
    async with open_upstream(policy(fake_upstream.url)) as client:
        yield AiohttpPlaceholderGateway(client)


async def test_post_is_decoded(fake_upstream: FakeUpstream, gateway: AiohttpPlaceholderGateway) -> None:
    fake_upstream.reply("/posts/3", ok(post(3)))
    assert await gateway.post(3) == ExternalPost(3, 1, "post 3", "body of post 3")


async def test_a_missing_post_is_none(fake_upstream: FakeUpstream, gateway: AiohttpPlaceholderGateway) -> None:
    fake_upstream.reply("/posts/404", status(404))
    assert await gateway.post(404) is None
    assert fake_upstream.calls_to("/posts/404") == 1


async def test_posts_page_passes_the_window_and_reads_the_total(
    fake_upstream: FakeUpstream, gateway: AiohttpPlaceholderGateway
) -> None:
    fake_upstream.reply("/posts", ok([post(11), post(12)], headers={"X-Total-Count": "100"}))
    page = await gateway.posts(10, 2)
    assert [p.id for p in page.posts] == [11, 12]
    assert (page.offset, page.limit, page.total) == (10, 2, 100)
    assert fake_upstream.calls[0].query == {"_start": "10", "_limit": "2"}


async def test_posts_page_without_a_total(fake_upstream: FakeUpstream, gateway: AiohttpPlaceholderGateway) -> None:
    fake_upstream.reply("/posts", ok([post(1)]))
    assert (await gateway.posts(0, 5)).total is None


async def test_comments_and_todos(fake_upstream: FakeUpstream, gateway: AiohttpPlaceholderGateway) -> None:
    fake_upstream.reply("/posts/1/comments", ok([comment(1, 1), comment(2, 1)]))
    fake_upstream.reply("/todos/7", ok(todo(7, completed=True)))
    assert [c.id for c in await gateway.post_comments(1)] == [1, 2]
    assert await gateway.post_comments(2) == ()  # 404: no comments
    assert await gateway.todo(7) == ExternalTodo(7, 1, "todo 7", True)
    assert await gateway.todo(8) is None


@pytest.mark.parametrize(
    "reply", [malformed(), ok({"id": 1}), ok({**post(1), "userId": "x"}), ok({**post(1), "id": 0}), ok([post(1)])]
)
async def test_unexpected_shapes_are_bad_responses(
    fake_upstream: FakeUpstream, gateway: AiohttpPlaceholderGateway, reply: Reply
) -> None:
    fake_upstream.reply("/posts/1", reply)
    with pytest.raises(UpstreamBadResponse):
        await gateway.post(1)


async def test_the_cache_answers_a_second_read_inside_the_ttl(
    fake_upstream: FakeUpstream, gateway: AiohttpPlaceholderGateway
) -> None:
    now = [0.0]
    cached = CachingPlaceholderGateway(gateway, ttl=60, clock=lambda: now[0])
    fake_upstream.reply("/posts/1", ok(post(1)))
    fake_upstream.reply("/posts", ok([post(1)], headers={"X-Total-Count": "1"}))
    assert await cached.post(1) == await cached.post(1)
    await cached.posts(0, 20)
    await cached.posts(0, 20)
    assert fake_upstream.calls_to("/posts/1") == 1
    assert fake_upstream.calls_to("/posts") == 1
    now[0] = 61.0  # the TTL has passed
    await cached.post(1)
    assert fake_upstream.calls_to("/posts/1") == 2


async def test_a_burst_of_concurrent_reads_makes_one_upstream_call(
    fake_upstream: FakeUpstream, gateway: AiohttpPlaceholderGateway
) -> None:
    cached = CachingPlaceholderGateway(gateway, ttl=60)
    fake_upstream.reply("/posts/1", ok(post(1)))
    results = await asyncio.gather(*(cached.post(1) for _ in range(20)))
    assert len(set(results)) == 1
    assert fake_upstream.calls_to("/posts/1") == 1


async def test_failures_are_not_cached(fake_upstream: FakeUpstream, gateway: AiohttpPlaceholderGateway) -> None:
    cached = CachingPlaceholderGateway(gateway, ttl=60)
    fake_upstream.reply("/posts/1", status(503), status(503), ok(post(1)))
    with pytest.raises(UpstreamUnavailable):
        await cached.post(1)
    assert await cached.post(1) == ExternalPost(1, 1, "post 1", "body of post 1")
    assert fake_upstream.calls_to("/posts/1") == 3


async def test_a_zero_ttl_disables_the_cache(fake_upstream: FakeUpstream, gateway: AiohttpPlaceholderGateway) -> None:
    cached = CachingPlaceholderGateway(gateway, ttl=0)
    fake_upstream.reply("/todos/1", ok(todo(1)))
    await cached.todo(1)
    await cached.todo(1)
    assert fake_upstream.calls_to("/todos/1") == 2


async def test_the_container_builds_one_gateway_per_app_and_closes_it(fake_upstream: FakeUpstream) -> None:
    settings = Settings(jsonplaceholder_url=fake_upstream.url)
    container = make_async_container(
        SettingsProvider(settings), CoreProvider(), OutboundProvider(), PlaceholderProvider()
    )
    try:
        first = await container.get(PlaceholderGateway)
        assert first is await container.get(PlaceholderGateway)
        fake_upstream.reply("/posts/2", ok(post(2)))
        assert (await first.post(2)) == ExternalPost(2, 1, "post 2", "body of post 2")
    finally:
        await container.close()


async def test_open_upstream_closes_its_session(fake_upstream: FakeUpstream) -> None:
    async with open_upstream(policy(fake_upstream.url)) as client:
        assert not client.closed
    assert client.closed
