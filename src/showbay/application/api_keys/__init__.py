"""Use cases and ports of API keys."""
