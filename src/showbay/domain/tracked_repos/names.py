"""GitHub's rules for account and repository names, and the ``owner/name`` reference built from them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from showbay.domain.errors import FieldProblem, ValidationFailed

OWNER_MAX = 39
NAME_MAX = 100

# Accounts: letters, digits and hyphens, not starting with a hyphen. New accounts may not end with one or
# repeat one either, but older accounts do (GitHub still serves them), so those two rules are not enforced.
_OWNER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
# Repositories: letters, digits, '.', '-' and '_'; '.' and '..' are reserved.
_NAME = re.compile(r"[A-Za-z0-9._-]+")


def owner_problem(owner: str) -> FieldProblem | None:
    if "\x00" in owner:
        return FieldProblem("owner", "must not contain the NUL character")
    if not 1 <= len(owner) <= OWNER_MAX:
        return FieldProblem("owner", f"must have 1..{OWNER_MAX} characters")
    if not _OWNER.fullmatch(owner):
        return FieldProblem("owner", "may contain only letters, digits and hyphens, and not start with a hyphen")
    return None


def name_problem(name: str) -> FieldProblem | None:
    if "\x00" in name:
        return FieldProblem("name", "must not contain the NUL character")
    if not 1 <= len(name) <= NAME_MAX:
        return FieldProblem("name", f"must have 1..{NAME_MAX} characters")
    if not _NAME.fullmatch(name):
        return FieldProblem("name", "may contain only letters, digits, '.', '-' and '_'")
    if name in {".", ".."}:
        return FieldProblem("name", "'.' and '..' are reserved")
    return None


@dataclass(frozen=True, slots=True)
class RepoRef:
    """``owner/name`` of a GitHub repository, validated on construction. Compared case-insensitively."""

    owner: str
    name: str

    def __post_init__(self) -> None:
        found = [p for p in (owner_problem(self.owner), name_problem(self.name)) if p is not None]
        if found:
            raise ValidationFailed(*found)

    @classmethod
    def parse(cls, full_name: str) -> RepoRef:
        owner, _, name = full_name.partition("/")
        return cls(owner, name)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def same_as(self, other: RepoRef) -> bool:
        return self.full_name.lower() == other.full_name.lower()
