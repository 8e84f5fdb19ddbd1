"""Wished-for times written in Spanish, with or without accents, are read like English ones."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.booking.free_text import read_wish

CHICAGO = ZoneInfo("America/Chicago")
# Wednesday 2026-11-25, 09:00 local.
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=CHICAGO).astimezone(timezone.utc)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHICAGO)


@pytest.mark.parametrize("text", ["el martes en la tarde", "el martes por la tarde",
                                  "martes en la tarde", "El Martes en la Tarde"])
def test_tuesday_in_the_afternoon_is_the_afternoon_window(text):
    wish = read_wish(text, CHICAGO, NOW)
    assert wish.exact is None
    assert (wish.window_start, wish.window_end) == (local(2026, 12, 1, 12), local(2026, 12, 1, 17))


@pytest.mark.parametrize("text, expected", [
    ("mañana a las 3", local(2026, 11, 26, 15)),
    ("manana a las 3", local(2026, 11, 26, 15)),
    ("mañana a las 3 de la tarde", local(2026, 11, 26, 15)),
    ("el viernes a las 10 de la mañana", local(2026, 11, 27, 10)),
    ("el viernes a las 10 de la manana", local(2026, 11, 27, 10)),
    ("el 5 de enero a las 11", local(2027, 1, 5, 11)),
    ("el martes a las 4 p. m.", local(2026, 12, 1, 16)),
    ("el martes at 3pm", local(2026, 12, 1, 15)),  # Spanglish
    # A Spanish slot button's label typed.
    ("martes 8 de diciembre a las 10:00 a. m.", local(2026, 12, 8, 10)),
])
def test_a_spanish_day_and_hour_is_an_exact_time(text, expected):
    assert read_wish(text, CHICAGO, NOW).exact == expected


@pytest.mark.parametrize("text, day", [
    ("pasado mañana", "2026-11-27"), ("pasado manana", "2026-11-27"),
    ("el 12 de diciembre", "2026-12-12"), ("el primero de diciembre", "2026-12-01"),
    ("el martes que viene", "2026-12-01"), ("el próximo lunes", "2026-11-30"),
    ("el sábado", "2026-11-28"), ("el sabado", "2026-11-28"), ("mañana", "2026-11-26"),
    ("hoy", "2026-11-25"), ("en dos semanas", "2026-12-09"), ("dentro de un mes", "2026-12-25"),
])
def test_a_spanish_day_is_that_day(text, day):
    assert read_wish(text, CHICAGO, NOW).window_start.date().isoformat() == day


@pytest.mark.parametrize("text", ["la próxima semana", "la proxima semana",
                                  "la semana que viene"])
def test_next_week_in_spanish_reads_as_next_week_in_english(text):
    assert read_wish(text, CHICAGO, NOW) == read_wish("next week", CHICAGO, NOW)


@pytest.mark.parametrize("text, hours", [
    ("el jueves en la mañana", (0, 12)), ("el jueves por la noche", (17, 23)),
    ("el jueves después de las 4", (16, 0)), ("el jueves antes de las 11", (0, 11)),
    ("el jueves como a las 12", (11, 13)), ("el jueves después de comer", (12, 17)),
])
def test_a_part_of_the_day_in_spanish_is_a_window(text, hours):
    wish = read_wish(text, CHICAGO, NOW)
    assert wish.exact is None
    assert wish.window_start.date().isoformat() == "2026-11-26"
    assert (wish.window_start.hour, wish.window_end.hour) == hours


def test_a_spanish_hour_without_a_day_is_flexible_like_an_english_one():
    spanish, english = read_wish("a las 11", CHICAGO, NOW), read_wish("at 11", CHICAGO, NOW)
    assert spanish == english and spanish.flexible


@pytest.mark.parametrize("text", ["plátano", "no sé", "cuando sea"])
def test_spanish_words_without_a_day_or_time_are_not_a_wish(text):
    assert read_wish(text, CHICAGO, NOW) is None


def test_a_spanish_reading_far_from_now_is_no_day():
    assert read_wish("De 11 a 20", CHICAGO, NOW) is None


@pytest.mark.parametrize("text", [
    "el jueves en la tarde se puede?", "te dije el jueves en la tarde", "jueves tarde",
    "cambiala pal jueves en la tarde", "no tiene en la tarde? el jueves por ejemplo",
    "ay perdón, mejor cámbiemela para el jueves en la tarde",
])
def test_a_day_and_part_of_day_is_read_whatever_is_said_around_it(text):
    wish = read_wish(text, CHICAGO, NOW)
    assert wish is not None and wish.exact is None, text
    assert wish.window_start.strftime("%A %H") == "Thursday 12" and wish.window_end.hour == 17


@pytest.mark.parametrize("text, hour, minute", [
    ("el martes a las diez de la mañana", 10, 0), ("el martes a la una y media", 13, 30),
    ("el martes a las tres y cuarto", 15, 15), ("el martes a las 3 ya te dije", 15, 0),
])
def test_an_hour_in_words_or_with_y_media_is_read(text, hour, minute):
    wish = read_wish(text, CHICAGO, NOW)
    assert wish is not None and wish.exact is not None, text
    assert (wish.exact.strftime("%A"), wish.exact.hour, wish.exact.minute) == (
        "Tuesday", hour, minute)
