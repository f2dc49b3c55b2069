"""Use cases and ports of the tracked repositories context."""
