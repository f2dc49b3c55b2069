"""The items bounded context: the user's items and the external post data attached to them."""

from showbay.domain.items.entities import KEEP, ExternalSnapshot, Item, ItemDraft, ItemPatch
from showbay.domain.items.errors import ItemHasNoExternalRef, ItemNotFound

__all__ = [
    "KEEP",
    "ExternalSnapshot",
    "Item",
    "ItemDraft",
    "ItemHasNoExternalRef",
    "ItemNotFound",
    "ItemPatch",
]
