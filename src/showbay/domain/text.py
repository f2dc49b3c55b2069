"""Rules for user-supplied text shared by every bounded context."""

from __future__ import annotations

from showbay.domain.errors import FieldProblem


def text_problem(field: str, value: str, *, min_length: int, max_length: int, strip: bool) -> FieldProblem | None:
    """Return the problem with ``value`` or ``None`` when it is acceptable."""
    if "\x00" in value:
        return FieldProblem(field, "must not contain the NUL character")
    checked = value.strip() if strip else value
    if len(checked) < min_length:
        return FieldProblem(
            field, "must not be blank" if min_length == 1 else f"must have at least {min_length} characters"
        )
    if len(checked) > max_length:
        return FieldProblem(field, f"must have at most {max_length} characters")
    return None


def title_and_description_problems(
    title: str, description: str | None, *, title_max: int, description_max: int
) -> list[FieldProblem | None]:
    """The rules of an editable resource's ``title`` (required, not blank, bounded once stripped) and optional
    ``description`` (bounded as it is)."""
    return [
        text_problem("title", title, min_length=1, max_length=title_max, strip=True),
        None
        if description is None
        else text_problem("description", description, min_length=0, max_length=description_max, strip=False),
    ]
