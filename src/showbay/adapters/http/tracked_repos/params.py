"""Query parameters of the repos list: ``sort`` parsing and the opaque keyset ``cursor``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from showbay.adapters.http.cursor import AwareDatetime, Int32, decode_cursor, encode_cursor, sort_spec
from showbay.application.tracked_repos.queries import After, RepoSortField, SortKey
from showbay.domain.errors import FieldProblem, ValidationFailed

SORT_DESCRIPTION = (
    "Comma-separated fields among stars, forks, pushed_at, name; a leading '-' sorts descending (e.g. -stars,name)"
)


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
        if all(k.field is not field for k in keys):  # a repeated field is redundant: the first one decides
            keys.append(SortKey(field, descending))
    return tuple(keys)


_CURSOR_TYPES: dict[RepoSortField, Any] = {
    RepoSortField.STARS: Int32,
    RepoSortField.FORKS: Int32,
    RepoSortField.PUSHED_AT: AwareDatetime,
    RepoSortField.NAME: str,
}


def encode_after(sort: tuple[SortKey, ...], after: After) -> str:
    return encode_cursor(sort_spec(sort), [*after.values, after.id])


def decode_after(raw: str, sort: tuple[SortKey, ...]) -> After:
    """The position a cursor names; ``InvalidCursor`` when it is damaged or was made for another sort order."""
    *values, repo_id = decode_cursor(raw, sort_spec(sort), [*(_CURSOR_TYPES[key.field] for key in sort), UUID])
    return After(tuple(values), repo_id)
