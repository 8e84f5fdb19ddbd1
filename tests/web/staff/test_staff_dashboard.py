"""The dashboard: the funnel per week and per channel, the spreads, the median wait for a
first contact, and its charts drawn as SVG on the server."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from itertools import pairwise
from typing import Dict

from bot.store.bookings import book_slot, request_callback
from bot.store.leads import ContactRecord, count_declined_assessment, save_contact
from bot.store.models import Consultation, Lead, LeadStatusChange
from bot.web.staff.charts import grouped_bars, horizontal_bars, nice_max
from bot.web.staff.funnel import STAGES, describe_wait, funnel, week_of
from tests.web.staff.conftest import STAFF, add_events, add_intake, consent, said

# Monday of last week, 9 AM in Chicago: inside the page's 12 weeks whenever the tests run.
_today = datetime.now(timezone.utc).date()
MONDAY = datetime.combine(_today - timedelta(days=_today.weekday() + 7), time(15, 0),
                          tzinfo=timezone.utc)
NOW = MONDAY + timedelta(days=9)  # Wednesday of the next week
WEEK1, WEEK2 = MONDAY, MONDAY + timedelta(days=7)
INTAKE = {"event": "active_loop", "name": "intake_form"}
FINISH = {"event": "action", "name": "action_finish_intake"}


def _intake(portal, conversation_id: str, name: str, phone: str, at: datetime,
            **changes) -> str:
    return add_intake(portal.sessions, conversation_id, name, phone, created_at=at,
                      data_consent=consent(True, at), **changes)


def _fixed_month(portal) -> None:
    """Two weeks, counted by hand in the tests below (each conversation at its furthest step).

    Week 1: w1-0 finishes and becomes Ana's lead, who books in week 2 in another
    conversation (booked); w1-1 finishes and declines storage (finished); w1-2 stops after
    starting (started); w1-3 by REST only talks (conversation).
    Week 2: w2-0 finishes, becomes a lead and books (booked); three leads imported without
    any conversation in Rasa, one of them booked (2 leads, 1 booked); w2-short leaves a name
    and number without the self-assessment and asks for a callback (lead); w2-back is Ana
    coming back to book (conversation).
    """
    sessions = portal.sessions
    for n, (channel, steps) in enumerate((("socketio", [INTAKE, FINISH]),
                                          ("socketio", [INTAKE, FINISH]),
                                          ("socketio", [INTAKE]), ("rest", []))):
        add_events(sessions, f"w1-{n}", [said("hi", channel), *steps],
                   start=WEEK1 + timedelta(hours=n))
    count_declined_assessment(sessions, day=(WEEK1 + timedelta(hours=1)).date())
    # Began before the period: its step inside it is not the period's.
    add_events(sessions, "old-0", [said("hi")], start=WEEK1 - timedelta(days=30))
    add_events(sessions, "old-0", [INTAKE], start=WEEK1 + timedelta(hours=5))
    ana = _intake(portal, "w1-0", "Ana Ruiz", "+12105550101", WEEK1 + timedelta(minutes=10),
                  band="mild", recommendation="good_candidate", flags=[])
    add_events(sessions, "w2-0", [said("hello"), INTAKE, FINISH], start=WEEK2)
    bea = _intake(portal, "w2-0", "Bea Soto", "+12105550102", WEEK2 + timedelta(hours=1))
    imported = [_intake(portal, f"import-{n}", f"Imported {n}", f"+1210555020{n}",
                        WEEK2 + timedelta(hours=2 + n), channel="rest") for n in range(3)]
    add_events(sessions, "w2-short", [said("just call me")], start=WEEK2 + timedelta(hours=6))
    short = save_contact(sessions, ContactRecord(
        "w2-short", "socketio", "Cy Diaz", "+12105550103",
        consent(True, WEEK2 + timedelta(hours=6)))).reference
    add_events(sessions, "w2-back", [said("I'd like to book now")],
               start=WEEK2 + timedelta(hours=7))
    for n, (lead, conversation) in enumerate(((bea, "w2-0"), (imported[0], "import-0"),
                                              (ana, "w2-back"))):
        book_slot(sessions, reference=f"C-DASH000{n}", lead_reference=lead,
                  starts_at=datetime(2030, 1, 7, 16 + n, 0, tzinfo=timezone.utc), minutes=30,
                  channel="socketio", conversation_id=conversation)
    request_callback(sessions, lead_reference=short, callback_time="morning",
                     channel="socketio", conversation_id="w2-short")
    with sessions.begin() as session:
        for c in session.query(Consultation):
            c.created_at = WEEK2 + timedelta(hours=8)
        session.query(Lead).filter_by(reference=short).one().created_at = (
            WEEK2 + timedelta(hours=6))
        ana_row = session.query(Lead).filter_by(reference=ana).one()
        session.add(LeadStatusChange(lead_id=ana_row.id, from_status="new",
                                     to_status="contacted", note="called",
                                     created_at=WEEK1 + timedelta(hours=2, minutes=10)))


def _never_rises(counts: Dict[str, int]) -> bool:
    values = [counts[stage] for stage in STAGES]
    return all(later <= earlier for earlier, later in pairwise(values))


def test_the_funnel_counts_each_conversation_at_its_furthest_step_per_week_and_channel(
        any_portal):
    _fixed_month(any_portal)
    zone = any_portal.settings.clinic.timezone
    figures = funnel(any_portal.sessions, any_portal.sessions.kw["bind"], zone, weeks=3,
                     now=NOW)
    assert figures.weeks == [week_of(MONDAY - timedelta(days=7), zone), MONDAY.date(),
                             (MONDAY + timedelta(days=7)).date()]
    assert figures.by_week == {
        "conversations": [0, 4, 6],
        "started": [0, 3, 5],
        "finished": [0, 2, 5],  # the declined one once, though also in the daily count
        "leads": [0, 1, 5],
        "bookings": [0, 1, 2],  # Ana's in her first week; a callback request is not one
    }
    assert figures.by_channel == {
        "socketio": {"conversations": 6, "started": 5, "finished": 4, "leads": 3,
                     "bookings": 2},
        "rest": {"conversations": 4, "started": 3, "finished": 3, "leads": 3, "bookings": 1},
    }
    for week in range(3):
        assert _never_rises({stage: figures.by_week[stage][week] for stage in STAGES})
    assert all(_never_rises(counts) for counts in figures.by_channel.values())
    assert figures.bands == [("mild", 1), ("severe", 4)]
    assert figures.recommendations == [("good_candidate", 1), ("consultation_first", 4)]
    assert figures.median_first_contact == timedelta(hours=2)
    assert (figures.contacted, figures.waiting) == (1, 5)


def test_leads_imported_without_conversations_never_outnumber_the_conversations(any_portal):
    # The reported case: eleven leads seeded straight into the clinic's tables, and one
    # conversation in Rasa's tracker store that only started the self-assessment.
    for n in range(11):
        _intake(any_portal, f"seed-{n}", f"Seeded {n}", f"+121055503{n:02d}",
                WEEK1 + timedelta(hours=n))
    add_events(any_portal.sessions, "live-0", [said("hi"), INTAKE], start=WEEK1)
    figures = funnel(any_portal.sessions, any_portal.sessions.kw["bind"],
                     any_portal.settings.clinic.timezone, weeks=3, now=NOW)
    assert {stage: figures.total(stage) for stage in STAGES} == {
        "conversations": 12, "started": 12, "finished": 11, "leads": 11, "bookings": 0}


def test_the_dashboard_page_draws_its_charts_as_svg_with_the_numbers_beside(portal):
    _fixed_month(portal)
    html = portal.signed_in(STAFF).get("/staff/dashboard").text
    assert html.count("<svg viewBox=") == 4
    assert "<script" not in html.split("<main")[1]
    assert "The funnel per week, last 12 weeks" in html
    assert "Self-assessments started" in html and "Consultations booked" in html
    assert "<th scope=\"row\">Web chat</th>" in html
    assert "median time from a lead to its first contact" in html
    assert "at every step up to the furthest it reached" in html


def test_an_empty_database_still_draws_a_dashboard(portal):
    response = portal.signed_in(STAFF).get("/staff/dashboard")
    assert response.status_code == 200
    assert "no contacts yet" in response.text


def test_bars_are_scaled_to_a_round_maximum_and_titled_with_their_values():
    chart = grouped_bars("t", ["w1", "w2"], [("a", [3, 7]), ("b", [0, 1])], width=200,
                         height=100)
    assert nice_max(7) == 10 and nice_max(11) == 20 and nice_max(0) == 1
    tallest = max(chart.bars, key=lambda b: b.height)
    assert tallest.title == "w2: a 7"
    assert abs(tallest.height - 0.7 * (100 - 12 - 36)) < 0.2
    assert chart.table == [["", "a", "b"], ["w1", "3", "0"], ["w2", "7", "1"]]
    spread = horizontal_bars("s", [("Mild", 1), ("Severe", 3)])
    mild, severe = spread.bars
    assert abs(severe.width - 3 * mild.width) < 0.5
    assert any(label.text == "3 (75%)" for label in spread.labels)


def test_waits_are_described_in_days_hours_or_minutes():
    assert describe_wait(None) == "no contacts yet"
    assert describe_wait(timedelta(minutes=42)) == "42 min"
    assert describe_wait(timedelta(hours=3, minutes=20)) == "3 h 20 min"
    assert describe_wait(timedelta(days=2, hours=4)) == "2 days 4 h"
