"""The bounds every list and every resource id share (docs/api.md, "Bounds").

One definition, used by the use cases that validate a page request and by the HTTP adapter that publishes
the same bounds in the OpenAPI schema: a page size of 1..100 (default 20), an offset of at most 100,000 rows
(deeper reading uses the keyset ``cursor``; an offset scan that deep costs the database for every page), and
integer ids that fit PostgreSQL's ``bigint`` (a larger id cannot exist, and would fail inside the driver).
"""

from __future__ import annotations

LIMIT_MIN = 1
LIMIT_MAX = 100
LIMIT_DEFAULT = 20
OFFSET_MAX = 100_000
ID_MIN = 1
ID_MAX = 2**63 - 1
