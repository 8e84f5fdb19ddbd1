from datetime import time

import pytest

from bot.opening_hours import OpeningHours, OpeningHoursError


def test_day_ranges_and_single_days_are_read():
    hours = OpeningHours.parse("mon-fri 09:00-18:00; sat 10:00-14:00")
    assert hours.by_weekday[0] == (time(9), time(18))
    assert hours.by_weekday[4] == (time(9), time(18))
    assert hours.by_weekday[5] == (time(10), time(14))
    assert 6 not in hours.by_weekday


def test_hours_are_described_in_plain_words():
    hours = OpeningHours.parse("mon-fri 09:00-18:00; sat 10:00-14:30")
    assert hours.describe() == (
        "Monday to Friday: 9 AM to 6 PM; Saturday: 10 AM to 2:30 PM; closed Sunday"
    )


@pytest.mark.parametrize(
    "text, problem",
    [
        ("mon-fri 9-5", "write it like"),
        ("mon-fry 09:00-18:00", "unknown day 'fry'"),
        ("mon 18:00-09:00", "closes before it opens"),
        ("fri-mon 09:00-17:00", "Monday to Sunday"),
        ("mon 09:00-17:00; mon 10:00-12:00", "Monday is listed twice"),
        ("mon 25:00-26:00", "not a time of day"),
        ("", "no opening hours"),
    ],
)
def test_typos_in_hours_are_reported_clearly(text, problem):
    with pytest.raises(OpeningHoursError, match=problem):
        OpeningHours.parse(text)


def test_hours_are_described_in_spanish_with_spanish_days_and_clock():
    hours = OpeningHours.parse("mon-fri 09:00-18:00; sat 10:00-14:30")
    assert hours.describe("es") == (
        "de lunes a viernes, de 9:00 a. m. a 6:00 p. m.; el sábado, de 10:00 a. m. a "
        "2:30 p. m.; cerrado el domingo"
    )


def test_spanish_says_a_la_una_but_a_las_for_other_hours():
    from bot.opening_hours import at_clock

    assert at_clock(time(13), "es") == "a la 1:00 p. m."
    assert at_clock(time(10, 30), "es") == "a las 10:30 a. m."
    assert at_clock(time(10, 30)) == "at 10:30 AM"


def test_zone_label_is_said_in_spanish_and_unknown_zones_stay():
    from bot.opening_hours import zone_label

    assert zone_label("Central time", "es") == "hora del centro"
    assert zone_label("Central time") == "Central time"
    assert zone_label("Europe/Madrid", "es") == "Europe/Madrid"
