"""The shared outbound layer against a real local HTTP server imitating an upstream, failures included."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable

import msgspec
import pytest

from showbay.adapters.outbound import (
    AttemptOutcome,
    BreakerState,
    OutboundCounters,
    UpstreamClient,
    UpstreamPolicy,
    create_client_session,
)
from showbay.adapters.request_context import request_id_var
from showbay.application.errors import UpstreamBadResponse, UpstreamTimeout, UpstreamUnavailable
from tests.upstreams.jsonplaceholder import (
    FakeUpstream,
    close_connection,
    hang,
    malformed,
    ok,
    rate_limited,
    status,
)


class Post(msgspec.Struct):
    id: int
    title: str


POST = {"id": 1, "title": "hello", "extra": "ignored"}
MakeClient = Callable[..., UpstreamClient]


@pytest.fixture
async def make_client(fake_upstream: FakeUpstream) -> AsyncIterator[MakeClient]:
    sessions = []
    counters = OutboundCounters()

    def make(**overrides: float) -> UpstreamClient:
        settings: dict[str, float] = {
            "connect_timeout": 1.0,
            "attempt_timeout": 0.5,
            "max_attempts": 3,
            "backoff_initial": 0.01,
            "backoff_max": 0.05,
            "budget": 5.0,
            "breaker_threshold": 50,
            "breaker_cooldown": 30.0,
            **overrides,
        }
        policy = UpstreamPolicy("fake", fake_upstream.url, **settings)  # type: ignore[arg-type]
        session = create_client_session(policy)
        sessions.append(session)
        return UpstreamClient(session, policy, observer=counters)

    make.counters = counters  # type: ignore[attr-defined]
    yield make
    for session in sessions:
        await session.close()


async def test_a_normal_answer_is_decoded_and_carries_the_request_id(
    fake_upstream: FakeUpstream, make_client: MakeClient
) -> None:
    fake_upstream.reply("/posts/1", ok(POST))
    token = request_id_var.set("req-123")
    try:
        post = await make_client().get_json("/posts/1", Post)
    finally:
        request_id_var.reset(token)
    assert post == Post(1, "hello")
    assert fake_upstream.calls_to("/posts/1") == 1
    assert fake_upstream.calls[0].headers["X-Request-ID"] == "req-123"
    assert fake_upstream.calls[0].headers["User-Agent"] == "showbay"


async def test_404_is_final_and_never_retried(fake_upstream: FakeUpstream, make_client: MakeClient) -> None:
    fake_upstream.reply("/posts/9", status(404))
    client = make_client()
    assert await client.get_json_or_none("/posts/9", Post) is None
    with pytest.raises(UpstreamBadResponse):
        await client.get_json("/posts/9", Post)
    assert fake_upstream.calls_to("/posts/9") == 2


async def test_other_4xx_are_never_retried(fake_upstream: FakeUpstream, make_client: MakeClient) -> None:
    fake_upstream.reply("/posts/1", status(400), ok(POST))
    with pytest.raises(UpstreamBadResponse):
        await make_client().get_json("/posts/1", Post)
    assert fake_upstream.calls_to("/posts/1") == 1


async def test_500_then_200_succeeds_on_the_retry(fake_upstream: FakeUpstream, make_client: MakeClient) -> None:
    fake_upstream.reply("/posts/1", status(500), ok(POST))
    client = make_client()
    assert await client.get_json("/posts/1", Post) == Post(1, "hello")
    assert fake_upstream.calls_to("/posts/1") == 2
    counters: OutboundCounters = make_client.counters  # type: ignore[attr-defined]
    assert counters.count("fake", AttemptOutcome.RETRYABLE_STATUS) == 1
    assert counters.count("fake", AttemptOutcome.OK) == 1


async def test_persistent_500_gives_up_after_max_attempts(fake_upstream: FakeUpstream, make_client: MakeClient) -> None:
    fake_upstream.reply("/posts/1", status(500))
    with pytest.raises(UpstreamBadResponse) as caught:
        await make_client(max_attempts=4).get_json("/posts/1", Post)
    assert caught.value.code == "upstream_bad_response"
    assert fake_upstream.calls_to("/posts/1") == 4


async def test_persistent_503_is_unavailable_with_its_retry_after(
    fake_upstream: FakeUpstream, make_client: MakeClient
) -> None:
    fake_upstream.reply("/posts/1", rate_limited(retry_after=0, code=503))
    with pytest.raises(UpstreamUnavailable) as caught:
        await make_client().get_json("/posts/1", Post)
    assert caught.value.retry_after == 1
    assert fake_upstream.calls_to("/posts/1") == 3


async def test_429_with_retry_after_is_honoured_then_succeeds(
    fake_upstream: FakeUpstream, make_client: MakeClient
) -> None:
    fake_upstream.reply("/posts/1", rate_limited(retry_after=1), ok(POST))
    assert await make_client().get_json("/posts/1", Post) == Post(1, "hello")
    assert fake_upstream.calls_to("/posts/1") == 2


async def test_429_asking_for_longer_than_the_budget_gives_up_at_once(
    fake_upstream: FakeUpstream, make_client: MakeClient
) -> None:
    fake_upstream.reply("/posts/1", rate_limited(retry_after=120), ok(POST))
    with pytest.raises(UpstreamUnavailable) as caught:
        await make_client(budget=5.0).get_json("/posts/1", Post)
    assert caught.value.code == "upstream_unavailable"
    assert caught.value.retry_after == 120
    assert fake_upstream.calls_to("/posts/1") == 1


async def test_an_upstream_that_never_answers_times_out(fake_upstream: FakeUpstream, make_client: MakeClient) -> None:
    fake_upstream.reply("/posts/1", hang())
    with pytest.raises(UpstreamTimeout) as caught:
        await make_client(attempt_timeout=0.2, max_attempts=2).get_json("/posts/1", Post)
    assert caught.value.code == "upstream_timeout"
    assert fake_upstream.calls_to("/posts/1") == 2


async def test_the_budget_stops_retrying_before_max_attempts(
    fake_upstream: FakeUpstream, make_client: MakeClient
) -> None:
    fake_upstream.reply("/posts/1", hang())
    with pytest.raises(UpstreamTimeout):
        await make_client(attempt_timeout=0.3, max_attempts=10, budget=0.5).get_json("/posts/1", Post)
    assert 1 <= fake_upstream.calls_to("/posts/1") <= 2


async def test_a_dropped_connection_is_retried_then_unavailable(
    fake_upstream: FakeUpstream, make_client: MakeClient
) -> None:
    fake_upstream.reply("/posts/1", close_connection())
    with pytest.raises(UpstreamUnavailable) as caught:
        await make_client().get_json("/posts/1", Post)
    assert caught.value.retry_after is not None
    # aiohttp itself re-sends an idempotent request once when the connection drops before any answer (its
    # guard against stale keep-alive connections), so each of our 3 attempts reaches the upstream twice.
    assert fake_upstream.calls_to("/posts/1") == 2 * 3


async def test_a_dropped_connection_then_an_answer_succeeds(
    fake_upstream: FakeUpstream, make_client: MakeClient
) -> None:
    fake_upstream.reply("/posts/1", close_connection(), ok(POST))
    assert await make_client().get_json("/posts/1", Post) == Post(1, "hello")
    assert fake_upstream.calls_to("/posts/1") == 2  # aiohttp's own re-send after the drop; one attempt of ours
    counters: OutboundCounters = make_client.counters  # type: ignore[attr-defined]
    assert counters.count("fake") == 1


@pytest.mark.parametrize("reply", [malformed(), ok({"id": "one", "title": 5}), ok([POST])])
async def test_malformed_or_unexpected_bodies_are_bad_responses_without_retry(
    fake_upstream: FakeUpstream, make_client: MakeClient, reply: object
) -> None:
    fake_upstream.reply("/posts/1", reply)  # type: ignore[arg-type]
    with pytest.raises(UpstreamBadResponse):
        await make_client().get_json("/posts/1", Post)
    assert fake_upstream.calls_to("/posts/1") == 1


async def test_non_idempotent_requests_are_never_retried(fake_upstream: FakeUpstream, make_client: MakeClient) -> None:
    fake_upstream.reply("/posts", status(500), status(201, POST))
    with pytest.raises(UpstreamBadResponse):
        await make_client().request("POST", "/posts", json={"title": "x"})
    assert fake_upstream.calls_to("/posts") == 1


async def test_every_attempt_is_logged(
    fake_upstream: FakeUpstream, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    fake_upstream.reply("/posts/1", status(502), ok(POST))
    with caplog.at_level(logging.INFO, logger="showbay.outbound"):
        await make_client().get_json("/posts/1", Post)
    records = [r for r in caplog.records if r.name == "showbay.outbound"]
    assert [(r.status, r.attempt, r.upstream) for r in records] == [(502, 1, "fake"), (200, 2, "fake")]  # type: ignore[attr-defined]
    assert all(r.duration >= 0 for r in records)  # type: ignore[attr-defined]


async def test_the_breaker_opens_answers_fast_then_one_trial_closes_it(
    fake_upstream: FakeUpstream, make_client: MakeClient
) -> None:
    fake_upstream.reply("/posts/1", status(500), status(500), ok(POST))
    client = make_client(max_attempts=1, breaker_threshold=2, breaker_cooldown=0.3)
    for _ in range(2):
        with pytest.raises(UpstreamBadResponse):
            await client.get_json("/posts/1", Post)
    assert client.breaker.state is BreakerState.OPEN

    for _ in range(3):
        with pytest.raises(UpstreamUnavailable) as caught:
            await client.get_json("/posts/1", Post)
        assert caught.value.retry_after == 1
    assert fake_upstream.calls_to("/posts/1") == 2  # the open circuit sent nothing

    await asyncio.sleep(0.35)  # the cool-down passes
    assert await client.get_json("/posts/1", Post) == Post(1, "hello")
    assert client.breaker.state is BreakerState.CLOSED
    assert fake_upstream.calls_to("/posts/1") == 3
    counters: OutboundCounters = make_client.counters  # type: ignore[attr-defined]
    assert counters.breaker_transitions[("fake", "open")] == 1
    assert counters.breaker_states["fake"] == "closed"


async def test_a_failed_trial_opens_the_breaker_again(fake_upstream: FakeUpstream, make_client: MakeClient) -> None:
    fake_upstream.reply("/posts/1", close_connection())
    client = make_client(max_attempts=1, breaker_threshold=1, breaker_cooldown=0.2)
    with pytest.raises(UpstreamUnavailable):
        await client.get_json("/posts/1", Post)
    await asyncio.sleep(0.25)
    with pytest.raises(UpstreamUnavailable):
        await client.get_json("/posts/1", Post)  # the trial, dropped again
    with pytest.raises(UpstreamUnavailable):
        await client.get_json("/posts/1", Post)  # refused: open again
    assert client.breaker.state is BreakerState.OPEN
    assert fake_upstream.calls_to("/posts/1") == 2 * 2  # two attempts, each re-sent once by aiohttp on the drop


async def test_an_open_breaker_stops_the_retries_of_a_call(
    fake_upstream: FakeUpstream, make_client: MakeClient
) -> None:
    fake_upstream.reply("/posts/1", status(500))
    client = make_client(max_attempts=5, breaker_threshold=2)
    with pytest.raises(UpstreamUnavailable):
        await client.get_json("/posts/1", Post)
    assert fake_upstream.calls_to("/posts/1") == 2
