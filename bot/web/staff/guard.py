"""Who may open a portal page, checked in one place: `portal_page` wraps every /staff route.

It loads the signed-in account (or redirects to sign-in), checks the role, and for every
request that changes something (any method but GET/HEAD) checks the form's CSRF token
against the session's. The view itself is a plain function run in a worker thread (the
database calls are blocking), given a `Visit`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Awaitable, Callable, Dict, List
from urllib.parse import quote
from zoneinfo import ZoneInfo

from sqlalchemy.orm import sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from bot.settings import Settings
from bot.store.db import session_factory_for
from bot.store.models import StaffRole, StaffUser, as_utc
from bot.web.staff.accounts import user_by_id
from bot.web.staff.labels import label, phone
from bot.web.staff.sessions import CSRF_FIELD, csrf_matches, csrf_token, touch
from bot.web.templating import render

SAFE_METHODS = ("GET", "HEAD")
SIGN_IN_PATH = "/staff/sign-in"
# Larger forms are refused before parsing: notes are at most a few thousand characters.
MAX_FORM_FIELDS = 200


@dataclass
class Visit:
    """One request to a portal page, as a view sees it."""

    request: Request
    user: StaffUser | None
    form: FormData | None
    settings: Settings
    sessions: sessionmaker
    session: Dict[str, Any] = field(default_factory=dict)

    @property
    def is_admin(self) -> bool:
        return self.user is not None and self.user.role == StaffRole.ADMIN

    def field(self, name: str) -> str:
        value = self.form.get(name) if self.form is not None else None
        return value.strip() if isinstance(value, str) else ""

    @property
    def client_address(self) -> str:
        client = self.request.client
        return client.host if client else "unknown"


View = Callable[[Visit], Response]
# Extra template values every portal page gets (e.g. a count for the navigation); later
# parts of the portal add theirs here.
CONTEXT_PROVIDERS: List[Callable[[Visit], Dict[str, Any]]] = []


def portal_page(
    role: StaffRole | None = StaffRole.STAFF, renew: bool = True
) -> Callable[[View], Any]:
    """Wrap a view: `role` STAFF for any signed-in account, ADMIN for admins only, None for
    the pages one sees before signing in (sign-in itself). `renew=False` for what a page's
    script asks by itself (live updates): a page left open must not keep its session alive
    past the idle limit."""

    def wrap(view: View) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(view)
        async def endpoint(request: Request) -> Response:
            settings: Settings = request.app.state.settings
            sessions = session_factory_for(settings.database_url)
            session = request.session
            user = None
            if role is not None:
                user = await run_in_threadpool(_signed_in, session, sessions)
                if user is None:
                    return RedirectResponse(_sign_in_url(request), status_code=303)
                if role == StaffRole.ADMIN and user.role != StaffRole.ADMIN:
                    return _refused(request, "This page is for administrators.")
                if renew:
                    touch(session)
            form = None
            if request.method not in SAFE_METHODS:
                form = await request.form(max_fields=MAX_FORM_FIELDS)
                if not csrf_matches(session, form.get(CSRF_FIELD)):
                    return _refused(
                        request,
                        "This form has expired or did not come from the "
                        "portal. Go back, reload the page and try again.",
                    )
            visit = Visit(request, user, form, settings, sessions, session)
            return await run_in_threadpool(view, visit)

        endpoint.portal_role = role  # type: ignore[attr-defined]
        return endpoint

    return wrap


def sign_in_session(session: Dict[str, Any], user: StaffUser) -> None:
    """Start a signed-in session: a fresh session (and CSRF token) for the account."""
    session.clear()
    session.update(uid=user.id, ver=user.session_version)
    csrf_token(session)
    touch(session)


def _signed_in(session: Dict[str, Any], sessions: sessionmaker) -> StaffUser | None:
    user_id = session.get("uid")
    if not isinstance(user_id, int):
        return None
    user = user_by_id(sessions, user_id)
    # A disabled account, or a password reset since this session began, ends the session.
    if user is None or not user.active or user.session_version != session.get("ver"):
        session.clear()
        return None
    return user


def _sign_in_url(request: Request) -> str:
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method not in SAFE_METHODS:
        wanted = request.url.path  # a form cannot be sent again by a redirect
    return f"{SIGN_IN_PATH}?next={quote(wanted, safe='')}"


def _refused(request: Request, message: str) -> Response:
    return render_page(request, None, "staff/refused.html", status_code=403, message=message)


def render_page(
    request: Request, visit: Visit | None, template: str, status_code: int = 200, **context: Any
) -> Response:
    """A portal page: the shared layout's values, the account, the CSRF token, no widget."""
    extra: Dict[str, Any] = {}
    if visit is not None:
        for provider in CONTEXT_PROVIDERS:
            extra.update(provider(visit))
    zone = request.app.state.settings.clinic.timezone
    response = render(
        request,
        template,
        widget=None,
        staff=visit.user if visit else None,
        at=lambda moment: local_time(moment, zone),
        label=label,
        phone=phone,
        is_admin=bool(visit and visit.is_admin),
        csrf_field=CSRF_FIELD,
        csrf_token=csrf_token(request.session),
        **extra,
        **context,
    )
    response.status_code = status_code
    # Pages hold patients' details: never kept by a shared browser's cache.
    response.headers["Cache-Control"] = "no-store"
    return response


def local_time(moment: datetime | None, zone: ZoneInfo) -> str:
    """'Nov 27, 2026, 3:05 PM' in the clinic's time zone; '' for none."""
    if moment is None:
        return ""
    local = as_utc(moment).astimezone(zone)
    return f"{local:%b} {local.day}, {local.year}, {local:%I:%M %p}".replace(" 0", " ")


def render_visit(visit: Visit, template: str, status_code: int = 200, **context: Any) -> Response:
    return render_page(visit.request, visit, template, status_code, **context)


def redirect(path: str) -> Response:
    """After a form: back to a page (303, so a reload does not send the form again)."""
    return RedirectResponse(path, status_code=303)


def render_fragment(visit: Visit, template: str, **context: Any) -> str:
    """Part of a page (autoescaped like the pages), for a page's script to add to it."""
    templates = visit.request.app.state.templates
    return str(templates.get_template(template).render(**context))


def json_answer(content: Dict[str, Any], status_code: int = 200) -> Response:
    """An answer to a page's script; never cached (it holds patients' words)."""
    return JSONResponse(content, status_code, headers={"Cache-Control": "no-store"})
