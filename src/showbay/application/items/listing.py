"""Listing items: sorting, offset and keyset pagination, and the opaque cursor of the keyset style."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from showbay.application.errors import InvalidQuery
from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.items import Item

SORTABLE: dict[str, type] = {"id": int, "title": str, "created_at": datetime, "updated_at": datetime}
DEFAULT_SORT = "-created_at"

SortValue = int | str | datetime


@dataclass(frozen=True, slots=True)
class SortKey:
    field: str
    descending: bool = False

    def __str__(self) -> str:
        return f"-{self.field}" if self.descending else self.field


def parse_sort(raw: str | None) -> tuple[SortKey, ...]:
    """``-created_at,title`` → sort keys, always ending with ``id`` so that the order is total."""
    keys: list[SortKey] = []
    for part in (raw or DEFAULT_SORT).split(","):
        name = part.strip()
        key = SortKey(name[1:], descending=True) if name.startswith("-") else SortKey(name)
        if key.field not in SORTABLE:
            allowed = ", ".join(SORTABLE)
            raise ValidationFailed(FieldProblem("sort", f"cannot sort by '{key.field}'; use one of {allowed}"))
        if any(k.field == key.field for k in keys):
            raise ValidationFailed(FieldProblem("sort", f"'{key.field}' appears twice"))
        keys.append(key)
    if keys[-1].field != "id" and all(k.field != "id" for k in keys):
        keys.append(SortKey("id", descending=keys[-1].descending))
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class ItemQuery:
    """What the store should return: ``after`` (keyset) and ``offset`` are never both in use."""

    sort: tuple[SortKey, ...]
    limit: int
    q: str | None = None
    offset: int = 0
    after: tuple[SortValue, ...] | None = None


@dataclass(frozen=True, slots=True)
class ItemPage:
    items: list[Item]
    limit: int
    offset: int | None
    total: int | None
    next_cursor: str | None


def sort_values(item: Item, sort: tuple[SortKey, ...]) -> tuple[SortValue, ...]:
    values: tuple[SortValue, ...] = tuple(getattr(item, key.field) for key in sort)
    return values


def encode_cursor(sort: tuple[SortKey, ...], values: tuple[SortValue, ...]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    raw = json.dumps({"s": ",".join(map(str, sort)), "v": plain}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: tuple[SortKey, ...]) -> tuple[SortValue, ...]:
    """The position a cursor points after; ``InvalidQuery`` when it is forged, damaged or for another sort."""
    try:
        document: Any = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        expected_sort = ",".join(map(str, sort))
        if not isinstance(document, dict) or document.get("s") != expected_sort:
            raise InvalidQuery("the cursor belongs to another sort order; start again without it")
        values = document["v"]
        if not isinstance(values, list) or len(values) != len(sort):
            raise ValueError("wrong number of values")
        return tuple(_typed(key, value) for key, value in zip(sort, values, strict=True))
    except InvalidQuery:
        raise
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidQuery("the cursor is not valid; use a next_cursor exactly as received") from exc


def _typed(key: SortKey, value: object) -> SortValue:
    kind = SORTABLE[key.field]
    if kind is datetime and isinstance(value, str):
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("naive timestamp")
        return moment
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str):
        return value
    raise ValueError(f"bad value for {key.field}")
