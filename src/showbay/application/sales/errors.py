"""Every error the sales context raises (the domain's are the shared ``ValidationFailed`` ones)."""

from __future__ import annotations

from showbay.domain.errors import NotFound


class TransactionNotFound(NotFound):
    code = "transaction_not_found"

    def __init__(self, transaction_id: int) -> None:
        super().__init__("transaction", transaction_id)


__all__ = ["TransactionNotFound"]
