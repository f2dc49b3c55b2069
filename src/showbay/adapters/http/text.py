"""Schema patterns for text fields shared by the request bodies (the server enforces them too: msgspec checks
``Meta(pattern=...)`` while decoding)."""

from __future__ import annotations

NOT_BLANK = r"[^\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
"""At least one character that is not white space: the server trims text (``str.strip``), then refuses it when blank.
The class spells out exactly what ``str.isspace`` calls white space, because ``\\S`` means something else in
ECMA-262 regular expressions (the dialect of JSON Schema): it lets U+001C..U+001F and U+0085 through."""

DECIMAL_2 = r"^[0-9]{1,%d}(\.[0-9]{1,2})?$"
"""A non-negative decimal string with at most two decimals; ``%d`` is the most integer digits."""

NUL_FREE = r"^[^\x00]*$"
"""Any text without the NUL character, which PostgreSQL ``text`` cannot hold (the server answers 422)."""

NOT_BLANK_NUL_FREE = r"^[^\x00]*" + NOT_BLANK[:-1] + r"\x00][^\x00]*$"
"""``NOT_BLANK`` and ``NUL_FREE`` in one pattern (a schema keyword holds one): no NUL, and one character that is
neither NUL nor white space."""
