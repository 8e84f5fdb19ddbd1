"""A day past the booking horizon is told how far ahead bookings open; a closed day is told it
is closed and gets the nearest open day's times; a time without a day ("11 works for me",
"anything after 4?") is read on the day of the slots just offered."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Any, Dict, List

from rasa_sdk import Tracker

from actions.booking.book import ActionBookSlot
from actions.booking.offer import ActionStartBooking
from bot.booking.slots import describe_day, describe_slot
from bot.store.bookings import book_slot
from bot.store.models import new_consultation_reference
from tests.actions.booking.test_booking_actions import run, stored_lead, tracker
from tests.actions.booking.test_booking_ownership import run_with_events, slot_values


def button_starts(message: Dict[str, Any], zone) -> List[datetime]:
    return [datetime.fromisoformat(b["payload"].split('"')[3]).astimezone(zone)
            for b in message["buttons"] if b["payload"].startswith("/choose_time")]


def words(day) -> str:
    return f"{day:%B} {day.day}"  # "January 5"


def after_offer(text: str, offer: Dict[str, Any], **slots: Any) -> Tracker:
    """A tracker where the assistant just offered `offer`'s buttons and the visitor says
    `text`, as Rasa keeps it (the bot event carries the buttons)."""
    said = tracker(text, **slots)
    bot = {"event": "bot", "text": offer["text"], "data": {"buttons": offer["buttons"]}}
    return Tracker(said.sender_id, slots, said.latest_message, [bot, *said.events], False,
                   None, {}, "action_listen")


def test_a_day_past_the_horizon_says_how_far_ahead_and_offers_the_last_times(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots", BOOKING_HORIZON_DAYS="14")
    zone = settings.clinic.timezone
    today = datetime.now(zone).date()
    [reply] = run(ActionBookSlot(settings),
                  tracker(words(today + timedelta(days=30)), **stored_lead(sessions)))
    assert reply["text"].startswith(
        f"I can book up to 14 days ahead, until {describe_day(today + timedelta(days=14))}. "
        f"For a later date, please call the clinic at {settings.clinic.phone_display}.")
    assert "nothing free" not in reply["text"]
    starts = button_starts(reply, zone)
    assert len(starts) == 4 == len(reply["buttons"])  # the last times: no "More times"
    assert {start.date() for start in starts} == {today + timedelta(days=14)}
    assert starts[-1].time() == time(19, 30)  # the clinic closes at 20:00


def test_a_time_past_the_horizon_gets_the_same_answer(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    later = datetime.now(settings.clinic.timezone).date() + timedelta(days=40)
    [reply] = run(ActionBookSlot(settings),
                  tracker(f"{words(later)} at 10am", **stored_lead(sessions)))
    assert reply["text"].startswith("I can book up to 14 days ahead")


def test_past_the_horizon_with_nothing_free_offers_the_phone(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    today = datetime.now(settings.clinic.timezone).date()
    closed = ",".join(str(today + timedelta(days=n)) for n in range(15))
    settings, sessions = booking_env(BOOKING_MODE="slots", CLOSED_DATES=closed)
    [reply] = run(ActionBookSlot(settings), tracker(words(today + timedelta(days=30)),
                                                    **stored_lead(sessions)))
    assert reply["text"].endswith(
        f"please call the clinic at {settings.clinic.phone_display}.")
    assert not reply.get("buttons")


def test_a_weekday_the_clinic_is_closed_offers_the_nearest_open_days_times(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots",
                                     CLINIC_HOURS="mon-sat 08:00-20:00")
    zone = settings.clinic.timezone
    for text in ("Sunday", "sunday at 10"):
        [reply] = run(ActionBookSlot(settings), tracker(text, **stored_lead(sessions)))
        assert reply["text"].startswith("The clinic is closed on Sun ")
        starts = button_starts(reply, zone)
        [day] = {start.date() for start in starts}
        assert day.weekday() in (5, 0)  # Saturday before or Monday after
        assert f"free times on {describe_day(day)}, the nearest day" in reply["text"]


def test_a_closed_date_says_so_and_offers_the_day_before(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    zone = settings.clinic.timezone
    holiday = datetime.now(zone).date() + timedelta(days=3)
    settings, sessions = booking_env(BOOKING_MODE="slots", CLOSED_DATES=str(holiday))
    [reply] = run(ActionBookSlot(settings),
                  tracker(f"{words(holiday)} morning", **stored_lead(sessions)))
    assert reply["text"].startswith(f"The clinic is closed on {describe_day(holiday)}.")
    assert {start.date() for start in button_starts(reply, zone)} == {
        holiday - timedelta(days=1)}


def offered_and_lead(settings, sessions):
    lead = stored_lead(sessions)
    [offer] = run(ActionStartBooking(settings), tracker(**lead))
    return offer, lead


def test_11_works_for_me_reads_back_11_on_the_offered_day(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    zone = settings.clinic.timezone
    offer, lead = offered_and_lead(settings, sessions)
    day = button_starts(offer, zone)[0].date()
    eleven = datetime.combine(day, time(11), tzinfo=zone)
    if eleven <= datetime.now(zone):
        eleven = datetime.combine(day + timedelta(days=1), time(11), tzinfo=zone)
    [question], events = run_with_events(ActionBookSlot(settings),
                                         after_offer("11 works for me", offer, **lead))
    assert question["text"] == f"Book {describe_slot(eleven, zone)} (Central time)?"
    pending = slot_values(events)["pending_confirmation"]
    assert datetime.fromisoformat(pending["starts_at"]) == eleven


def test_11_taken_on_the_offered_day_reads_back_the_next_day_with_11_free(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    zone = settings.clinic.timezone
    offer, lead = offered_and_lead(settings, sessions)
    day = button_starts(offer, zone)[0].date() + timedelta(days=1)  # surely 11:00 is ahead
    nine = datetime.combine(day, time(9), tzinfo=zone).astimezone(timezone.utc)
    offer["buttons"][0]["payload"] = f'/choose_time{{"slot_start": "{nine.isoformat()}"}}'
    other = stored_lead(sessions, "+12105550124", "conv-2")["lead_reference"]
    book_slot(sessions, reference=new_consultation_reference(), lead_reference=other,
              starts_at=datetime.combine(day, time(11), tzinfo=zone).astimezone(timezone.utc),
              minutes=30, channel="rest", conversation_id="conv-2")
    [question] = run(ActionBookSlot(settings), after_offer("11 is good", offer, **lead))
    next_day = day + timedelta(days=1)
    assert question["text"] == (
        f"11 AM isn't free on {describe_day(day)}; the next day it is free is "
        f"{describe_day(next_day)}. Book "
        f"{describe_slot(datetime.combine(next_day, time(11), tzinfo=zone), zone)} "
        "(Central time)?")


def test_anything_after_4_offers_that_days_times_from_4_on(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    zone = settings.clinic.timezone
    offer, lead = offered_and_lead(settings, sessions)
    [reply] = run(ActionBookSlot(settings), after_offer("anything after 4?", offer, **lead))
    starts = button_starts(reply, zone)
    assert starts and all(start.time() >= time(16) for start in starts)
    [day] = {start.date() for start in starts}
    offered_day = button_starts(offer, zone)[0].date()
    assert day in (offered_day, offered_day + timedelta(days=1))  # the next day once it's late


def test_nothing_after_4_on_the_offered_day_offers_the_next_days_times_after_4(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    zone = settings.clinic.timezone
    offer, lead = offered_and_lead(settings, sessions)
    day = button_starts(offer, zone)[0].date() + timedelta(days=1)
    nine = datetime.combine(day, time(9), tzinfo=zone).astimezone(timezone.utc)
    offer["buttons"][0]["payload"] = f'/choose_time{{"slot_start": "{nine.isoformat()}"}}'
    for n, minutes in enumerate(range(16 * 60, 20 * 60, 30)):  # 16:00 to 19:30, all taken
        other = stored_lead(sessions, f"+1210555{n:04d}", f"conv-x{n}")["lead_reference"]
        start = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
        book_slot(sessions, reference=new_consultation_reference(), lead_reference=other,
                  starts_at=start.astimezone(timezone.utc), minutes=30, channel="rest",
                  conversation_id=f"conv-x{n}")
    [reply] = run(ActionBookSlot(settings), after_offer("something after 4pm", offer, **lead))
    next_day = day + timedelta(days=1)
    assert reply["text"] == (f"Nothing is free then on {describe_day(day)}. These times are "
                             f"free on {describe_day(next_day)} (Central time):")
    assert [start.time() for start in button_starts(reply, zone)] == [
        time(16), time(16, 30), time(17), time(17, 30)]
