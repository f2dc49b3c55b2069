"""Query parameters of the repos list: ``sort`` parsing and the opaque keyset ``cursor``."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from showbay.application.errors import InvalidQuery
from showbay.application.tracked_repos.queries import After, RepoSortField, SortKey, SortValue
from showbay.domain.errors import FieldProblem, ValidationFailed

SORT_DESCRIPTION = (
    "Comma-separated fields among stars, forks, pushed_at, name; a leading '-' sorts descending (e.g. -stars,name)"
)


def reject_nul(**filters: str | None) -> None:
    """PostgreSQL text cannot hold NUL: a filter carrying one is a 422, not a database error."""
    found = [
        FieldProblem(name, "must not contain the NUL character") for name, v in filters.items() if v and "\x00" in v
    ]
    if found:
        raise ValidationFailed(*found)


def parse_sort(raw: str) -> tuple[SortKey, ...]:
    keys: list[SortKey] = []
    for part in (p.strip() for p in raw.split(",")):
        descending = part.startswith("-")
        name = part.removeprefix("-")
        try:
            field = RepoSortField(name)
        except ValueError:
            allowed = ", ".join(f.value for f in RepoSortField)
            raise ValidationFailed(FieldProblem("sort", f"unknown sort field '{name}' (allowed: {allowed})")) from None
        if any(k.field is field for k in keys):
            raise ValidationFailed(FieldProblem("sort", f"'{name}' appears twice"))
        keys.append(SortKey(field, descending))
    return tuple(keys)


class _Cursor(msgspec.Struct, array_like=True):
    sort: str
    values: list[int | str]
    id: UUID


def _plain(value: SortValue) -> int | str:
    return value.isoformat() if isinstance(value, datetime) else value


def encode_cursor(sort: tuple[SortKey, ...], after: After) -> str:
    body = msgspec.json.encode(_Cursor(",".join(map(str, sort)), [_plain(v) for v in after.values], after.id))
    return base64.urlsafe_b64encode(body).decode().rstrip("=")


_AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]


def _typed(field: RepoSortField, value: int | str) -> SortValue:
    try:
        if field is RepoSortField.PUSHED_AT:
            moment: datetime = msgspec.convert(value, _AwareDatetime)
            return moment
        if field is RepoSortField.NAME:
            return msgspec.convert(value, str, strict=True)
        return msgspec.convert(value, int, strict=True)
    except msgspec.ValidationError:
        raise InvalidQuery("the cursor is malformed") from None


def decode_cursor(raw: str, sort: tuple[SortKey, ...]) -> After:
    try:
        body = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        cursor = msgspec.json.decode(body, type=_Cursor)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise InvalidQuery("the cursor is malformed") from None
    if cursor.sort != ",".join(map(str, sort)) or len(cursor.values) != len(sort):
        raise InvalidQuery("the cursor belongs to another sort order: send the same sort as the first page")
    return After(tuple(_typed(key.field, value) for key, value in zip(sort, cursor.values, strict=True)), cursor.id)
