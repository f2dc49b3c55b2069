"""The "not blank" pattern of the schema means exactly what the server's trimming means."""

from __future__ import annotations

import re
import sys

from showbay.adapters.http.text import NOT_BLANK


def test_not_blank_refuses_exactly_what_str_strip_removes() -> None:
    pattern = re.compile(NOT_BLANK)
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue  # surrogates never reach the server in valid UTF-8
        char = chr(code)
        assert (pattern.search(char) is None) is char.isspace(), hex(code)
