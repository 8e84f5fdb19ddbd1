"""Staff emails and webhooks link to the lead's page; accounts from the command line and the
accounts page; the migration fills the list's columns for leads stored before it."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import unquote

import pytest
from sqlalchemy import text

from bot.booking.notices import staff_drafts
from bot.settings import PROJECT_ROOT
from bot.store import migrate
from bot.store.db import make_engine, session_factory_for
from bot.web.staff.accounts import list_users
from tests.conftest import example_values
from tests.web.staff.conftest import ADMIN, STAFF, add_intake


def test_staff_emails_and_webhooks_link_to_the_leads_page(make_settings):
    settings = make_settings(WEB_BASE_URL="https://www.clinic.example/",
                             STAFF_EMAIL="desk@clinic.example",
                             STAFF_WEBHOOK_URL="https://hooks.clinic.example/lead",
                             STAFF_WEBHOOK_SECRET="s3cret")
    email, webhook = staff_drafts(settings, "callback", {"name": "Maria",
                                                         "lead_reference": "L-ABCD1234"})
    link = "https://www.clinic.example/staff/leads/L-ABCD1234"
    assert email.payload["body"].endswith(link)
    assert webhook.payload["lead_url"] == link


def test_the_link_in_an_email_opens_the_lead_after_signing_in(portal):
    reference = add_intake(portal.sessions, "c1", "Maria Lopez", "+12105550123")
    client = portal.client()
    first = client.get(f"/staff/leads/{reference}")
    assert first.status_code == 303
    next_path = unquote(first.headers["location"].split("next=")[1])
    client.get(first.headers["location"])
    signed_in = client.post("/staff/sign-in", {"email": STAFF[0], "password": STAFF[1],
                                               "next": next_path})
    assert signed_in.headers["location"] == f"/staff/leads/{reference}"
    assert "Maria Lopez" in client.page(f"/staff/leads/{reference}").text


def _cli(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**example_values(DATABASE_URL=database_url), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "bot", "users", *args], input=stdin,
                          capture_output=True, text=True, cwd=PROJECT_ROOT, env=env,
                          timeout=120)


def test_users_are_created_listed_disabled_and_reset_from_the_command_line(
        migrated_sqlite_url):
    created = _cli(migrated_sqlite_url, "create", "--email", "Boss@Clinic.example", "--role",
                   "admin", stdin="a long admin password\n")
    assert created.returncode == 0, created.stderr
    assert "Created admin account boss@clinic.example" in created.stdout
    assert "/staff" in created.stdout
    short = _cli(migrated_sqlite_url, "create", "--email", "x@clinic.example",
                 stdin="short\n")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    again = _cli(migrated_sqlite_url, "create", "--email", "boss@clinic.example",
                 stdin="another long password\n")
    assert again.returncode == 1 and "already has an account" in again.stderr
    assert _cli(migrated_sqlite_url, "disable", "--email", "boss@clinic.example").returncode == 0
    listed = _cli(migrated_sqlite_url, "list")
    assert "boss@clinic.example  admin  disabled  last sign-in never" in listed.stdout
    reset = _cli(migrated_sqlite_url, "reset-password", "--email", "boss@clinic.example",
                 stdin="a newer long password\n")
    assert reset.returncode == 0, reset.stderr
    users = list_users(session_factory_for(migrated_sqlite_url))
    assert [(u.email, u.session_version) for u in users] == [("boss@clinic.example", 3)]


def test_a_password_is_never_taken_as_an_argument(migrated_sqlite_url):
    refused = _cli(migrated_sqlite_url, "create", "--email", "a@clinic.example", "--password",
                   "a long admin password")
    assert refused.returncode == 2
    assert "unrecognized arguments" in refused.stderr


def test_admins_add_disable_and_reset_accounts_on_the_accounts_page(portal):
    admin = portal.signed_in(ADMIN)
    admin.get("/staff/users")
    added = admin.post("/staff/users/add", {"email": "new@clinic.example", "role": "staff",
                                            "password": "a fine long password"})
    assert added.status_code == 303
    newcomer = portal.client()
    assert newcomer.sign_in("new@clinic.example", "a fine long password").status_code == 303
    admin.get("/staff/users")
    assert admin.post("/staff/users/change", {"email": "new@clinic.example",
                                              "action": "disable"}).status_code == 303
    assert newcomer.get("/staff/leads").status_code == 303
    admin.get("/staff/users")
    weak = admin.post("/staff/users/change", {"email": STAFF[0], "action": "reset",
                                              "password": "short"})
    assert weak.status_code == 400 and "at least 12" in weak.text
    admin.get("/staff/users")
    own = admin.post("/staff/users/change", {"email": ADMIN[0], "action": "disable"})
    assert own.status_code == 400
    page = admin.page("/staff/users").text
    assert "new@clinic.example staff disabled" in page


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_migration_fills_band_flags_and_search_text_of_existing_leads(
        backend, tmp_path, request):
    url = (f"sqlite:///{tmp_path / 'clinic.db'}" if backend == "sqlite"
           else request.getfixturevalue("postgres_database"))
    migrate.upgrade(url, "0005")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO leads (id, reference, name, phone, email, preferred_contact, "
            "preferred_time, channel, conversation_id, status, created_at, updated_at) VALUES "
            "(1, 'L-00000001', 'Maria Lopez', '+12105550123', 'Maria@Example.com', 'text', "
            "'any', 'rest', 'c1', 'contacted', '2026-11-01', '2026-11-01')"))
        for day, band, flags in (("2026-11-01", "mild", "[]"),
                                 ("2026-11-02", "severe", '["bleeding_risk", "icepick_scars"]')):
            connection.execute(text(
                "INSERT INTO assessments (lead_id, conversation_id, channel, answers, band, "
                "recommendation, flags, reasons, scoring_version, created_at, updated_at) "
                "VALUES (1, :conv, 'rest', '{}', :band, 'consultation_first', :flags, '[]', "
                "'v1', :day, :day)"), {"conv": f"c-{day}", "band": band, "flags": flags,
                                       "day": day})
    migrate.upgrade(url)
    with engine.begin() as connection:
        row = connection.execute(text(
            "SELECT band, recommendation, safety_flags, search_text FROM leads")).one()
        connection.execute(text("UPDATE leads SET status = 'not_candidate'"))
    engine.dispose()
    assert row == ("severe", "consultation_first", " bleeding_risk ",
                   "maria lopez maria@example.com 12105550123 2105550123")
