"""Signing in and out, the session cookie, lockout, and who may open which page."""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime, timedelta, timezone

import itsdangerous
import pytest
from starlette.routing import Mount, Route

from bot.store.models import AuditEntry
from bot.web.routes import staff_portal
from bot.web.staff.accounts import reset_password, set_active
from bot.web.staff.lockout import LockoutPolicy
from bot.web.staff.sessions import COOKIE, IDLE_LIMIT_S, signing_key
from tests.web.staff.conftest import ADMIN, STAFF, add_intake, running_portal


def _portal_routes():
    """Every route of the portal with a concrete path (path parameters filled in)."""
    mount = staff_portal.staff_mount(_settings_stub())
    for route in mount.routes:
        if isinstance(route, Route):
            path = "/staff" + route.path.replace("{reference}", "L-00000000")
            for method in sorted(route.methods or {"GET"}):
                if method != "HEAD":
                    yield method, path, route.endpoint


def _settings_stub():
    from bot.settings import Settings
    from tests.conftest import example_values

    return Settings.from_mapping(example_values())


def test_every_staff_route_without_a_session_redirects_to_sign_in(portal):
    client = portal.client()
    checked = 0
    for method, path, endpoint in _portal_routes():
        if endpoint.portal_role is None:
            continue  # the sign-in page itself
        response = (client.get(path) if method == "GET" else client.post(path, csrf=False))
        assert response.status_code == 303, (method, path, response.status_code)
        assert response.headers["location"].startswith("/staff/sign-in?next="), path
        checked += 1
    assert checked >= 12


def test_every_portal_route_is_guarded_by_the_one_decorator():
    for method, path, endpoint in _portal_routes():
        assert hasattr(endpoint, "portal_role"), f"{method} {path} is not wrapped"


def test_staff_cannot_reach_admin_pages_or_the_export_but_admins_can(portal):
    add_intake(portal.sessions, "c1", "Maria Lopez", "+12105550123")
    staff, admin = portal.signed_in(STAFF), portal.signed_in(ADMIN)
    for path in ("/staff/users", "/staff/audit", "/staff/leads/export.csv"):
        refused = staff.get(path)
        assert refused.status_code == 403, path
        assert "Maria" not in refused.text
        assert admin.get(path).status_code == 200, path
    staff.get("/staff/leads")
    refused = staff.post("/staff/users/add", {"email": "new@clinic.example", "role": "admin",
                                              "password": "a long enough password"})
    assert refused.status_code == 403
    assert "new@clinic.example" not in {u.email for u in _users(portal)}
    page = staff.page("/staff/leads")
    assert "/staff/audit" not in {a.get("href") for a in page.all("a")}
    assert "Export" not in page.text


def _users(portal):
    from bot.web.staff.accounts import list_users

    return list_users(portal.sessions)


def test_signing_in_goes_to_the_page_asked_for_and_never_to_another_site(portal):
    client = portal.client()
    client.get("/staff/sign-in?next=/staff/dashboard")
    response = client.post("/staff/sign-in", {"email": STAFF[0].upper(), "password": STAFF[1],
                                              "next": "/staff/dashboard"})
    assert response.headers["location"] == "/staff/dashboard"
    for target in ("https://evil.example/staff/", "//evil.example/staff/x", "/elsewhere"):
        client = portal.client()
        client.get("/staff/sign-in")
        response = client.post("/staff/sign-in", {"email": STAFF[0], "password": STAFF[1],
                                                  "next": target})
        assert response.headers["location"] == "/staff/leads", target


def test_a_wrong_password_is_refused_without_saying_whether_the_account_exists(portal):
    client = portal.client()
    client.get("/staff/sign-in")
    wrong = client.post("/staff/sign-in", {"email": STAFF[0], "password": "not it at all!"})
    unknown = client.post("/staff/sign-in", {"email": "nobody@clinic.example",
                                             "password": "not it at all!"})
    assert wrong.status_code == unknown.status_code == 401
    assert "do not match an active account" in wrong.text
    assert "do not match an active account" in unknown.text
    assert client.get("/staff/leads").status_code == 303


