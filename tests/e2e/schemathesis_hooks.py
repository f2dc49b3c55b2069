"""Schemathesis hooks for the contract run (loaded through SCHEMATHESIS_HOOKS by tests/e2e/test_contract_fuzz.py).

One hook, ``filter_failure``: it drops a "schema-valid request rejected" (positive_data_acceptance) failure only
when the request breaks a rule OpenAPI 3.1 cannot express. Each rule is documented in the operation's
description and in docs/api.md ("Rules the schema cannot carry"); every other check, and this check for every
other request, still fails the run.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import schemathesis
from schemathesis import Case
from schemathesis.core.failures import Failure
from schemathesis.hooks import HookContext

from showbay.application.sales.config import SalesConfig
from showbay.application.sales.use_cases import GetRevenueSeries
from showbay.domain.sales import Granularity

POSITIVE_DATA_ACCEPTANCE = "ST202"
DEPLOYMENT_CURRENCY = "ILS"  # SALES_CURRENCY of the contract service (tests/e2e/contract_service.py)


def _cursor_rule(query: dict[str, Any]) -> str | None:
    # A cursor is opaque: only a next_cursor the server produced is valid, and never together with an offset.
    return "an opaque cursor the server did not issue" if query.get("cursor") is not None else None


def _revenue_rule(query: dict[str, Any]) -> str | None:
    # from <= to, to before 9999, and at most SalesConfig.max_buckets buckets (the widened range, as GetRevenueSeries
    # computes it).
    try:
        granularity = Granularity(str(query.get("granularity", "day")))
        last = date.fromisoformat(str(query["to"])) if "to" in query else datetime.now(UTC).date()
        first = date.fromisoformat(str(query["from"])) if "from" in query else None
    except ValueError:
        return None  # not a date: the schema's format refuses it, the check applies
    if last.year > 9998:
        return "a 'to' after 9998-12-31"
    first = first or last - timedelta(days=GetRevenueSeries.DEFAULT_SPAN[granularity] - 1)
    if first > last:
        return "'from' after 'to'"
    if (
        granularity.bucket_count(granularity.bucket_start(first), granularity.bucket_end(last))
        > SalesConfig().max_buckets
    ):
        return "a range of more buckets than the series allows"
    return None


def _transaction_rule(row: Any) -> str | None:
    # currency is the deployment's one currency; amount, when sent, equals quantity * unit_price.
    if not isinstance(row, dict):
        return None
    if row.get("currency") not in (None, DEPLOYMENT_CURRENCY):
        return "a currency other than the deployment's"
    if row.get("amount") is not None:
        return "an amount sent (it must equal quantity * unit_price)"
    return None


def inexpressible_rule(case: Case[Any]) -> str | None:
    """The rule the schema cannot carry that this request breaks, if any."""
    operation = case.operation.definition.raw.get("operationId")
    query = dict(case.query or {})
    if operation in {"listTasks", "listItems", "listRepos", "listCustomers"}:
        return _cursor_rule(query)
    if operation == "getRevenueSeries":
        return _revenue_rule(query)
    if operation == "createTransaction":
        return _transaction_rule(case.body)
    if operation == "createTransactionBatch" and isinstance(case.body, list):
        return next((found for row in case.body if (found := _transaction_rule(row))), None)
    return None


def _reused_idempotency_key(response: Any) -> bool:
    # An Idempotency-Key names one request: the fuzzer draws the same short keys for different bodies, and the
    # server rightly answers 422 idempotency_key_reused (state, not syntax: docs/api.md, "Idempotency-Key").
    try:
        return bool(response.status_code == 422 and response.json().get("code") == "idempotency_key_reused")
    except (ValueError, AttributeError):
        return False


def _integer_written_as_float(response: Any) -> bool:
    # JSON Schema's "integer" admits 1.0 (a number with a zero fraction); the server's strict decoding wants an
    # integer written as one (`1`), as every JSON encoder writes it (docs/api.md, "Bounds and strict input").
    try:
        errors = response.json().get("errors") or []
    except (ValueError, AttributeError):
        return False
    return bool(errors) and all(
        str(e.get("message", "")).startswith("Expected `int") and str(e.get("message", "")).endswith("got `float`")
        for e in errors
    )


@schemathesis.hook
def filter_failure(context: HookContext, failure: Failure, case: Case[Any], response: Any) -> bool:
    if failure.code != POSITIVE_DATA_ACCEPTANCE:
        return True
    return (
        inexpressible_rule(case) is None
        and not _reused_idempotency_key(response)
        and not _integer_written_as_float(response)
    )
