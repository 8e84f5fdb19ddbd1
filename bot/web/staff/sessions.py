"""The portal's signed session cookie and the CSRF token it carries.

Starlette's SessionMiddleware signs the cookie (itsdangerous) with a key kept in the database
(made on first use). The cookie is HttpOnly and SameSite=Lax, Secure when the request came
over https or the site's address (WEB_BASE_URL) is https, limited to /staff, and expires after
a working day without a request: each request renews it (at most once a minute), and the
signature's age is checked on the server too.

The CSRF token is a random value in the session (a synchronizer token): a form carries it,
and `bot.web.staff.guard` compares the two on every state-changing request.
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Any, MutableMapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.store.models import PortalSecret

COOKIE = "clinic_staff"
COOKIE_PATH = "/staff"
IDLE_LIMIT_S = 10 * 60 * 60  # a working day without a request ends the session
CSRF_FIELD = "csrf_token"
SECRET_NAME = "session_signing"


def signing_key(session_factory: sessionmaker) -> str:
    """The cookie-signing key, made and stored the first time it is needed."""
    for _ in range(2):
        with session_factory() as session:
            found = session.scalar(select(PortalSecret.value)
                                   .where(PortalSecret.name == SECRET_NAME))
        if found:
            return str(found)
        try:
            with session_factory.begin() as session:
                session.add(PortalSecret(name=SECRET_NAME, value=secrets.token_urlsafe(64)))
        except IntegrityError:
            continue  # another server made it first: read theirs
    raise RuntimeError("could not read or store the portal's signing key")


class StaffSessions:
    """ASGI middleware: the signed session, Secure over https; the key is read from the
    database on the first request (building the app touches no database)."""

    def __init__(self, app: ASGIApp, session_factory: Any, https_site: bool) -> None:
        self.app = app
        self.session_factory = session_factory  # a callable giving the sessionmaker
        self.https_site = https_site
        self._plain: SessionMiddleware | None = None
        self._secure: SessionMiddleware | None = None

    def _middlewares(self) -> tuple[SessionMiddleware, SessionMiddleware]:
        if self._plain is None or self._secure is None:
            key = signing_key(self.session_factory())
            common: dict[str, Any] = dict(secret_key=key, session_cookie=COOKIE,
                                          max_age=IDLE_LIMIT_S, path=COOKIE_PATH,
                                          same_site="lax")
            self._secure = SessionMiddleware(self.app, https_only=True, **common)
            self._plain = SessionMiddleware(self.app, https_only=self.https_site, **common)
        return self._plain, self._secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        plain, secure = self._middlewares()
        chosen = secure if scope.get("scheme") == "https" else plain
        await chosen(scope, receive, send)


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The session's CSRF token, made when first needed."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


def csrf_matches(session: MutableMapping[str, Any], submitted: object) -> bool:
    expected = session.get("csrf")
    return (isinstance(expected, str) and isinstance(submitted, str) and bool(submitted)
            and hmac.compare_digest(expected.encode(), submitted.encode()))


def touch(session: MutableMapping[str, Any], now: float | None = None) -> None:
    """Renew the cookie's idle limit, at most once a minute (each renewal is a Set-Cookie)."""
    minute = int((now or time.time()) // 60)
    if session.get("seen") != minute:
        session["seen"] = minute