def test_the_session_cookie_is_httponly_samesite_lax_for_staff_paths_and_expires_when_idle(
        portal):
    client = portal.client()
    response = client.get("/staff/sign-in")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    parts = {p.strip().split("=")[0].lower(): p.strip() for p in cookie.split(";")}
    assert "httponly" in parts
    assert parts["samesite"].lower() == "samesite=lax"
    assert parts["path"] == "path=/staff"
    assert parts["max-age"] == f"Max-Age={IDLE_LIMIT_S}"
    assert "secure" not in parts  # plain http on this machine


def test_the_cookie_is_secure_when_the_site_is_served_over_https(migrated_sqlite_url):
    with running_portal(migrated_sqlite_url, WEB_BASE_URL="https://www.clinic.example") as p:
        cookie = p.client().get("/staff/sign-in").headers["set-cookie"]
    assert "secure" in [part.strip().lower() for part in cookie.split(";")]


def test_the_cookie_is_secure_when_a_proxy_says_the_request_came_over_https(portal):
    # uvicorn trusts X-Forwarded-Proto from 127.0.0.1 (a local reverse proxy).
    response = portal.client().get("/staff/sign-in", headers={"X-Forwarded-Proto": "https"})
    assert "secure" in [part.strip().lower() for part in
                        response.headers["set-cookie"].split(";")]


def _forged_cookie(portal, payload: dict, age_s: float) -> str:
    """A session cookie signed with the portal's key as if made `age_s` seconds ago."""
    key = signing_key(portal.sessions)

    class Then(itsdangerous.TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - age_s)

    data = base64.b64encode(json.dumps(payload).encode())
    return Then(key).sign(data).decode()


def test_a_session_idle_for_a_working_day_is_signed_out(portal):
    client = portal.signed_in(STAFF)
    payload = json.loads(base64.b64decode(
        client.http.cookies[COOKIE].split(".")[0] + "=="))
    fresh = portal.client()
    fresh.http.cookies.set(COOKIE, _forged_cookie(portal, payload, IDLE_LIMIT_S - 60),
                           path="/staff")
    assert fresh.get("/staff/leads").status_code == 200
    stale = portal.client()
    stale.http.cookies.set(COOKIE, _forged_cookie(portal, payload, IDLE_LIMIT_S + 60),
                           path="/staff")
    assert stale.get("/staff/leads").status_code == 303


def test_each_request_renews_the_idle_limit(portal):
    client = portal.signed_in(STAFF)
    payload = json.loads(base64.b64decode(client.http.cookies[COOKIE].split(".")[0] + "=="))
    payload["seen"] = 0  # as if last renewed long ago
    returning = portal.client()
    returning.http.cookies.set(COOKIE, _forged_cookie(portal, payload, 3600), path="/staff")
    response = returning.get("/staff/leads")
    assert response.status_code == 200
    assert f"Max-Age={IDLE_LIMIT_S}" in response.headers["set-cookie"]


def test_disabling_an_account_or_resetting_its_password_ends_its_sessions(portal):
    client = portal.signed_in(STAFF)
    assert client.get("/staff/leads").status_code == 200
    reset_password(portal.sessions, STAFF[0], "a brand new long password")
    assert client.get("/staff/leads").status_code == 303
    client = portal.client()
    assert client.sign_in(STAFF[0], "a brand new long password").status_code == 303
    set_active(portal.sessions, STAFF[0], False)
    assert client.get("/staff/leads").status_code == 303
    assert portal.client().sign_in(STAFF[0], "a brand new long password").status_code == 401


def test_signing_out_ends_the_session_and_needs_the_csrf_token(portal):
    client = portal.signed_in(STAFF)
    client.get("/staff/leads")
    assert client.post("/staff/sign-out", csrf=False).status_code == 403
    assert client.get("/staff/leads").status_code == 200
    assert client.post("/staff/sign-out").status_code == 303
    assert client.get("/staff/leads").status_code == 303


