"""Security headers on every response of the web app, with a fresh CSP nonce per request.

The page's only inline script is the widget's config object; it carries the nonce, so the
policy needs no 'unsafe-inline'. The chat widget talks to the Rasa server, which may be
another origin (http://localhost:5005 locally): connect-src names it, over HTTP and websocket.
"""

from __future__ import annotations

import secrets
from typing import Dict, Sequence
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NONCE_KEY = "csp_nonce"


def rasa_sources(public_url: str) -> Sequence[str]:
    """The Rasa server's origin for HTTP (socket.io's polling) and its websocket twin."""
    parts = urlsplit(public_url)
    websocket = "wss" if parts.scheme == "https" else "ws"
    return (f"{parts.scheme}://{parts.netloc}", f"{websocket}://{parts.netloc}")


def content_security_policy(nonce: str, connect_sources: Sequence[str]) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        # The widget styles itself with a constructed stylesheet, which needs no exception.
        "style-src": "'self'",
        "img-src": "'self'",
        "font-src": "'self'",
        "connect-src": " ".join(("'self'", *connect_sources)),
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeaders:
    """ASGI middleware: CSP (nonce in `request.state.csp_nonce`), nosniff, referrer policy,
    no framing, no camera/microphone/location."""

    def __init__(self, app: ASGIApp, connect_sources: Sequence[str]) -> None:
        self.app = app
        self.connect_sources = tuple(connect_sources)

    def headers(self, nonce: str) -> Dict[str, str]:
        return {
            "Content-Security-Policy": content_security_policy(nonce, self.connect_sources),
            "X-Content-Type-Options": "nosniff",
            # Other sites learn nothing of which page a visitor read (e.g. the privacy page).
            "Referrer-Policy": "same-origin",
            "X-Frame-Options": "DENY",  # for browsers older than frame-ancestors
            "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
            "Cross-Origin-Opener-Policy": "same-origin",
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope.setdefault("state", {})[NONCE_KEY] = nonce

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                for name, value in self.headers(nonce).items():
                    response_headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
