"""One class per API key operation. Creating and revoking happen from the CLI; authenticating on every call."""

from __future__ import annotations

from dataclasses import dataclass

from showbay.application.api_keys.errors import ApiKeyNotFound
from showbay.application.api_keys.ports import ApiKeyStore
from showbay.application.audit import AuditEvent, AuditLog, Outcome
from showbay.application.auth import InvalidCredentials
from showbay.application.errors import Raises
from showbay.application.ports import Clock, TransactionManager
from showbay.application.principal import Principal
from showbay.domain.api_keys import ApiKey, NewApiKey, new_key_material, prefix_of

RESOURCE = "api_key"


@dataclass(frozen=True, slots=True)
class IssuedApiKey:
    """A created key and its plaintext, which exists only in this object and is shown once."""

    key: ApiKey
    plaintext: str

    def __repr__(self) -> str:
        return f"IssuedApiKey(key={self.key.prefix!r})"


class CreateApiKey:
    """Issue a key that acts as ``principal_id`` with its own scopes."""

    raises: Raises = ()

    def __init__(self, store: ApiKeyStore, tx: TransactionManager, clock: Clock, audit: AuditLog) -> None:
        self._store, self._tx, self._clock, self._audit = store, tx, clock, audit

    async def __call__(self, actor: str, request: NewApiKey) -> IssuedApiKey:
        material = new_key_material()
        key = await self._store.add(
            ApiKey(
                id=None,
                prefix=material.prefix,
                digest=material.digest,
                name=request.name.strip(),
                principal_id=request.principal_id,
                scopes=request.scopes,
                created_at=self._clock.now(),
            )
        )
        await self._tx.commit()
        self._audit.record(AuditEvent(actor, "createApiKey", RESOURCE, str(key.id), Outcome.SUCCESS))
        return IssuedApiKey(key, material.plaintext)


class ListApiKeys:
    """Every key with its prefix, scopes, last use and revocation; never the secret."""

    raises: Raises = ()

    def __init__(self, store: ApiKeyStore) -> None:
        self._store = store

    async def __call__(self) -> list[ApiKey]:
        return await self._store.list_all()


class RevokeApiKey:
    """Revoke a key by id or by its public prefix; revoking twice keeps the first revocation time."""

    raises: Raises = (ApiKeyNotFound,)

    def __init__(self, store: ApiKeyStore, tx: TransactionManager, clock: Clock, audit: AuditLog) -> None:
        self._store, self._tx, self._clock, self._audit = store, tx, clock, audit

    async def __call__(self, actor: str, key_ref: str) -> ApiKey:
        key = await (self._store.get(int(key_ref)) if key_ref.isdigit() else self._store.by_prefix(key_ref))
        if key is None or key.id is None:
            self._audit.record(AuditEvent(actor, "revokeApiKey", RESOURCE, key_ref, Outcome.NOT_FOUND))
            raise ApiKeyNotFound(key_ref)
        if key.active:
            key.revoke(self._clock.now())
            assert key.revoked_at is not None
            await self._store.mark_revoked(key.id, key.revoked_at)
            await self._tx.commit()
        self._audit.record(AuditEvent(actor, "revokeApiKey", RESOURCE, str(key.id), Outcome.SUCCESS))
        return key


class AuthenticateApiKey:
    """Turn an ``X-API-Key`` value into the principal it acts as, or raise ``InvalidCredentials``."""

    raises: Raises = (InvalidCredentials,)

    def __init__(self, store: ApiKeyStore, tx: TransactionManager, clock: Clock) -> None:
        self._store, self._tx, self._clock = store, tx, clock

    async def __call__(self, plaintext: str) -> Principal:
        prefix = prefix_of(plaintext)
        key = await self._store.by_prefix(prefix) if prefix else None
        if key is None or key.id is None or not key.accepts(plaintext):
            raise InvalidCredentials("the API key is unknown or revoked")
        now = self._clock.now()
        if key.needs_touch(now):
            await self._store.touch(key.id, now)
            await self._tx.commit()
        return Principal(id=key.principal_id, scopes=key.scopes)
