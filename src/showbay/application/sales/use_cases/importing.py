"""Import a large file of transactions: valid rows are loaded, bad lines are rejected and reported."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field

from showbay.application.errors import Raises
from showbay.application.sales.config import SalesConfig
from showbay.application.sales.ports import TransactionBulkLoader
from showbay.application.sales.use_cases.ingestion import TransactionInput
from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.sales import TransactionDraft


@dataclass(frozen=True, slots=True)
class RejectedLine:
    line: int
    problems: tuple[FieldProblem, ...]


@dataclass(slots=True)
class ImportReport:
    loaded: int = 0
    rejected: list[RejectedLine] = field(default_factory=list)


ParsedLine = tuple[int, TransactionInput | tuple[FieldProblem, ...]]
"""A line number and either the parsed input or the problems that kept it from being parsed."""


class ImportTransactions:
    """Validate every line and stream the valid ones into storage (summaries included) in one transaction."""

    raises: Raises = ()

    def __init__(self, loader: TransactionBulkLoader, config: SalesConfig) -> None:
        self._loader, self._config = loader, config

    async def __call__(
        self, lines: Iterable[ParsedLine], progress: Callable[[int], None] | None = None
    ) -> ImportReport:
        report = ImportReport()

        async def drafts() -> AsyncIterator[TransactionDraft]:
            for seen, (line, parsed) in enumerate(lines, start=1):
                if progress is not None and seen % 10_000 == 0:
                    progress(10_000)
                if isinstance(parsed, tuple):
                    report.rejected.append(RejectedLine(line, parsed))
                    continue
                try:
                    yield parsed.to_draft(self._config.currency)
                except ValidationFailed as exc:
                    report.rejected.append(RejectedLine(line, exc.problems))

        report.loaded = await self._loader.load(drafts())
        return report
