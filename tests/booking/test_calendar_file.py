"""The .ics file a visitor's link fetches is written in the lead's language."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from icalendar import Calendar

from bot.store.bookings import book_slot
from bot.store.leads import save_intake
from bot.store.models import new_consultation_reference
from bot.web.calendar import calendar_file
from tests.store.conftest import intake

START = datetime(2030, 6, 3, 15, 0, tzinfo=timezone.utc)
PHONES = {"en": "+12105550123", "es": "+12105550124"}


def _calendar_token(session_factory, language: str, starts_at: datetime) -> str:
    lead = save_intake(session_factory, intake(f"conv-{language}", language=language,
                                               phone=PHONES[language]))
    return book_slot(session_factory, reference=new_consultation_reference(),
                     lead_reference=lead.reference, starts_at=starts_at, minutes=30,
                     channel="rest", conversation_id=f"conv-{language}").calendar_token


def _summary(ics: str | None) -> str:
    assert ics is not None
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    return str(event["summary"])


def test_a_spanish_speaking_leads_calendar_link_gives_a_spanish_file(
        session_factory, database_url, make_settings):
    settings = make_settings(DATABASE_URL=database_url)
    spanish = calendar_file(_calendar_token(session_factory, "es", START), settings)
    assert _summary(spanish).startswith("Consulta en ")
    english = calendar_file(
        _calendar_token(session_factory, "en", START + timedelta(hours=1)), settings)
    assert _summary(english).startswith("Consultation at ")
