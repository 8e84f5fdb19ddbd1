"""What a visitor asking for a person is told, at fixed times in and out of opening hours."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.handoff.reply_time import when_someone_answers
from bot.opening_hours import OpeningHours

CHICAGO = ZoneInfo("America/Chicago")
HOURS = "mon-fri 09:00-18:00; sat 10:00-14:00"  # .env.example's: closed on Sunday


def at(text: str) -> datetime:
    """A wall-clock time in the clinic's zone (America/Chicago), as an aware time."""
    return datetime.fromisoformat(text).replace(tzinfo=CHICAGO)


@pytest.fixture
def settings(make_settings):
    return make_settings(
        CLINIC_HOURS=HOURS,
        CLINIC_TIMEZONE="America/Chicago",
        CLINIC_PHONE="+1 210 555 0147",
        HANDOFF_REPLY_MINUTES="15",
        CLOSED_DATES="2026-12-25",
    )


def test_within_opening_hours_someone_replies_here_within_the_configured_minutes(settings):
    reply = when_someone_answers(settings, at("2026-12-07T11:30"))  # a Monday
    assert "Someone from the team will reply here shortly (usually within 15 minutes)" in reply
    assert "(210) 555-0147" in reply
    assert "closed" not in reply


def test_the_default_wait_is_ten_minutes(make_settings):
    settings = make_settings(CLINIC_HOURS=HOURS, HANDOFF_REPLY_MINUTES="")
    assert "usually within 10 minutes" in when_someone_answers(settings, at("2026-12-07T11:30"))


def test_a_whole_hour_is_said_as_an_hour(make_settings):
    settings = make_settings(CLINIC_HOURS=HOURS, HANDOFF_REPLY_MINUTES="60")
    assert "usually within an hour" in when_someone_answers(settings, at("2026-12-07T11:30"))


@pytest.mark.parametrize(
    "now, back",
    [
        ("2026-12-07T07:45", "today at 9 AM"),  # Monday before opening
        ("2026-12-07T18:00", "tomorrow at 9 AM"),  # Monday at closing time
        ("2026-12-11T21:10", "tomorrow at 10 AM"),  # Friday night: Saturday's hours
        ("2026-12-12T14:30", "on Monday at 9 AM"),  # Saturday afternoon: closed Sunday
        ("2026-12-13T12:00", "tomorrow at 9 AM"),  # Sunday
        ("2026-12-24T19:00", "on Saturday at 10 AM"),  # Christmas Eve: Christmas is closed
    ],
)
def test_outside_opening_hours_the_reply_names_the_next_opening_and_the_phone(settings, now, back):
    reply = when_someone_answers(settings, at(now))
    assert f"the team is back {back} (Central time)" in reply
    assert "(210) 555-0147" in reply
    assert "shortly" not in reply


def test_the_clock_is_read_in_the_clinics_zone_not_utc(settings):
    # 16:30 UTC on a Monday is 10:30 in Chicago: open.
    monday_utc = datetime(2026, 12, 7, 16, 30, tzinfo=timezone.utc)
    assert "shortly" in when_someone_answers(settings, monday_utc)
    # 01:00 UTC on Tuesday is Monday 19:00 in Chicago: closed until Tuesday 9 AM.
    assert "back tomorrow at 9 AM" in when_someone_answers(
        settings, datetime(2026, 12, 8, 1, 0, tzinfo=timezone.utc)
    )


def test_a_next_opening_more_than_a_week_away_names_the_date(make_settings):
    settings = make_settings(CLINIC_HOURS="mon 09:00-12:00", CLOSED_DATES="2026-12-14")
    reply = when_someone_answers(settings, at("2026-12-07T13:00"))  # Monday after closing
    assert "the team is back on Monday, Dec 21 at 9 AM" in reply


def test_next_opening_skips_closed_days_and_is_after_the_given_time():
    hours = OpeningHours.parse("tue 09:30-17:00")
    assert hours.next_opening(at("2026-12-08T09:30")) == at("2026-12-15T09:30")
    assert hours.next_opening(at("2026-12-08T09:29")) == at("2026-12-08T09:30")
    assert hours.is_open(at("2026-12-08T09:30"))
    assert not hours.is_open(at("2026-12-08T17:00"))
    assert not hours.is_open(at("2026-12-08T12:00"), closed_dates={at("2026-12-08T00:00").date()})


def test_a_spanish_speaker_hears_in_spanish_that_someone_replies_shortly(settings):
    reply = when_someone_answers(settings, at("2026-12-07T11:30"), "es")
    assert reply.startswith("Ya le avisé al equipo que quiere hablar con una persona.")
    assert "en menos de 15 minutos" in reply
    assert "(210) 555-0147" in reply
    assert "Someone" not in reply


def test_a_spanish_speaker_after_hours_hears_when_the_team_is_back_in_spanish(settings):
    reply = when_someone_answers(settings, at("2026-12-05T15:00"), "es")  # Saturday, closed
    assert "el equipo regresa el lunes a las 9:00 a. m. (hora del centro)" in reply
    assert "closed" not in reply


def test_a_spanish_speaker_hears_tomorrow_and_a_far_date_in_spanish(settings):
    assert "regresa mañana a las 9:00 a. m." in when_someone_answers(
        settings, at("2026-12-07T19:00"), "es")
    from bot.handoff.reply_time import next_opening_text
    assert next_opening_text(at("2026-12-28T09:00"), at("2026-12-18T19:00"), "es") == (
        "el lunes 28 de diciembre a las 9:00 a. m.")
