"""Security headers: ``X-Content-Type-Options: nosniff`` on every response, ``Cache-Control: no-store`` on the
API's (every one of them answers a credentialed call, and the shared caches must not keep them)."""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send


def security_headers_middleware(api_prefix: str) -> type:
    class SecurityHeaders:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await self.app(scope, receive, send)
                return
            private = scope["path"].startswith(api_prefix)

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = MutableScopeHeaders.from_message(message)
                    headers["X-Content-Type-Options"] = "nosniff"
                    if private:
                        headers["Cache-Control"] = "no-store"
                await send(message)

            await self.app(scope, receive, send_with_headers)

    return SecurityHeaders
