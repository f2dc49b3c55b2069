"""The ApiKey entity: who it acts as, what it may do, when it was last used, whether it is revoked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from showbay.domain.api_keys.material import digest_matches
from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.text import text_problem

NAME_MAX = 100
PRINCIPAL_MAX = 255
_SCOPE_MAX = 64
LAST_USED_GRANULARITY = timedelta(minutes=1)
"""last_used_at is refreshed at most this often, so authenticating is not a write per request."""


@dataclass(frozen=True, slots=True)
class NewApiKey:
    """What an operator asks for: a name, the principal the key acts as, and its scopes."""

    name: str
    principal_id: str
    scopes: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        problems = [
            p
            for p in (
                text_problem("name", self.name, min_length=1, max_length=NAME_MAX, strip=True),
                text_problem("principal_id", self.principal_id, min_length=1, max_length=PRINCIPAL_MAX, strip=False),
            )
            if p is not None
        ]
        for scope in self.scopes:
            if not scope or len(scope) > _SCOPE_MAX or any(c.isspace() or c == "\x00" for c in scope):
                problems.append(FieldProblem("scopes", f"not a valid scope: {scope!r}"))
        if problems:
            raise ValidationFailed(*problems)


@dataclass(slots=True)
class ApiKey:
    id: int | None
    prefix: str
    digest: str
    name: str
    principal_id: str
    scopes: frozenset[str]
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def accepts(self, plaintext: str) -> bool:
        """True when ``plaintext`` is this key and the key is not revoked."""
        return self.active and digest_matches(plaintext, self.digest)

    def revoke(self, now: datetime) -> None:
        if self.revoked_at is None:
            self.revoked_at = now

    def needs_touch(self, now: datetime) -> bool:
        return self.last_used_at is None or now - self.last_used_at >= LAST_USED_GRANULARITY
