"""Use cases and ports of the tasks context."""
