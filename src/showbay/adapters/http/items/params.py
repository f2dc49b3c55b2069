"""The items list's keyset cursor: the shared codec with the types of the item sort fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from showbay.adapters.http.cursor import AwareDatetime, CursorCodec
from showbay.application.items.queries import SORTABLE

_CURSOR_TYPES: dict[type, Any] = {int: int, str: str, datetime: AwareDatetime}

CURSORS: CursorCodec[str, int] = CursorCodec({field: _CURSOR_TYPES[kind] for field, kind in SORTABLE.items()}, int)
