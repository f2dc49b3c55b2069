"""Request and response bodies of /api/v1/items, and their conversion to and from the domain."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import msgspec

from showbay.adapters.http.lists import ListPage, envelope
from showbay.adapters.http.text import NOT_BLANK
from showbay.domain.items import KEEP, ExternalSnapshot, Item, ItemDraft, ItemPatch
from showbay.domain.items.entities import DESCRIPTION_MAX, EXTERNAL_REF_MAX, TITLE_MAX

Title = Annotated[
    str, msgspec.Meta(min_length=1, max_length=TITLE_MAX, pattern=NOT_BLANK, description="1..255 characters, not blank")
]
Description = Annotated[str, msgspec.Meta(max_length=DESCRIPTION_MAX, description="At most 5000 characters")]
ExternalRef = Annotated[
    int, msgspec.Meta(ge=1, le=EXTERNAL_REF_MAX, description="The id of a JSONPlaceholder post to link")
]


class ItemWrite(msgspec.Struct, forbid_unknown_fields=True):
    """Every user-editable field of an item (POST and PUT)."""

    title: Title
    description: Description | None = None
    external_ref: ExternalRef | None = None

    def to_draft(self) -> ItemDraft:
        return ItemDraft(self.title, self.description, self.external_ref)


class ItemMergePatch(msgspec.Struct, forbid_unknown_fields=True):
    """A JSON merge patch (RFC 7396): absent fields stay, ``null`` clears a nullable field."""

    title: Title | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType | None = msgspec.UNSET
    external_ref: ExternalRef | msgspec.UnsetType | None = msgspec.UNSET

    def to_patch(self) -> ItemPatch:
        return ItemPatch(
            title=KEEP if isinstance(self.title, msgspec.UnsetType) else self.title,
            description=KEEP if isinstance(self.description, msgspec.UnsetType) else self.description,
            external_ref=KEEP if isinstance(self.external_ref, msgspec.UnsetType) else self.external_ref,
        )


class LinkedPostRead(msgspec.Struct):
    """The JSONPlaceholder post an item links to, as last fetched."""

    id: int
    user_id: int
    title: str
    body: str


class ExternalDataRead(msgspec.Struct):
    """What JSONPlaceholder said about the item's ``external_ref`` when it was last fetched."""

    post: LinkedPostRead
    comments_count: int

    @classmethod
    def from_snapshot(cls, snapshot: ExternalSnapshot) -> ExternalDataRead:
        post = LinkedPostRead(snapshot.post_id, snapshot.user_id, snapshot.title, snapshot.body)
        return cls(post=post, comments_count=snapshot.comments_count)


class ItemRead(msgspec.Struct):
    id: int
    title: str
    description: str | None
    external_ref: int | None
    external_data: ExternalDataRead | None
    external_fetched_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def from_item(cls, item: Item) -> ItemRead:
        assert item.id is not None
        return cls(
            id=item.id,
            title=item.title,
            description=item.description,
            external_ref=item.external_ref,
            external_data=None if item.external_data is None else ExternalDataRead.from_snapshot(item.external_data),
            external_fetched_at=None if item.external_fetched_at is None else item.external_fetched_at.astimezone(UTC),
            created_at=item.created_at.astimezone(UTC),
            updated_at=item.updated_at.astimezone(UTC),
            version=item.version,
        )


ItemList = Annotated[ListPage[ItemRead], envelope("ItemList", "A page of your items")]
