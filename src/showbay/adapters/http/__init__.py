"""Litestar HTTP adapter: controllers, msgspec schemas, problem documents. Talks only to use cases."""
