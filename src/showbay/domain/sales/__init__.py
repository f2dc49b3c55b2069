"""The sales bounded context: transactions and the rules their fields follow."""

from showbay.domain.sales.periods import Granularity
from showbay.domain.sales.transactions import (
    TransactionDraft,
    TransactionStatus,
    parse_transaction,
)

__all__ = ["Granularity", "TransactionDraft", "TransactionStatus", "parse_transaction"]
