"""Strict decoding of JSON request bodies: no integer for a timestamp, no string for a number.

Litestar converts every handler argument with msgspec's lax mode (``strict=False``), which query strings need
(``"20"`` → 20) but which also lets a JSON body send ``"due_date": 0`` (read as 1970-01-01) or
``"external_id": "3"``. ``StrictBodyRequest.json`` decodes the body straight into the handler's ``data`` type in
strict mode; Litestar's lax conversion then passes the decoded value through unchanged (it already has the
type). A value of the wrong JSON type is a 422 with the field's path; malformed JSON stays Litestar's 400.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException
from litestar.utils.empty import value_or_default

_AT = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_NAMED_FIELD = re.compile(r"(?:missing required|unknown) field `([^`]+)`")


def body_field(message: str) -> tuple[str, str]:
    """``(field path, message)`` of a msgspec error: ``"Expected `int`, got `str` - at `$[2].quantity`"``
    becomes ``("[2].quantity", "Expected `int`, got `str`")``; an error about the whole body names ``data``."""
    found = _AT.match(message)
    text, path = (found["message"], found["path"] or "") if found else (message, "")
    path = path.removeprefix(".")
    named = _NAMED_FIELD.search(text)
    if named and path:  # a missing or unknown field inside a list item or a nested object
        path = f"{path}.{named.group(1)}"
    return (path or "data"), text


class StrictBodyRequest(Request[Any, Any, Any]):
    """A request whose ``json()`` is the body decoded strictly into the handler's declared ``data`` type."""

    async def json(self) -> Any:
        data_field = self.route_handler.parsed_data_field
        if data_field is None or value_or_default(self._connection_state.json, None) is not None:
            return await super().json()
        body = await self.body()
        if not body:
            return await super().json()
        try:
            decoded = msgspec.json.decode(body, type=data_field.annotation, strict=True)
        except msgspec.ValidationError as exc:
            field, message = body_field(str(exc))
            raise ValidationException(
                f"Validation failed for {self.method} {self.url.path}",
                extra=[{"message": message, "key": field, "source": "body"}],
            ) from None
        except msgspec.DecodeError:
            return await super().json()  # malformed JSON: Litestar's own 400
        self._json = self._connection_state.json = decoded
        return decoded
