"""Schema patterns for text fields shared by the request bodies (the server enforces them too: msgspec checks
``Meta(pattern=...)`` while decoding)."""

from __future__ import annotations

NOT_BLANK = r"\S"
"""At least one character that is not white space: the server trims text, then refuses it when blank."""

DECIMAL_2 = r"^[0-9]{1,%d}(\.[0-9]{1,2})?$"
"""A non-negative decimal string with at most two decimals; ``%d`` is the most integer digits."""
