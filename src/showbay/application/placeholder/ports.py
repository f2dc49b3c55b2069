"""What the application reads from JSONPlaceholder, and the port that reads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ExternalPost:
    id: int
    user_id: int
    title: str
    body: str
    fetched_at: datetime | None = field(default=None, compare=False)
    """When the upstream gave this answer (a cache may hand it out later); ``None`` when unknown."""


@dataclass(frozen=True, slots=True)
class ExternalComment:
    id: int
    post_id: int
    name: str
    email: str
    body: str


@dataclass(frozen=True, slots=True)
class ExternalTodo:
    id: int
    user_id: int
    title: str
    completed: bool
    fetched_at: datetime | None = field(default=None, compare=False)
    """When the upstream gave this answer (a cache may hand it out later); ``None`` when unknown."""


@dataclass(frozen=True, slots=True)
class ExternalPostPage:
    """One page of upstream posts; ``total`` is ``None`` when the upstream did not say."""

    posts: tuple[ExternalPost, ...]
    offset: int
    limit: int
    total: int | None


class PlaceholderGateway(Protocol):
    """Reads posts, comments and todos from JSONPlaceholder.

    Missing things are ``None``; an upstream that cannot give a usable answer raises ``UpstreamUnavailable``
    (down, rate limited, circuit open), ``UpstreamTimeout`` or ``UpstreamBadResponse`` (errors, odd shapes).
    """

    async def post(self, post_id: int) -> ExternalPost | None: ...

    async def posts(self, offset: int, limit: int) -> ExternalPostPage: ...

    async def post_comments(self, post_id: int) -> tuple[ExternalComment, ...]:
        """The post's comments (empty when it has none or does not exist)."""
        ...

    async def todo(self, todo_id: int) -> ExternalTodo | None: ...


class PlaceholderCircuit(Protocol):
    """The state of the circuit breaker in front of JSONPlaceholder."""

    def is_open(self) -> bool:
        """True while calls would be refused without reaching the upstream (work that needs it should wait)."""
        ...
