"""Every error the items context raises; all of them are domain errors (defined in ``domain/items``)."""

from __future__ import annotations

from showbay.domain.items.errors import ItemHasNoExternalRef, ItemNotFound

__all__ = ["ItemHasNoExternalRef", "ItemNotFound"]
