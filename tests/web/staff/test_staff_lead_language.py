"""Staff see each lead's language: a "Spanish" badge on the list and the lead's page, the
language among the lead's contact facts, a language filter on the list."""

from __future__ import annotations

from datetime import timedelta

from tests.web.staff.conftest import NOW, STAFF, add_intake


def _seed(sessions) -> dict:
    return {
        "rosa": add_intake(sessions, "c-rosa", "Rosa Garza", "+12105550101", language="es",
                           created_at=NOW - timedelta(days=2)),
        "jon": add_intake(sessions, "c-jon", "Jon Park", "+12105550102",
                          created_at=NOW - timedelta(days=1)),
    }


def test_the_list_marks_spanish_speaking_leads_and_filters_by_language(any_portal):
    _seed(any_portal.sessions)
    client = any_portal.signed_in(STAFF)
    text = client.page("/staff/leads").text
    rosa = text.split("Rosa Garza")[1]
    jon = text.split("Jon Park")[1].split("Rosa Garza")[0]
    assert "Spanish" in rosa and "Spanish" not in jon
    spanish = client.page("/staff/leads?language=es").text
    assert "Rosa Garza" in spanish and "Jon Park" not in spanish
    english = client.page("/staff/leads?language=en").text
    assert "Jon Park" in english and "Rosa Garza" not in english


def test_the_lead_page_says_the_lead_prefers_spanish(portal):
    refs = _seed(portal.sessions)
    client = portal.signed_in(STAFF)
    rosa = client.page(f"/staff/leads/{refs['rosa']}")
    assert "Spanish" in rosa.text and "call back in Spanish" in rosa.text
    jon = client.page(f"/staff/leads/{refs['jon']}")
    assert "Spanish" not in jon.text and "English" in jon.text
