"""The list of leads: order, search, filters, pages, badges, escaping, CSV export, audit."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.store.export import COLUMNS
from bot.store.models import AuditEntry
from tests.web.staff.conftest import ADMIN, NOW, STAFF, add_contact, add_intake


def _rows(client, query: str = "") -> list:
    """The references shown in the list, top to bottom."""
    page = client.page("/staff/leads" + query)
    return [a["href"].rsplit("/", 1)[1] for a in page.all("a")
            if a.get("class") == "lead-name"]


def _seed(sessions) -> dict:
    refs = {}
    refs["maria"] = add_intake(sessions, "c-maria", "Maria Lopez", "+12105550101",
                               created_at=NOW - timedelta(days=3), channel="socketio")
    refs["jon"] = add_intake(sessions, "c-jon", "Jon Park", "+12105550102",
                             created_at=NOW - timedelta(days=2), channel="rest", band="mild",
                             recommendation="good_candidate", flags=[])
    refs["ana"] = add_intake(sessions, "c-ana", "Ana Ruiz", "+12105550103",
                             created_at=NOW - timedelta(days=1), band="moderate",
                             flags=["bleeding_risk", "raised_scars"])
    refs["call"] = add_contact(sessions, "c-call", "Lee Chan", "+12105550104",
                               created_at=NOW - timedelta(hours=5))
    # The same number again, not proven: a possible duplicate of Maria.
    refs["dup"] = add_intake(sessions, "c-dup", "Maria L.", "+12105550101",
                             created_at=NOW - timedelta(hours=1))
    return refs


def test_leads_are_listed_newest_first_with_new_flagged_and_duplicate_badges(any_portal):
    refs = _seed(any_portal.sessions)
    client = any_portal.signed_in(STAFF)
    assert _rows(client) == [refs[k] for k in ("dup", "call", "ana", "jon", "maria")]
    page = client.page("/staff/leads")
    rows = page.text.split("Maria L.")[1]
    assert "Possible duplicate" in rows.split("Lee Chan")[0]
    ana = page.text.split("Ana Ruiz")[1].split("Jon Park")[0]
    assert "New" in ana and "Flagged" in ana
    jon = page.text.split("Jon Park")[1].split("Maria Lopez")[0]
    assert "Flagged" not in jon


def test_search_finds_leads_by_part_of_a_name_a_phone_number_or_an_email(any_portal):
    refs = _seed(any_portal.sessions)
    client = any_portal.signed_in(STAFF)
    assert _rows(client, "?q=ruiz") == [refs["ana"]]
    assert _rows(client, "?q=MARIA") == [refs["dup"], refs["maria"]]
    assert _rows(client, "?q=(210)+555-0102") == [refs["jon"]]
    assert _rows(client, "?q=%2B12105550103") == [refs["ana"]]
    assert _rows(client, "?q=c-jon%40example") == [refs["jon"]]
    assert _rows(client, "?q=100%25") == []  # LIKE wildcards are taken literally


def test_filters_narrow_the_list_by_status_channel_band_recommendation_flags_and_dates(
        any_portal):
    refs = _seed(any_portal.sessions)
    client = any_portal.signed_in(STAFF)
    assert _rows(client, "?channel=rest") == [refs["call"], refs["jon"]]
    assert _rows(client, "?band=mild") == [refs["jon"]]
    assert _rows(client, "?recommendation=good_candidate") == [refs["jon"]]
    assert _rows(client, "?flag=any") == [refs["ana"]]
    assert _rows(client, "?flag=bleeding_risk") == [refs["ana"]]
    assert _rows(client, "?flag=raised_scars") == []  # not a safety flag
    assert _rows(client, "?duplicates=only") == [refs["dup"]]
    day = (NOW - timedelta(days=2)).date().isoformat()
    assert _rows(client, f"?date_from={day}&date_to={day}") == [refs["jon"]]
    assert _rows(client, "?status=new&band=severe") == [refs["dup"], refs["maria"]]
    assert _rows(client, "?status=not-a-status") == _rows(client)
    page = client.page("/staff/leads?band=severe&channel=rest")
    assert "No lead matches these filters." in page.text


def test_the_list_pages_through_every_lead_without_repeating_one(any_portal):
    for n in range(7):
        add_intake(any_portal.sessions, f"c{n}", f"Person {n}", f"+1210555020{n}",
                   created_at=NOW - timedelta(minutes=n))
    from bot.store.lead_list import LeadFilter, lead_page

    zone = any_portal.settings.clinic.timezone
    seen, before = [], None
    while True:
        page = lead_page(any_portal.sessions, LeadFilter(), zone, before=before, size=3)
        seen += [row.name for row in page.rows]
        if page.older is None:
            break
        before = page.older
    assert seen == [f"Person {n}" for n in range(7)]
    client = any_portal.signed_in(STAFF)
    first = client.page("/staff/leads")
    assert not [a for a in first.all("a") if "before=" in a.get("href", "")]  # 7 < a page


def test_the_older_link_keeps_the_filters(portal):
    from bot.store import lead_list

    for n in range(4):
        add_intake(portal.sessions, f"c{n}", f"Person {n}", f"+1210555030{n}",
                   created_at=NOW - timedelta(minutes=n))
    original = lead_list.PAGE_SIZE
    lead_list.PAGE_SIZE = 2
    try:
        client = portal.signed_in(STAFF)
        page = client.page("/staff/leads?band=severe")
        older = [a["href"] for a in page.all("a") if "before=" in a.get("href", "")]
    finally:
        lead_list.PAGE_SIZE = original
    assert len(older) == 1 and "band=severe" in older[0]


def test_a_lead_named_like_a_script_renders_as_text(portal):
    name = "<script>alert(1)</script>"
    reference = add_intake(portal.sessions, "c-x", name, "+12105550999",
                           email="x@example.com")
    client = portal.signed_in(STAFF)
    for path in ("/staff/leads", f"/staff/leads/{reference}"):
        html = client.get(path).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_admins_export_the_filtered_list_with_the_cli_columns_and_formula_safe_cells(
        any_portal):
    _seed(any_portal.sessions)
    add_intake(any_portal.sessions, "c-evil", "=HYPERLINK(\"http://x\")", "+12105550888",
               channel="rest")
    admin = any_portal.signed_in(ADMIN)
    response = admin.get("/staff/leads/export.csv?channel=rest")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0].keys()) == COLUMNS
    assert sorted(r["name"] for r in rows) == sorted(
        ["Jon Park", "Lee Chan", "'=HYPERLINK(\"http://x\")"])
    everything = list(csv.DictReader(io.StringIO(admin.get("/staff/leads/export.csv").text)))
    assert len(everything) == 6


def test_the_audit_log_records_a_view_and_an_export_with_who_and_which_lead(any_portal):
    refs = _seed(any_portal.sessions)
    staff, admin = any_portal.signed_in(STAFF), any_portal.signed_in(ADMIN)
    staff.page(f"/staff/leads/{refs['ana']}")
    admin.get("/staff/leads/export.csv?flag=any")
    with any_portal.sessions() as session:
        entries = [(e.staff_email, e.action, e.lead_reference, e.detail)
                   for e in session.query(AuditEntry).order_by(AuditEntry.id)]
    assert (STAFF[0], "viewed", refs["ana"], "") in entries
    exported = [e for e in entries if e[1] == "exported"]
    assert len(exported) == 1
    assert exported[0][0] == ADMIN[0]
    assert refs["ana"] in exported[0][3] and "flag=any" in exported[0][3]
    log = admin.page("/staff/audit")
    assert f"{STAFF[0]} Viewed {refs['ana']}" in log.text
    assert f"{ADMIN[0]} Exported" in log.text
    only_ana = admin.page(f"/staff/audit?lead={refs['ana']}")
    assert "Exported" not in only_ana.text and "Viewed" in only_ana.text
