"""Task tags: trimmed, lower-cased, de-duplicated labels."""

from __future__ import annotations

from collections.abc import Iterable

from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.text import text_problem

TAG_MAX_LENGTH = 50
TAGS_MAX = 20


def normalize_tag(raw: str, field: str = "tags") -> str:
    """One tag as stored: trimmed and lower-cased; raise ``ValidationFailed`` when it breaks the rules."""
    problem = text_problem(field, raw, min_length=1, max_length=TAG_MAX_LENGTH, strip=True)
    if problem is not None:
        raise ValidationFailed(FieldProblem(field, f"each tag {problem.message}"))
    return raw.strip().lower()


def normalize_tags(raw: Iterable[str], field: str = "tags") -> tuple[str, ...]:
    """Tags in first-seen order without duplicates; at most ``TAGS_MAX`` distinct ones."""
    tags = tuple(dict.fromkeys(normalize_tag(tag, field) for tag in raw))
    if len(tags) > TAGS_MAX:
        raise ValidationFailed(FieldProblem(field, f"must have at most {TAGS_MAX} distinct tags"))
    return tags
