"""Every table of showbay, on one MetaData with a naming convention. Alembic's env imports only this."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

PRIORITY_RANK_SQL = "CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 0 END"
DUE_SORT_SQL = "COALESCE(due_date, 'infinity'::timestamp with time zone)"
"""Tasks without a due date sort after every dated one (ascending), as NULLS LAST would, but index-friendly."""
SEARCH_VECTOR_SQL = "to_tsvector('english'::regconfig, (title::text || ' '::text) || COALESCE(description, ''::text))"
LIVE = text("deleted_at IS NULL")
OPEN = text("deleted_at IS NULL AND status <> 'completed'")
RETRY_DUE = text("(enrichment_status = 'pending' OR enrichment_status = 'failed') AND deleted_at IS NULL")

tasks = Table(
    "tasks",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("owner_id", String(255), nullable=False),
    Column("title", String(255), nullable=False),
    Column("description", Text, nullable=True),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("priority", String(8), nullable=False, server_default="medium"),
    Column("due_date", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("completed_at", DateTime(timezone=True), nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("tags", ARRAY(Text), nullable=False, server_default=text("'{}'::text[]")),
    Column("external_id", Integer, nullable=True),
    Column("enrichment_status", String(16), nullable=True),
    Column("enrichment_fetched_at", DateTime(timezone=True), nullable=True),
    Column("enrichment_data", JSONB, nullable=True),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    # The background retry of pending/failed enrichments (docs/outbound.md): attempts so far, and when the next
    # is due (also the claim: a worker pushes it past its lease while it works on the task).
    Column("enrichment_attempts", SmallInteger, nullable=False, server_default="0"),
    Column("enrichment_next_attempt_at", DateTime(timezone=True), nullable=True),
    # Sort and search keys the list endpoint orders and filters by, kept by PostgreSQL itself.
    Column("priority_rank", SmallInteger, Computed(PRIORITY_RANK_SQL, persisted=True), nullable=False),
    Column("due_sort", DateTime(timezone=True), Computed(DUE_SORT_SQL, persisted=True), nullable=False),
    Column("search_vector", TSVECTOR, Computed(SEARCH_VECTOR_SQL, persisted=True), nullable=False),
    CheckConstraint("char_length(btrim(title)) BETWEEN 1 AND 255", name="title_length"),
    CheckConstraint("description IS NULL OR char_length(description) <= 1000", name="description_length"),
    CheckConstraint("status IN ('pending', 'in_progress', 'completed')", name="status_allowed"),
    CheckConstraint("priority IN ('low', 'medium', 'high')", name="priority_allowed"),
    CheckConstraint("(status = 'completed') = (completed_at IS NOT NULL)", name="completed_at_matches_status"),
    CheckConstraint("version >= 1", name="version_positive"),
    CheckConstraint("cardinality(tags) <= 20", name="tags_count"),
    CheckConstraint("external_id IS NULL OR external_id > 0", name="external_id_positive"),
    CheckConstraint(
        "enrichment_status IS NULL OR enrichment_status IN ('ok', 'pending', 'failed', 'not_found')",
        name="enrichment_status_allowed",
    ),
    CheckConstraint("(external_id IS NULL) = (enrichment_status IS NULL)", name="enrichment_needs_external_id"),
    CheckConstraint("enrichment_attempts >= 0", name="enrichment_attempts_not_negative"),
    # Every list query is scoped to one owner's live tasks: one partial index per sort key, id as tiebreak.
    *(
        Index(None, "owner_id", column, "id", postgresql_where=LIVE)
        for column in ("created_at", "updated_at", "due_sort", "priority_rank", "title")
    ),
    Index("ix_tasks_owner_id_due_date_open", "owner_id", "due_date", postgresql_where=OPEN),
    # The status/priority filters: the offset page's exact total is counted by an index-only scan.
    Index(None, "owner_id", "status", "priority", postgresql_where=LIVE),
    Index(None, "tags", postgresql_using="gin", postgresql_where=LIVE),
    Index(None, "search_vector", postgresql_using="gin", postgresql_where=LIVE),
    Index(None, "deleted_at", postgresql_where=text("deleted_at IS NOT NULL")),
    Index("ix_tasks_enrichment_next_attempt_at_retry", "enrichment_next_attempt_at", postgresql_where=RETRY_DUE),
)

# The task manager's everyday order, "most important first, then soonest due" (sort=-priority,due_date).
Index(
    "ix_tasks_owner_id_priority_rank_desc_due_sort_id",
    tasks.c.owner_id,
    tasks.c.priority_rank.desc(),
    tasks.c.due_sort,
    tasks.c.id,
    postgresql_where=LIVE,
)

task_counts = Table(
    "task_counts",
    metadata,
    Column("owner_id", String(255), primary_key=True),
    Column("status", String(16), primary_key=True),
    Column("priority", String(8), primary_key=True),
    Column("stripe", SmallInteger, primary_key=True),
    Column("n", BigInteger, nullable=False),
)
"""How many live (not deleted) tasks each owner has per status and priority (the sum of up to 16 stripes, one per
writing connection, so concurrent writers do not queue on one row), kept exact by PostgreSQL triggers on
``tasks`` for every write (migration 0010): the ``total`` of a list filtered by status/priority only."""

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("prefix", String(10), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("name", String(100), nullable=False),
    Column("principal_id", String(255), nullable=False),
    Column("scopes", ARRAY(String(64)), nullable=False, server_default=text("'{}'")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("prefix"),
    CheckConstraint("prefix ~ '^[a-z0-9]{10}$'", name="prefix_format"),
    CheckConstraint("digest ~ '^[0-9a-f]{64}$'", name="digest_is_sha256_hex"),
    CheckConstraint("char_length(btrim(name)) BETWEEN 1 AND 100", name="name_length"),
    CheckConstraint("char_length(principal_id) BETWEEN 1 AND 255", name="principal_id_length"),
    CheckConstraint("revoked_at IS NULL OR revoked_at >= created_at", name="revoked_after_created"),
)

items = Table(
    "items",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("owner_id", String(255), nullable=False),
    Column("title", String(255), nullable=False),
    Column("description", Text, nullable=True),
    Column("external_ref", Integer, nullable=True),
    Column("external_data", JSONB(none_as_null=True), nullable=True),
    Column("external_fetched_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("version", Integer, nullable=False, server_default="1"),
    CheckConstraint("char_length(btrim(title)) BETWEEN 1 AND 255", name="title_length"),
    CheckConstraint("description IS NULL OR char_length(description) <= 5000", name="description_length"),
    CheckConstraint("external_ref IS NULL OR external_ref >= 1", name="external_ref_positive"),
    CheckConstraint("external_data IS NULL OR jsonb_typeof(external_data) = 'object'", name="external_data_is_object"),
    CheckConstraint("(external_data IS NULL) = (external_fetched_at IS NULL)", name="external_fetched_at_matches"),
    CheckConstraint("external_data IS NULL OR external_ref IS NOT NULL", name="external_data_needs_ref"),
    CheckConstraint("version >= 1", name="version_positive"),
    # One index per sort the list offers (owner first: every query is scoped to the owner).
    Index(None, "owner_id", "created_at", "id"),
    Index(None, "owner_id", "updated_at", "id"),
    Index(None, "owner_id", "title", "id"),
)

tracked_repos = Table(
    "tracked_repos",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner", String(39), nullable=False),
    Column("name", String(100), nullable=False),
    Column("description", Text, nullable=True),
    Column("language", String(100), nullable=True),
    Column("stars", Integer, nullable=False),
    Column("forks", Integer, nullable=False),
    Column("open_issues", Integer, nullable=False),
    Column("watchers", Integer, nullable=False),
    Column("default_branch", String(255), nullable=False),
    Column("html_url", Text, nullable=False),
    Column("archived", Boolean, nullable=False),
    Column("pushed_at", DateTime(timezone=True), nullable=True),
    Column("github_etag", String(255), nullable=True),
    Column("last_checked_at", DateTime(timezone=True), nullable=False),
    Column("last_changed_at", DateTime(timezone=True), nullable=False),
    # Set while a refresher holds a claim on the row (see docs/refresh.md); cleared when it saves or releases.
    Column("refresh_claimed_until", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("version", Integer, nullable=False, server_default="1"),
    CheckConstraint("owner ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,38}$'", name="owner_format"),
    CheckConstraint("name ~ '^[A-Za-z0-9._-]{1,100}$' AND name NOT IN ('.', '..')", name="name_format"),
    CheckConstraint("stars >= 0 AND forks >= 0 AND open_issues >= 0 AND watchers >= 0", name="counts_not_negative"),
    CheckConstraint("version >= 1", name="version_positive"),
    # A repository is tracked once, whatever the case of its name; also serves the owner filter.
    Index("uq_tracked_repos_lower_owner_lower_name", func.lower(text("owner")), func.lower(text("name")), unique=True),
    Index("ix_tracked_repos_lower_language", func.lower(text("language"))),
    # No index on archived: a boolean splits the rows roughly in two, the planner scans a sort index instead.
    # The sorts (with id as the keyset tie-breaker) and the refresher's "oldest check first".
    Index(None, "stars", "id"),
    Index(None, "forks", "id"),
    Index(
        "ix_tracked_repos_pushed_at_sort_id",
        func.coalesce(text("pushed_at"), text("'1970-01-01 00:00:00+00'::timestamp with time zone")),
        "id",
    ),
    Index("ix_tracked_repos_lower_name_id", func.lower(text("name")), "id"),
    Index(None, "last_checked_at"),
)

sales_transactions = Table(
    "sales_transactions",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("customer_id", String(64), nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("product", String(200), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", Numeric(12, 2), nullable=False),
    Column("amount", Numeric(18, 2), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
    CheckConstraint("amount = quantity * unit_price", name="amount_is_quantity_times_price"),
    CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_iso4217"),
    CheckConstraint("status IN ('completed', 'pending', 'cancelled')", name="status_allowed"),
    CheckConstraint("btrim(customer_id) <> ''", name="customer_id_not_blank"),
    CheckConstraint("btrim(customer_name) <> ''", name="customer_name_not_blank"),
    CheckConstraint("btrim(product) <> ''", name="product_not_blank"),
)
"""Analytics never read this table directly: they read the summary tables below, maintained by every ingest."""

sales_buckets = Table(
    "sales_buckets",
    metadata,
    Column("granularity", String(5), primary_key=True),
    Column("bucket_start", Date, primary_key=True),
    Column("status", String(16), primary_key=True),
    Column("transactions", BigInteger, nullable=False),
    Column("amount", Numeric, nullable=False),
    Column("customers", BigInteger, nullable=False),
    CheckConstraint("granularity IN ('day', 'week', 'month')", name="granularity_allowed"),
)
"""``v_sales_buckets`` kept current: per (day / ISO week / month, status) transactions, amount, distinct customers."""

sales_bucket_customers = Table(
    "sales_bucket_customers",
    metadata,
    Column("granularity", String(5), primary_key=True),
    Column("bucket_start", Date, primary_key=True),
    Column("status", String(16), primary_key=True),
    Column("customer_id", String(64), primary_key=True),
)
"""Which customers a bucket has seen: a key that is new here is what increments ``sales_buckets.customers``."""

sales_products = Table(
    "sales_products",
    metadata,
    Column("product", String(200), primary_key=True),
    Column("revenue", Numeric, nullable=False),
    Column("units", BigInteger, nullable=False),
    Column("orders", BigInteger, nullable=False),
)
"""``v_product_performance`` kept current (completed transactions)."""

sales_customers = Table(
    "sales_customers",
    metadata,
    Column("customer_id", String(64), primary_key=True),
    Column("customer_name", String(200), nullable=False),
    Column("latest_at", DateTime(timezone=True), nullable=False),
    Column("latest_id", BigInteger, nullable=False),
    Column("orders", BigInteger, nullable=False),
    Column("lifetime_value", Numeric, nullable=False),
    Column("first_order_date", Date, nullable=False),
    Column("last_order_date", Date, nullable=False),
    # The list sorts, with customer_id as the keyset tie-breaker.
    Index(None, "lifetime_value", "customer_id"),
    Index(None, "orders", "customer_id"),
    Index(None, "last_order_date", "customer_id"),
)
"""``v_customer_analytics`` kept current; ``latest_at``/``latest_id`` say which completed order named the customer."""

sales_summary_state = Table(
    "sales_summary_state",
    metadata,
    Column("summary", String(63), primary_key=True),
    Column("row_count", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("row_count >= 0", name="row_count_not_negative"),
)
"""Per summary list its row count (``pagination.total`` without ``COUNT(*)``) and when an ingest last changed it:
the latest ``updated_at`` is the ``as_of`` of every analytics answer."""

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("principal_id", String(255), nullable=False),
    Column("key", String(255), nullable=False),
    Column("method", String(10), nullable=False),
    Column("path", Text, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("status_code", SmallInteger, nullable=False),
    Column("headers", JSONB, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("principal_id", "key"),
    CheckConstraint("key ~ '^[!-~]{1,255}$'", name="key_visible_ascii"),
    CheckConstraint("fingerprint ~ '^[0-9a-f]{64}$'", name="fingerprint_is_sha256_hex"),
    CheckConstraint("status_code BETWEEN 200 AND 299", name="status_code_success"),
    CheckConstraint("jsonb_typeof(headers) = 'object'", name="headers_is_object"),
    CheckConstraint("expires_at > created_at", name="expires_after_created"),
    Index(None, "expires_at"),
)
"""The first answer to a POST sent with an Idempotency-Key, per principal, until it expires (docs/api.md)."""
