"""API keys: the key material, the entity's rules and the use cases, on in-memory fakes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from showbay.application.api_keys.errors import ApiKeyNotFound
from showbay.application.api_keys.use_cases import AuthenticateApiKey, CreateApiKey, ListApiKeys, RevokeApiKey
from showbay.application.audit import Outcome
from showbay.application.auth import InvalidCredentials
from showbay.domain.api_keys import NewApiKey, digest_of, new_key_material, prefix_of
from showbay.domain.errors import ValidationFailed
from tests.fakes.api_keys import FakeApiKeyStore
from tests.fakes.clock import FakeClock
from tests.fakes.shared import FakeAuditLog, FakeTransactionManager


@pytest.fixture
def store() -> FakeApiKeyStore:
    return FakeApiKeyStore()


@pytest.fixture
def audit() -> FakeAuditLog:
    return FakeAuditLog()


async def issue(store: FakeApiKeyStore, audit: FakeAuditLog, clock: FakeClock, *scopes: str) -> str:
    create = CreateApiKey(store, FakeTransactionManager(), clock, audit)
    issued = await create("cli:ops", NewApiKey("billing", "service:billing", frozenset(scopes)))
    return issued.plaintext


def test_key_material_is_random_prefixed_and_only_its_digest_is_kept() -> None:
    first, second = new_key_material(), new_key_material()
    assert first.plaintext != second.plaintext
    assert prefix_of(first.plaintext) == first.prefix
    assert first.digest == digest_of(first.plaintext)
    assert len(first.digest) == 64
    assert first.plaintext not in repr(first)
    assert prefix_of("sbk_short_x") is None
    assert prefix_of(first.plaintext + "x") is None


def test_new_api_key_validates_its_fields() -> None:
    with pytest.raises(ValidationFailed) as raised:
        NewApiKey(" ", "service:x", frozenset({"repos:write", "bad scope"}))
    assert [p.field for p in raised.value.problems] == ["name", "scopes"]


async def test_create_stores_the_digest_never_the_plaintext(
    store: FakeApiKeyStore, audit: FakeAuditLog, clock: FakeClock
) -> None:
    plaintext = await issue(store, audit, clock, "repos:write")
    (row,) = store.rows.values()
    assert row.digest == digest_of(plaintext)
    assert plaintext not in repr(row)
    assert [(e.actor, e.action, e.resource_id, e.outcome) for e in audit.events] == [
        ("cli:ops", "createApiKey", "1", Outcome.SUCCESS)
    ]


async def test_authenticate_returns_the_keys_principal_and_touches_at_most_once_a_minute(
    store: FakeApiKeyStore, audit: FakeAuditLog, clock: FakeClock
) -> None:
    plaintext = await issue(store, audit, clock, "repos:write")
    authenticate = AuthenticateApiKey(store, FakeTransactionManager(), clock)
    principal = await authenticate(plaintext)
    assert principal.id == "service:billing"
    assert principal.scopes == frozenset({"repos:write"})
    assert store.rows[1].last_used_at == clock.now()
    clock.advance(30)
    await authenticate(plaintext)
    assert store.touches == 1
    clock.advance(31)
    await authenticate(plaintext)
    assert store.touches == 2


@pytest.mark.parametrize("mangle", [lambda k: k[:-1] + ("A" if k[-1] != "A" else "B"), lambda k: "garbage", str.upper])
async def test_a_wrong_or_malformed_key_is_rejected(
    store: FakeApiKeyStore, audit: FakeAuditLog, clock: FakeClock, mangle: Callable[[str], str]
) -> None:
    plaintext = await issue(store, audit, clock)
    with pytest.raises(InvalidCredentials):
        await AuthenticateApiKey(store, FakeTransactionManager(), clock)(mangle(plaintext))
    assert store.touches == 0


async def test_revoked_key_stops_working_and_revoking_twice_keeps_the_first_time(
    store: FakeApiKeyStore, audit: FakeAuditLog, clock: FakeClock
) -> None:
    plaintext = await issue(store, audit, clock)
    revoke = RevokeApiKey(store, FakeTransactionManager(), clock, audit)
    revoked = await revoke("cli:ops", store.rows[1].prefix)
    first_time = revoked.revoked_at
    clock.advance(60)
    assert (await revoke("cli:ops", "1")).revoked_at == first_time
    with pytest.raises(InvalidCredentials):
        await AuthenticateApiKey(store, FakeTransactionManager(), clock)(plaintext)
    assert [k.active for k in await ListApiKeys(store)()] == [False]


async def test_revoking_an_unknown_key_is_not_found_and_audited(
    store: FakeApiKeyStore, audit: FakeAuditLog, clock: FakeClock
) -> None:
    with pytest.raises(ApiKeyNotFound):
        await RevokeApiKey(store, FakeTransactionManager(), clock, audit)("cli:ops", "nosuchkey0")
    assert [(e.action, e.outcome) for e in audit.events] == [("revokeApiKey", Outcome.NOT_FOUND)]
