"""The Item entity, its draft rules and its merge patch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from showbay.domain.errors import ValidationFailed
from showbay.domain.items import KEEP, ExternalSnapshot, Item, ItemDraft, ItemPatch

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "  "}, "title"),
        ({"title": "x" * 256}, "title"),
        ({"title": "a\x00b"}, "title"),
        ({"title": "ok", "description": "d" * 5001}, "description"),
        ({"title": "ok", "description": "\x00"}, "description"),
        ({"title": "ok", "external_ref": 0}, "external_ref"),
        ({"title": "ok", "external_ref": 2**31}, "external_ref"),
    ],
)
def test_invalid_drafts_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        ItemDraft(**kwargs)  # type: ignore[arg-type]
    assert [p.field for p in caught.value.problems] == [field]


def test_a_draft_trims_the_title_and_allows_the_limits() -> None:
    draft = ItemDraft("  t  ", "d" * 5000, 2**31 - 1)
    assert draft.title == "t"


def test_a_merge_patch_keeps_absent_fields_and_clears_nulls() -> None:
    draft = ItemDraft("title", "text", 4)
    assert ItemPatch().apply_to(draft) == draft
    assert ItemPatch(description=None).apply_to(draft) == ItemDraft("title", None, 4)
    assert ItemPatch(title="new", external_ref=None).apply_to(draft) == ItemDraft("new", "text", None)
    assert ItemPatch(title=KEEP, external_ref=9).apply_to(draft).external_ref == 9


def test_a_merge_patch_is_validated_as_a_whole() -> None:
    with pytest.raises(ValidationFailed):
        ItemPatch(title=" ").apply_to(ItemDraft("title"))


def _linked_item() -> Item:
    item = Item.create("alice", ItemDraft("t", external_ref=1), NOW)
    item.id = 3
    item.attach_external(ExternalSnapshot(1, 2, "post", "body", 4), NOW)
    return item


def test_attaching_external_data_records_when_and_bumps_the_version() -> None:
    item = _linked_item()
    assert item.external_fetched_at == NOW
    assert item.version == 2
    assert item.etag == '"3-2"'


def test_external_data_for_another_post_is_refused() -> None:
    item = _linked_item()
    with pytest.raises(ValueError, match="does not belong"):
        item.attach_external(ExternalSnapshot(2, 2, "post", "body", 0), LATER)


def test_replacing_keeps_external_data_unless_the_ref_changes() -> None:
    item = _linked_item()
    item.replace(ItemDraft("renamed", external_ref=1), LATER)
    assert item.external_data is not None
    item.replace(ItemDraft("renamed", external_ref=2), LATER)
    assert item.external_data is None
    assert item.external_fetched_at is None
    assert (item.updated_at, item.version) == (LATER, 4)
