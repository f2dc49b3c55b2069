"""Offset pages and ``sort=-field,other`` specifications of analytics lists."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from showbay.domain.errors import FieldProblem, ValidationFailed


@dataclass(frozen=True, slots=True)
class SortKey:
    field: str
    descending: bool


@dataclass(frozen=True, slots=True)
class Seek:
    """A keyset position: the page starts right after the row with this sort value and tie-breaking id."""

    value: object
    tie: str


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int
    offset: int
    sort: tuple[SortKey, ...]
    after: Seek | None = None


def parse_sort(raw: str | None, allowed: Collection[str], default: str) -> tuple[SortKey, ...]:
    """``-revenue,units`` → keys; an unknown field is a validation failure, not ignored; a repeated one is redundant
    (the first occurrence decides)."""
    keys: list[SortKey] = []
    for part in (raw if raw is not None else default).split(","):
        name = part.strip()
        descending = name.startswith("-")
        name = name.removeprefix("-").removeprefix("+")
        if name not in allowed:
            raise ValidationFailed(
                FieldProblem("sort", f"unknown sort field {name!r}; use {', '.join(sorted(allowed))}")
            )
        if all(key.field != name for key in keys):
            keys.append(SortKey(name, descending))
    return tuple(keys)
