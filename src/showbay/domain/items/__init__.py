"""The items bounded context: the user's items and the external post data attached to them."""

from showbay.domain.items.entities import KEEP, ExternalSnapshot, Item, ItemDraft, ItemPatch
from showbay.domain.items.errors import ExternalPostNotFound, ItemHasNoExternalRef, ItemNotFound

__all__ = [
    "KEEP",
    "ExternalPostNotFound",
    "ExternalSnapshot",
    "Item",
    "ItemDraft",
    "ItemHasNoExternalRef",
    "ItemNotFound",
    "ItemPatch",
]
