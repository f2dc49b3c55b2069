from __future__ import annotations

from showbay.domain.errors import Conflict, NotFound


class ItemNotFound(NotFound):
    code = "item_not_found"

    def __init__(self, item_id: int) -> None:
        super().__init__("item", item_id)


class ItemHasNoExternalRef(Conflict):
    """External data was requested for an item that names no external post."""

    code = "item_has_no_external_ref"

    def __init__(self, item_id: int) -> None:
        super().__init__(f"item {item_id} has no external_ref; set one before fetching external data")
