"""Adapters: the technology-specific implementations of the application ports."""