def test_repeated_failures_lock_the_account_even_for_the_right_password(portal):
    client = portal.client()
    client.get("/staff/sign-in")
    limit = portal.app.state.staff_lockout.account_limit
    codes = [client.post("/staff/sign-in", {"email": STAFF[0], "password": f"guess {n}"}
                         ).status_code for n in range(limit)]
    assert codes[:-1] == [401] * (limit - 1)
    assert codes[-1] == 429
    locked = client.post("/staff/sign-in", {"email": STAFF[0], "password": STAFF[1]})
    assert locked.status_code == 429
    assert "locked" in locked.text
    # Another account from the same address still signs in (below the address limit).
    assert portal.client().sign_in(*ADMIN).status_code == 303
    with portal.sessions() as session:
        failed = session.query(AuditEntry).filter_by(action="sign_in_failed").count()
    assert failed == limit + 1


def test_many_failures_from_one_address_lock_that_address_for_every_account(portal):
    policy = portal.app.state.staff_lockout
    client = portal.client()
    client.get("/staff/sign-in")
    for n in range(policy.address_limit):
        client.post("/staff/sign-in", {"email": f"guess{n}@clinic.example",
                                       "password": "wrong password"})
    assert client.sign_in(*ADMIN).status_code == 429


def test_a_lock_ends_when_the_failures_age_out(portal):
    from bot.store.models import SignInFailure

    client = portal.client()
    client.get("/staff/sign-in")
    for n in range(portal.app.state.staff_lockout.account_limit):
        client.post("/staff/sign-in", {"email": STAFF[0], "password": f"guess {n}"})
    assert client.sign_in(*STAFF).status_code == 429
    with portal.sessions.begin() as session:
        for failure in session.query(SignInFailure):
            failure.failed_at = datetime.now(timezone.utc) - timedelta(minutes=16)
    assert client.sign_in(*STAFF).status_code == 303


def test_failed_sign_ins_are_slowed_down_after_a_few(portal):
    portal.app.state.staff_lockout = LockoutPolicy(slow_after=2, delay_step_s=0.4,
                                                   max_delay_s=0.8, account_limit=50)
    client = portal.client()
    client.get("/staff/sign-in")
    took = []
    for n in range(4):
        started = time.monotonic()
        client.post("/staff/sign-in", {"email": STAFF[0], "password": f"guess {n}"})
        took.append(time.monotonic() - started)
    # Lower bounds only: the password check itself takes a varying part of a second.
    assert took[2] >= 0.4
    assert took[3] >= 0.8
    assert took[3] - min(took[:2]) >= 0.5


@pytest.mark.parametrize("path,data", [
    ("/staff/leads/{ref}/status", {"status": "contacted", "note": "Called"}),
    ("/staff/leads/{ref}/notes", {"note": "Left a voicemail"}),
])
def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(portal, path, data):
    reference = add_intake(portal.sessions, "c1", "Maria Lopez", "+12105550123")
    client = portal.signed_in(STAFF)
    client.get(f"/staff/leads/{reference}")
    missing = client.post(path.format(ref=reference), data, csrf=False)
    wrong = client.post(path.format(ref=reference), {**data, "csrf_token": "forged"})
    assert missing.status_code == wrong.status_code == 403
    page = client.page(f"/staff/leads/{reference}")
    assert "Left a voicemail" not in page.text
    assert portal.lead(reference).status.value == "new"


def test_a_sign_in_form_without_its_csrf_token_is_refused(portal):
    client = portal.client()
    client.get("/staff/sign-in")
    response = client.post("/staff/sign-in", {"email": STAFF[0], "password": STAFF[1]},
                           csrf=False)
    assert response.status_code == 403
    assert client.get("/staff/leads").status_code == 303


def test_the_portal_mount_holds_every_staff_route():
    mount = staff_portal.staff_mount(_settings_stub())
    assert isinstance(mount, Mount)
    paths = {getattr(r, "path", "") for r in mount.routes}
    assert {"/sign-in", "/leads", "/leads/{reference}", "/dashboard", "/users",
            "/audit"} <= paths
