"""Wished-for times in a visitor's words become a window or an exact time."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.booking.free_text import read_wish

CHICAGO = ZoneInfo("America/Chicago")
# Wednesday 2026-11-25, 09:00 local.
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=CHICAGO).astimezone(timezone.utc)


def test_a_button_label_is_an_exact_time():
    wish = read_wish("Tue Dec 1, 10:30 AM", CHICAGO, NOW)
    assert wish.exact == datetime(2026, 12, 1, 10, 30, tzinfo=CHICAGO)


def test_next_tuesday_afternoon_is_a_window():
    wish = read_wish("next Tuesday afternoon", CHICAGO, NOW)
    assert wish.exact is None
    assert wish.window_start == datetime(2026, 12, 1, 12, 0, tzinfo=CHICAGO)
    assert wish.window_end == datetime(2026, 12, 1, 17, 0, tzinfo=CHICAGO)


def test_a_weekday_alone_means_the_coming_one():
    wish = read_wish("friday", CHICAGO, NOW)
    assert wish.window_start.date().isoformat() == "2026-11-27"


def test_tomorrow_at_3pm_is_exact():
    assert read_wish("tomorrow at 3pm", CHICAGO, NOW).exact == datetime(
        2026, 11, 26, 15, 0, tzinfo=CHICAGO)


@pytest.mark.parametrize("text", ["banana", "", "whenever"])
def test_words_without_a_day_are_not_a_wish(text):
    assert read_wish(text, CHICAGO, NOW) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("monday at 10", datetime(2026, 11, 30, 10, 0)),
        ("friday at 3", datetime(2026, 11, 27, 15, 0)),
        ("10:30 on tuesday works", datetime(2026, 12, 1, 10, 30)),
    ],
)
def test_a_bare_hour_is_a_time_of_day_in_opening_hours(text, expected):
    assert read_wish(text, CHICAGO, NOW).exact == expected.replace(tzinfo=CHICAGO)


def test_after_lunch_means_the_afternoon():
    wish = read_wish("wednesday after lunch", CHICAGO, NOW)
    assert (wish.window_start.hour, wish.window_end.hour) == (12, 17)


def test_yesterday_stays_in_the_past_for_the_caller_to_refuse():
    assert read_wish("yesterday at 2", CHICAGO, NOW).exact == datetime(
        2026, 11, 24, 14, 0, tzinfo=CHICAGO)


def test_this_morning_is_today():
    wish = read_wish("this morning at 8", CHICAGO, NOW)
    assert wish.exact == datetime(2026, 11, 25, 8, 0, tzinfo=CHICAGO)
    assert read_wish("this afternoon", CHICAGO, NOW).window_start == datetime(
        2026, 11, 25, 12, 0, tzinfo=CHICAGO)
