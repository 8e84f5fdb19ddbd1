"""The staff portal in a real browser (Debian's chromium through Playwright): a staff member
signs in, filters the list, opens a lead with its transcript and changes its status; an
admin exports. No JavaScript is needed for any of it; screenshots of the list, a lead and the
dashboard are saved under tests/artifacts/ for a reviewer.

The portal runs on its own (the web app and a seeded database); no Rasa server is needed.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.settings import PROJECT_ROOT
from tests.web.staff.conftest import (
    ADMIN,
    STAFF,
    Portal,
    add_contact,
    add_events,
    add_intake,
    answered,
    running_portal,
    said,
)

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


def shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _seed(portal: Portal) -> dict:
    sessions = portal.sessions
    now = datetime.now(timezone.utc)
    refs = {
        "maria": add_intake(
            sessions, "conv-maria", "Maria Lopez", "+12105550123",
            created_at=now - timedelta(hours=2),
            flags=["icepick_scars", "safety_answer_unsure"],
            answers={"scar_types": ["icepick", "rolling"], "scar_count": "over_20",
                     "scar_areas": ["cheeks", "temples"], "scar_visibility": "noticeable",
                     "scar_years": "over_5", "active_acne": "rarely", "skin_type": "III-IV",
                     "previous_treatments": ["peels"], "age": 34,
                     "isotretinoin_recent": "no", "pregnant_or_breastfeeding": "no",
                     "bleeding_risk": "unsure"}),
        "jon": add_intake(sessions, "conv-jon", "Jon Park", "+12105550199", channel="rest",
                          created_at=now - timedelta(days=1), band="mild",
                          recommendation="good_candidate", flags=[]),
        "lee": add_contact(sessions, "conv-lee", "Lee Chan", "+12105550177",
                           created_at=now - timedelta(days=2)),
        "dup": add_intake(sessions, "conv-dup", "Maria L.", "+12105550123",
                          created_at=now - timedelta(minutes=30)),
    }
    for n in range(8):
        add_intake(sessions, f"conv-{n}", f"Visitor {n}", f"+1210555030{n}",
                   created_at=now - timedelta(days=3 + n), band=("mild", "moderate")[n % 2],
                   recommendation=("good_candidate", "consultation_first")[n % 2], flags=[])
    add_events(sessions, "conv-maria", [
        {"event": "session_started"},
        said("hi, how much is microneedling for ice pick scars?"),
        answered("Micro-needling is $350 a session. Would you like a personal estimate?",
                 ["Start the assessment", "Talk to a person"]),
        said("yes"),
        {"event": "active_loop", "name": "intake_form"},
        answered("What kinds of scars do you have?"),
        said("ice pick and rolling, mostly on my cheeks"),
    ], start=now - timedelta(hours=2, minutes=10))
    return refs


@pytest.fixture
def portal(migrated_sqlite_url: str) -> Iterator[Portal]:
    with running_portal(migrated_sqlite_url) as running:
        yield running


@pytest.fixture
def staff_page(browser: Browser) -> Iterator[Page]:
    """A browser with JavaScript off: the portal must work without it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  java_script_enabled=False, accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Page, portal: Portal, who: tuple) -> None:
    page.goto(portal.url + "/staff")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill(who[0])
    page.get_by_label("Password").fill(who[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Leads", exact=True)).to_be_visible()


def test_staff_member_signs_in_filters_the_list_and_works_a_lead(portal, staff_page):
    refs = _seed(portal)
    page = staff_page
    sign_in(page, portal, STAFF)
    rows = page.locator("table.leads tbody tr")
    expect(rows).to_have_count(12)
    expect(rows.first).to_contain_text("Maria L.")
    expect(rows.first).to_contain_text("Possible duplicate")
    shot(page, "staff-leads-list")

    page.get_by_label("Severity").select_option("severe")
    page.get_by_label("Safety flags").select_option("any")
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Maria Lopez")
    expect(rows.first).to_contain_text("Flagged")
    page.get_by_label("Name, phone or email").fill("555 0199")
    page.get_by_label("Severity").select_option("")
    page.get_by_label("Safety flags").select_option("")
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Jon Park")
    page.get_by_role("link", name="Clear").click()
    expect(rows).to_have_count(12)

    page.get_by_role("link", name="Maria Lopez").click()
    expect(page.get_by_role("heading", name=f"Maria Lopez {refs['maria']}")).to_be_visible()
    conversation = page.locator("#conversation")
    expect(conversation).to_contain_text("how much is microneedling for ice pick scars?")
    expect(conversation).to_contain_text("What kinds of scars do you have?")
    expect(page.locator("body")).to_contain_text("Estimate, not a quote")
    expect(page.locator("body")).to_contain_text("\"Not sure\" to a safety question")

    page.get_by_label("New status").select_option("contacted")
    page.get_by_label("Note (required: what happened, or why)").fill(
        "Called; she wants a Tuesday evening consultation.")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".lead-state")).to_contain_text("Contacted")
    expect(page.locator(".timeline")).to_contain_text("New → Contacted")
    expect(page.locator(".timeline")).to_contain_text(STAFF[0])
    page.get_by_label("Add a note").fill("Sent the aftercare leaflet by email.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".timeline")).to_contain_text("Sent the aftercare leaflet")
    shot(page, "staff-lead")
    assert portal.lead(refs["maria"]).status.value == "contacted"
    expect(page.get_by_role("link", name="Audit log")).to_have_count(0)


def test_admin_exports_the_filtered_list_and_reads_the_dashboard(portal, staff_page):
    _seed(portal)
    page = staff_page
    sign_in(page, portal, ADMIN)
    page.get_by_label("Channel").select_option("rest")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table.leads tbody tr")).to_have_count(2)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export these leads (CSV)").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert sorted(r["name"] for r in rows) == ["Jon Park", "Lee Chan"]

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.locator("svg[role=img]")).to_have_count(4)
    shot(page, "staff-dashboard")
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("table.audit")).to_contain_text("Exported")
    shot(page, "staff-audit")
    page.get_by_role("link", name="Accounts").click()
    expect(page.locator("table.plain")).to_contain_text(STAFF[0])
    shot(page, "staff-accounts")
