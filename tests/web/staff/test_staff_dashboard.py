"""The dashboard: the funnel per week and per channel, the spreads, the median wait for a
first contact, and its charts drawn as SVG on the server."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from bot.store.bookings import book_slot, request_callback
from bot.store.leads import count_declined_assessment
from bot.store.models import LeadStatusChange
from bot.web.staff.charts import grouped_bars, horizontal_bars, nice_max
from bot.web.staff.funnel import describe_wait, funnel, week_of
from tests.web.staff.conftest import STAFF, add_events, add_intake, said

# Monday of last week, 9 AM in Chicago: inside the page's 12 weeks whenever the tests run.
_today = datetime.now(timezone.utc).date()
MONDAY = datetime.combine(_today - timedelta(days=_today.weekday() + 7), time(15, 0),
                          tzinfo=timezone.utc)
NOW = MONDAY + timedelta(days=9)  # Wednesday of the next week


def _fixed_month(portal) -> None:
    sessions = portal.sessions
    week1, week2 = MONDAY, MONDAY + timedelta(days=7)
    # Week 1: three web conversations, two start the assessment; one REST conversation.
    for n, channel in enumerate(("socketio", "socketio", "socketio", "rest")):
        events = [said("hi", channel)]
        if n < 2:
            events.append({"event": "active_loop", "name": "intake_form"})
        add_events(sessions, f"w1-{n}", events, start=week1 + timedelta(hours=n))
    # Week 2: one web conversation that starts the assessment.
    add_events(sessions, "w2-0", [said("hello"), {"event": "active_loop", "name": "intake_form"}],
               start=week2)
    first = add_intake(sessions, "w1-0", "Ana Ruiz", "+12105550101", created_at=week1,
                       band="mild", recommendation="good_candidate", flags=[])
    second = add_intake(sessions, "w2-0", "Bea Soto", "+12105550102",
                        created_at=week2 + timedelta(hours=1))
    count_declined_assessment(sessions, day=(week1 + timedelta(days=1)).date())
    start = datetime(2030, 1, 7, 16, 0, tzinfo=timezone.utc)
    book_slot(sessions, reference="C-DASH0001", lead_reference=second, starts_at=start,
              minutes=30, channel="socketio", conversation_id="w2-0")
    request_callback(sessions, lead_reference=first, callback_time="morning",
                     channel="socketio", conversation_id="w1-0")
    with sessions.begin() as session:
        from bot.store.models import Consultation, Lead

        for c in session.query(Consultation):
            c.created_at = week2 + timedelta(hours=2)
        ana = session.query(Lead).filter_by(reference=first).one()
        session.add(LeadStatusChange(lead_id=ana.id, from_status="new", to_status="contacted",
                                     note="called", created_at=week1 + timedelta(hours=3)))


def test_the_funnel_counts_each_stage_per_week_and_per_channel(any_portal):
    _fixed_month(any_portal)
    zone = any_portal.settings.clinic.timezone
    figures = funnel(any_portal.sessions, any_portal.sessions.kw["bind"], zone, weeks=3,
                     now=NOW)
    assert figures.weeks == [week_of(MONDAY - timedelta(days=7), zone), MONDAY.date(),
                             (MONDAY + timedelta(days=7)).date()]
    assert figures.by_week == {
        "conversations": [0, 4, 1],
        "started": [0, 2, 1],
        "finished": [0, 2, 1],  # one stored, one declined storage in week 1
        "leads": [0, 1, 1],
        "bookings": [0, 0, 1],  # a callback request is not a booked consultation
    }
    assert figures.by_channel["socketio"] == {"conversations": 4, "started": 3,
                                              "finished": 2, "leads": 2, "bookings": 1}
    assert figures.by_channel["rest"]["conversations"] == 1
    assert figures.by_channel["not recorded"]["finished"] == 1
    assert figures.bands == [("mild", 1), ("severe", 1)]
    assert figures.recommendations == [("good_candidate", 1), ("consultation_first", 1)]
    assert figures.median_first_contact == timedelta(hours=3)
    assert (figures.contacted, figures.waiting) == (1, 1)


def test_the_dashboard_page_draws_its_charts_as_svg_with_the_numbers_beside(portal):
    _fixed_month(portal)
    html = portal.signed_in(STAFF).get("/staff/dashboard").text
    assert html.count("<svg viewBox=") == 4
    assert "<script" not in html.split("<main")[1]
    assert "The funnel per week, last 12 weeks" in html
    assert "Self-assessments started" in html and "Consultations booked" in html
    assert "<th scope=\"row\">Web chat</th>" in html
    assert "median time from a lead to its first contact" in html


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
