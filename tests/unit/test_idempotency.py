"""RunIdempotently and the key rules, with in-memory fakes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from showbay.application.idempotency.errors import (
    IdempotencyKeyInFlight,
    IdempotencyKeyReused,
    InvalidIdempotencyKey,
)
from showbay.application.idempotency.keys import IdempotentRequest, RecordedResponse, parse_key
from showbay.application.idempotency.use_cases import IdempotencyPolicy, PurgeExpiredIdempotencyKeys, RunIdempotently
from tests.fakes.clock import FakeClock
from tests.fakes.idempotency import FakeIdempotencyStore, FakeRequestTransaction
from tests.fakes.shared import FakeTransactionManager

CREATED = RecordedResponse(201, {"location": "/api/v1/tasks/1", "etag": '"1-1"'}, b'{"id": 1}')
REQUEST = IdempotentRequest("alice", "key-1", "POST", "/api/v1/tasks", "f" * 64)


class Operation:
    def __init__(self, response: RecordedResponse = CREATED) -> None:
        self.response = response
        self.runs = 0

    async def __call__(self) -> RecordedResponse:
        self.runs += 1
        return self.response


def run(store: FakeIdempotencyStore, clock: FakeClock, ttl: timedelta = timedelta(hours=24)) -> RunIdempotently:
    return RunIdempotently(store, FakeRequestTransaction(store), clock, IdempotencyPolicy(ttl=ttl))


async def test_the_first_request_runs_with_commits_held_and_its_answer_is_stored() -> None:
    store, clock, operation = FakeIdempotencyStore(), FakeClock(), Operation()
    tx = FakeRequestTransaction(store)

    async def checking() -> RecordedResponse:
        assert tx.held, "the use case's commits must wait for the stored answer"
        return await operation()

    outcome = await RunIdempotently(store, tx, clock, IdempotencyPolicy())(REQUEST, checking)

    assert (outcome.response, outcome.replayed) == (CREATED, False)
    assert tx.commits == 1
    stored = store.answers[("alice", "key-1")]
    assert stored.response == CREATED
    assert stored.expires_at - stored.created_at == timedelta(hours=24)


async def test_a_retry_is_replayed_without_running() -> None:
    store, clock, operation = FakeIdempotencyStore(), FakeClock(), Operation()
    await run(store, clock)(REQUEST, operation)
    outcome = await run(store, clock)(REQUEST, operation)

    assert (outcome.response, outcome.replayed) == (CREATED, True)
    assert operation.runs == 1


@pytest.mark.parametrize(
    "other",
    [
        IdempotentRequest("alice", "key-1", "POST", "/api/v1/tasks", "0" * 64),
        IdempotentRequest("alice", "key-1", "POST", "/api/v1/items", "f" * 64),
    ],
)
async def test_the_same_key_for_another_request_is_refused(other: IdempotentRequest) -> None:
    store, clock, operation = FakeIdempotencyStore(), FakeClock(), Operation()
    await run(store, clock)(REQUEST, operation)
    with pytest.raises(IdempotencyKeyReused):
        await run(store, clock)(other, operation)
    assert operation.runs == 1


async def test_a_key_held_by_another_unit_of_work_is_in_flight() -> None:
    store, operation = FakeIdempotencyStore(), Operation()
    store.locked.add(("alice", "key-1"))
    with pytest.raises(IdempotencyKeyInFlight) as refused:
        await run(store, FakeClock())(REQUEST, operation)
    assert refused.value.retry_after == 1.0
    assert operation.runs == 0


async def test_another_principal_with_the_same_key_runs_on_its_own() -> None:
    store, clock, operation = FakeIdempotencyStore(), FakeClock(), Operation()
    await run(store, clock)(REQUEST, operation)
    bob = IdempotentRequest("bob", "key-1", "POST", "/api/v1/tasks", "f" * 64)
    outcome = await run(store, clock)(bob, operation)
    assert not outcome.replayed
    assert operation.runs == 2


async def test_an_error_answer_is_not_stored_so_a_retry_runs_again() -> None:
    store, clock = FakeIdempotencyStore(), FakeClock()
    failing = Operation(RecordedResponse(503, {}, b"{}"))
    await run(store, clock)(REQUEST, failing)
    await run(store, clock)(REQUEST, failing)
    assert failing.runs == 2
    assert store.answers == {}


async def test_an_expired_answer_runs_again_and_is_purged() -> None:
    store, clock, operation = FakeIdempotencyStore(), FakeClock(), Operation()
    await run(store, clock, ttl=timedelta(minutes=1))(REQUEST, operation)
    clock.advance(61)
    assert not (await run(store, clock, ttl=timedelta(minutes=1))(REQUEST, operation)).replayed
    clock.advance(61)
    purged = await PurgeExpiredIdempotencyKeys(store, FakeTransactionManager(), clock, IdempotencyPolicy())()
    assert purged == 1
    assert store.answers == {}


@pytest.mark.parametrize("raw", ["a", "!~", "x" * 255, "550e8400-e29b-41d4-a716-446655440000"])
def test_visible_ascii_keys_are_accepted(raw: str) -> None:
    assert parse_key(raw) == raw


@pytest.mark.parametrize("raw", ["", " ", "a b", "x" * 256, "é", "tab\t", "new\n", "nul\x00"])
def test_other_keys_are_refused(raw: str) -> None:
    with pytest.raises(InvalidIdempotencyKey):
        parse_key(raw)
