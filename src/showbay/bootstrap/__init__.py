"""Composition root: settings, dishka providers, the Litestar app factory, the CLI."""
