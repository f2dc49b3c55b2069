"""Use cases and ports of the sales analytics context."""
