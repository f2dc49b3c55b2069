"""Audit log adapters."""
