"""Idempotency-Key: the first answer to a POST, stored with its write and replayed to retries."""
