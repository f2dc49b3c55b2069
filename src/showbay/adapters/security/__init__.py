"""Credential verification: JWT bearer tokens (PyJWT)."""
