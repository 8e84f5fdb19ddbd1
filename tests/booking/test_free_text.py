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


# The times people write, read the way they mean them. NOW is Wednesday Nov 25, 09:00.
OFFERED = datetime(2026, 12, 1).date()  # slots were just offered for Tuesday Dec 1


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHICAGO)


@pytest.mark.parametrize("text", ["11 works for me", "11 is good", "11?"])
def test_a_bare_hour_is_that_time_on_the_day_of_the_offered_slots(text):
    wish = read_wish(text, CHICAGO, NOW, offered_day=OFFERED)
    assert wish.exact == local(2026, 12, 1, 11, 0)
    assert wish.flexible  # no day named: the caller may try 11:00 on the next days


def test_a_bare_hour_with_nothing_offered_is_today_or_tomorrow_once_past():
    assert read_wish("11 works for me", CHICAGO, NOW).exact == local(2026, 11, 25, 11, 0)
    at_noon = datetime(2026, 11, 25, 12, 0, tzinfo=CHICAGO)
    assert read_wish("11 works for me", CHICAGO, at_noon).exact == local(2026, 11, 26, 11, 0)


def test_an_offered_day_already_past_counts_as_today():
    wish = read_wish("11 is good", CHICAGO, NOW, offered_day=datetime(2026, 11, 20).date())
    assert wish.exact == local(2026, 11, 25, 11, 0)


@pytest.mark.parametrize("text", ["anything after 4?", "something after 4pm",
                                  "anything after 4 pm please"])
def test_after_an_hour_is_a_window_from_then_to_closing_on_the_offered_day(text):
    wish = read_wish(text, CHICAGO, NOW, offered_day=OFFERED)
    assert wish.exact is None and wish.flexible
    assert (wish.window_start, wish.window_end) == (local(2026, 12, 1, 16, 0),
                                                    local(2026, 12, 2, 0, 0))


def test_after_an_hour_with_nothing_offered_is_today():
    wish = read_wish("anything after 4?", CHICAGO, NOW)
    assert wish.window_start == local(2026, 11, 25, 16, 0) and wish.flexible


def test_the_5th_of_next_month_mornings_is_that_mornings_window():
    wish = read_wish("the 5th of next month, mornings", CHICAGO, NOW)
    assert wish.exact is None and not wish.flexible
    assert (wish.window_start, wish.window_end) == (local(2026, 12, 5, 0, 0),
                                                    local(2026, 12, 5, 12, 0))


@pytest.mark.parametrize("text, day", [("the 5th", 5), ("the 30th", 30), ("28th", 28)])
def test_a_day_of_the_month_alone_is_its_next_occurrence(text, day):
    expected = datetime(2026, 11 if day >= 25 else 12, day).date()
    assert read_wish(text, CHICAGO, NOW).window_start.date() == expected


def test_thursday_evening_is_the_coming_thursdays_evening():
    wish = read_wish("Thursday evening", CHICAGO, NOW)
    assert (wish.window_start, wish.window_end) == (local(2026, 11, 26, 17, 0),
                                                    local(2026, 11, 26, 23, 59))


def test_tomorrow_at_3_is_3_pm_tomorrow():
    wish = read_wish("tomorrow at 3", CHICAGO, NOW)
    assert wish.exact == local(2026, 11, 26, 15, 0) and not wish.flexible


def test_friday_around_noon_is_an_hour_either_side():
    wish = read_wish("Friday around noon", CHICAGO, NOW)
    assert wish.exact is None
    assert (wish.window_start, wish.window_end) == (local(2026, 11, 27, 11, 0),
                                                    local(2026, 11, 27, 13, 0))


@pytest.mark.parametrize("text, expected", [
    ("wednesday at 2:30", local(2026, 12, 2, 14, 30)),  # 2:30 in opening hours is PM
    ("the 3rd at 11am", local(2026, 12, 3, 11, 0)),     # the 3rd of December, not March
    ("dec 4 at 9:30", local(2026, 12, 4, 9, 30)),
    ("december 9th at 1", local(2026, 12, 9, 13, 0)),
])
def test_a_number_in_a_date_is_not_read_as_the_time(text, expected):
    assert read_wish(text, CHICAGO, NOW).exact == expected


def test_next_month_is_not_next_monday():
    wish = read_wish("the 5th of next month", CHICAGO, NOW)
    assert wish.window_start.date().isoformat() == "2026-12-05"


# US daylight saving ends Sunday Nov 1, 2026 (CDT -5 -> CST -6).
BEFORE_FALL_BACK = datetime(2026, 10, 31, 10, 0, tzinfo=CHICAGO).astimezone(timezone.utc)


def test_tomorrow_at_3_across_the_daylight_saving_change_is_3_pm_standard_time():
    wish = read_wish("tomorrow at 3", CHICAGO, BEFORE_FALL_BACK)
    assert wish.exact == local(2026, 11, 1, 15, 0)
    assert wish.exact.astimezone(timezone.utc) == datetime(2026, 11, 1, 21, 0,
                                                           tzinfo=timezone.utc)


def test_a_bare_hour_moved_across_the_daylight_saving_change_keeps_its_wall_clock():
    wish = read_wish("11 works for me", CHICAGO, BEFORE_FALL_BACK,
                     offered_day=datetime(2026, 10, 31).date())
    assert wish.exact.astimezone(timezone.utc).hour == 16  # 11:00 CDT
    moved = wish.on(datetime(2026, 11, 2).date())
    assert moved.exact == local(2026, 11, 2, 11, 0)
    assert moved.exact.astimezone(timezone.utc).hour == 17  # 11:00 CST


@pytest.mark.parametrize("text, days_ahead", [
    ("can i come in about 3 months from now?", 92),
    ("in 2 weeks", 14),
    ("a couple of weeks from now, mornings", 14),
    ("a week from now at 2pm", 7),
])
def test_a_time_said_as_a_distance_from_now_is_that_far_ahead(text, days_ahead):
    now = datetime(2026, 11, 28, 1, 0, tzinfo=timezone.utc)
    wish = read_wish(text, CHICAGO, now)
    assert wish is not None
    start = wish.exact or wish.window_start
    assert (start.date() - now.astimezone(CHICAGO).date()).days == days_ahead


def test_months_ago_is_not_a_time_ahead():
    now = datetime(2026, 11, 28, 1, 0, tzinfo=timezone.utc)
    wish = read_wish("i stopped 3 months ago", CHICAGO, now)
    assert wish is None or (wish.exact or wish.window_start) < now
