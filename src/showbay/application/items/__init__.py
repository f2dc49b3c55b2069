"""Use cases and ports of the items context."""
