"""The sales use cases, one module per group (analytics read side, ingestion over the API, file import)."""

from __future__ import annotations

from showbay.application.sales.use_cases.analytics import GetDashboard, GetRevenueSeries, ListCustomers, ListProducts
from showbay.application.sales.use_cases.importing import ImportReport, ImportTransactions, ParsedLine, RejectedLine
from showbay.application.sales.use_cases.ingestion import (
    MAX_BATCH,
    GetTransaction,
    RecordTransaction,
    RecordTransactions,
    TransactionInput,
)

__all__ = [
    "MAX_BATCH",
    "GetDashboard",
    "GetRevenueSeries",
    "GetTransaction",
    "ImportReport",
    "ImportTransactions",
    "ListCustomers",
    "ListProducts",
    "ParsedLine",
    "RecordTransaction",
    "RecordTransactions",
    "RejectedLine",
    "TransactionInput",
]
