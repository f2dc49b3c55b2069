"""Parse a transactions CSV into ``TransactionInput``s, reporting unparseable fields per line."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TextIO

from showbay.application.sales.use_cases import ParsedLine, TransactionInput
from showbay.domain.errors import FieldProblem

REQUIRED = ("occurred_at", "customer_id", "customer_name", "product", "quantity", "unit_price", "status")
OPTIONAL = ("amount", "currency")


class CsvFormatError(ValueError):
    """The file as a whole cannot be imported (no header, missing columns)."""


def _parse(row: dict[str, str | None]) -> TransactionInput | tuple[FieldProblem, ...]:
    problems: list[FieldProblem] = []
    values: dict[str, object] = {}
    for name in (*REQUIRED, *OPTIONAL):
        raw = row.get(name)
        if raw is None or raw == "":
            if name in REQUIRED:
                problems.append(FieldProblem(name, "is required"))
            continue
        try:
            if name == "occurred_at":
                values[name] = datetime.fromisoformat(raw)
            elif name == "quantity":
                values[name] = int(raw)
            elif name in ("unit_price", "amount"):
                values[name] = Decimal(raw)
            else:
                values[name] = raw
        except (ValueError, InvalidOperation):
            problems.append(FieldProblem(name, f"cannot be parsed: {raw[:40]!r}"))
    if None in row:
        problems.append(FieldProblem("line", "has more fields than the header"))
    if problems:
        return tuple(problems)
    return TransactionInput(**values)  # type: ignore[arg-type]


def read_transactions_csv(handle: TextIO) -> Iterator[ParsedLine]:
    """Yield ``(line number, input or problems)`` for every data line; the header is line 1."""
    reader = csv.DictReader(handle, strict=False)
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or ())]
    if missing:
        raise CsvFormatError(f"the header lacks the column(s): {', '.join(missing)}")
    for row in reader:
        yield reader.line_num, _parse(row)
