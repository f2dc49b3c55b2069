"""HTTP endpoints that browse JSONPlaceholder (shared, read-only)."""
