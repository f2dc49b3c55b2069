"""The Item entity, its draft and merge patch, and the snapshot of the external post kept beside it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.text import title_and_description_problems

TITLE_MAX = 255
DESCRIPTION_MAX = 5000
EXTERNAL_REF_MAX = 2_147_483_647  # PostgreSQL integer


class _Keep(enum.Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP
"""In an ``ItemPatch``: leave the field as it is (the JSON merge patch did not mention it)."""


@dataclass(frozen=True, slots=True)
class ItemDraft:
    """The user-editable fields of an item, validated on construction."""

    title: str
    description: str | None = None
    external_ref: int | None = None

    def __post_init__(self) -> None:
        problems = title_and_description_problems(
            self.title, self.description, title_max=TITLE_MAX, description_max=DESCRIPTION_MAX
        )
        if self.external_ref is not None and not 1 <= self.external_ref <= EXTERNAL_REF_MAX:
            problems.append(FieldProblem("external_ref", f"must be between 1 and {EXTERNAL_REF_MAX}"))
        found = [p for p in problems if p is not None]
        if found:
            raise ValidationFailed(*found)
        object.__setattr__(self, "title", self.title.strip())


@dataclass(frozen=True, slots=True)
class ItemPatch:
    """A JSON merge patch (RFC 7396) of an item: ``KEEP`` = absent, ``None`` = clear."""

    title: str | _Keep = KEEP
    description: str | _Keep | None = KEEP
    external_ref: int | _Keep | None = KEEP

    def apply_to(self, draft: ItemDraft) -> ItemDraft:
        return ItemDraft(
            title=draft.title if self.title is KEEP else self.title,
            description=draft.description if self.description is KEEP else self.description,
            external_ref=draft.external_ref if self.external_ref is KEEP else self.external_ref,
        )


@dataclass(frozen=True, slots=True)
class ExternalSnapshot:
    """The upstream post as fetched, with its number of comments. Kept apart from the user's fields."""

    post_id: int
    user_id: int
    title: str
    body: str
    comments_count: int


@dataclass(slots=True)
class Item:
    """A user's item, optionally linked to a JSONPlaceholder post (``external_ref``).

    ``version`` grows by one with every change and backs optimistic concurrency (ETags).
    """

    owner_id: str
    title: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    external_ref: int | None = None
    external_data: ExternalSnapshot | None = None
    external_fetched_at: datetime | None = None
    id: int | None = None
    version: int = 1

    @classmethod
    def create(cls, owner_id: str, draft: ItemDraft, now: datetime) -> Item:
        return cls(
            owner_id=owner_id,
            title=draft.title,
            description=draft.description,
            external_ref=draft.external_ref,
            created_at=now,
            updated_at=now,
        )

    def draft(self) -> ItemDraft:
        return ItemDraft(self.title, self.description, self.external_ref)

    def replace(self, draft: ItemDraft, now: datetime) -> None:
        """Overwrite every user-editable field (PUT, and PATCH after merging). A new external_ref drops the
        external data fetched for the old one."""
        if draft.external_ref != self.external_ref:
            self.external_data = None
            self.external_fetched_at = None
        self.title = draft.title
        self.description = draft.description
        self.external_ref = draft.external_ref
        self._touch(now)

    def attach_external(self, snapshot: ExternalSnapshot, now: datetime, fetched_at: datetime | None = None) -> None:
        """Store what the upstream said about ``external_ref`` at ``fetched_at`` (default: ``now``)."""
        if snapshot.post_id != self.external_ref:
            raise ValueError(f"snapshot of post {snapshot.post_id} does not belong to item {self.id}")
        self.external_data = snapshot
        self.external_fetched_at = fetched_at or now
        self._touch(now)

    def _touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1

    @property
    def etag(self) -> str:
        return f'"{self.id}-{self.version}"'
