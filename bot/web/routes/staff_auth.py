"""Signing in to and out of the staff portal (`/staff/sign-in`, `/staff/sign-out`)."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.store import audit
from bot.web.staff.accounts import sign_in
from bot.web.staff.guard import (
    Visit,
    portal_page,
    redirect,
    render_visit,
    sign_in_session,
)
from bot.web.staff.lockout import LockoutPolicy

HOME = "/staff/leads"
DEFAULT_LOCKOUT = LockoutPolicy()


def lockout_policy(request: Request) -> LockoutPolicy:
    """The app's policy (tests set a faster one on `app.state.staff_lockout`)."""
    return getattr(request.app.state, "staff_lockout", DEFAULT_LOCKOUT)


def safe_next(target: str) -> str:
    """Where to go after signing in: only a portal path on this site (no open redirect)."""
    parts = urlsplit(target)
    if (parts.scheme or parts.netloc or not parts.path.startswith("/staff/")
            or target.startswith("//") or "\\" in target):
        return HOME
    return target


@portal_page(role=None)
def sign_in_page(visit: Visit) -> Response:
    request = visit.request
    next_path = safe_next(request.query_params.get("next", "") if request.method == "GET"
                          else visit.field("next"))
    if request.method == "GET":
        return render_visit(visit, "staff/sign_in.html", next_path=next_path, email="",
                            problem=None)
    email = visit.field("email")
    password = visit.form.get("password") if visit.form is not None else None
    policy = lockout_policy(request)
    result = sign_in(visit.sessions, email, password if isinstance(password, str) else "",
                     visit.client_address, policy)
    if result.delay_s:
        time.sleep(result.delay_s)  # a worker thread: slows this client, not the others
    if result.user is None:
        if result.locked:
            problem = (f"Too many failed sign-ins. Signing in is locked for up to "
                       f"{policy.minutes} minutes; an administrator can reset the password.")
        else:
            problem = "That email and password do not match an active account."
        audit.record(visit.sessions, None, "sign_in_failed", email=email.lower(),
                     detail="locked" if result.locked else "")
        return render_visit(visit, "staff/sign_in.html", status_code=429 if result.locked
                            else 401, next_path=next_path, email=email, problem=problem)
    sign_in_session(visit.session, result.user)
    audit.record(visit.sessions, result.user, audit.SIGNED_IN)
    return redirect(next_path)


@portal_page()
def sign_out(visit: Visit) -> Response:
    audit.record(visit.sessions, visit.user, audit.SIGNED_OUT)
    visit.session.clear()
    return redirect("/staff/sign-in")


@portal_page()
def home(_visit: Visit) -> Response:
    return redirect(HOME)


routes = [
    Route("/", home, name="staff_home"),
    Route("/sign-in", sign_in_page, methods=["GET", "POST"], name="staff_sign_in"),
    Route("/sign-out", sign_out, methods=["POST"], name="staff_sign_out"),
]
