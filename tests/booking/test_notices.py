"""What the visitor is sent about a booking, in their language: the confirmation (chat, email,
text), the day-before reminder, the aftercare check-in and the .ics file. Texts stay within
3 SMS segments, and nothing the visitor is sent carries their health details."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Dict, List

import pytest
from icalendar import Calendar

from bot.booking.calendar import (
    PREPARATION,
    PREPARATION_ES,
    PREPARATION_SOON,
    PREPARATION_SOON_ES,
    consultation_ics,
)
from bot.booking.notices import (
    aftercare_checkin_text,
    booking_notify,
    confirmation_text,
    reminder_text,
    visitor_confirmation_draft,
)
from bot.channels.sms_text import segments
from bot.store.bookings import LeadContact

REFERENCE = "C-ABCD1234"
# Monday 9 Dec 2030, 10:30 AM in San Antonio.
MONDAY = datetime(2030, 12, 9, 16, 30, tzinfo=timezone.utc)
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]
PHONE = "(210) 555-0147"
TWILIO = {"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "token",
          "TWILIO_FROM_NUMBER": "+12105550100"}


@pytest.fixture
def settings(make_settings):
    return make_settings()


def contact(language: str = "en") -> LeadContact:
    return LeadContact("L-REF00001", "Maria Lopez", "+12105550123", "maria@example.com",
                       "severe", language)


def test_the_spanish_confirmation_says_when_where_and_how_to_change_it(settings):
    text = confirmation_text(REFERENCE, MONDAY, settings, language="es")
    assert text.startswith("Listo, su consulta quedó para el lunes 9 de diciembre a las "
                           "10:30 a. m. (hora del centro) en Alamo Skin & Scar Clinic")
    assert settings.clinic.address in text and f"Referencia {REFERENCE}" in text
    assert PREPARATION_ES in text
    assert text.endswith(f"Para cambiarla o cancelarla, dígamelo aquí o llame al {PHONE}.")


def test_the_english_confirmation_is_unchanged(settings):
    assert confirmation_text(REFERENCE, MONDAY, settings) == (
        "You're booked: consultation on Mon Dec 9, 10:30 AM (Central time) at Alamo Skin & "
        "Scar Clinic (example), 100 Example Plaza, Suite 200, San Antonio, TX 78205. "
        f"Reference {REFERENCE}.\n{PREPARATION}\nTo change or cancel, tell me here or call "
        f"{PHONE}.")


def test_the_texted_spanish_confirmation_names_the_sentences_to_send(settings):
    text = confirmation_text(REFERENCE, MONDAY, settings, texted=True, language="es")
    assert "el 9 de diciembre a las 10:30 a. m. (hora del centro)" in text
    # "cancelar" alone would read as an opt-out to some: the whole sentence is what to send.
    assert '"cancelar mi cita"' in text and '"cambiar mi cita"' in text
    assert "72 horas antes" in text


def test_the_spanish_reminder_and_check_in(settings):
    reminder = reminder_text(REFERENCE, MONDAY, settings, "es")
    assert reminder.startswith("Recordatorio de Alamo Skin & Scar Clinic (example): su "
                               "consulta es mañana, 9 de diciembre a las 10:30 a. m.")
    assert REFERENCE in reminder and '"cancelar mi cita"' in reminder
    checkin = aftercare_checkin_text(settings, "es")
    assert "¿qué tal va sanando su piel" in checkin and "Responda BIEN" in checkin
    assert PHONE in checkin and "911" in checkin
    assert "how is your skin healing" in aftercare_checkin_text(settings)


def _texts(settings, language: str) -> Dict[str, List[str]]:
    return {
        "confirmation": [confirmation_text(REFERENCE, day, settings, texted=True,
                                           language=language, now=day - ahead)
                         for day in WEEK for ahead in (timedelta(hours=3), timedelta(days=5))],
        "reminder": [reminder_text(REFERENCE, day, settings, language) for day in WEEK],
        "check-in": [aftercare_checkin_text(settings, language)],
    }


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_text_fits_three_plain_segments_on_any_day(settings, language):
    # Plain GSM-7: 153 characters a segment once split; one "á" would make it 67 (UCS-2).
    for kind, texts in _texts(settings, language).items():
        for text in texts:
            found = segments(text)
            assert (found.encoding, found.count <= 3) == ("GSM-7", True), (kind, found, text)


def test_the_email_confirmation_is_in_spanish_with_a_spanish_ics(settings):
    [email] = visitor_confirmation_draft(settings, "maria@example.com", REFERENCE, MONDAY,
                                         "es")
    assert email.payload["subject"] == "Su consulta en Alamo Skin & Scar Clinic (example)"
    assert email.payload["body"] == confirmation_text(REFERENCE, MONDAY, settings,
                                                      language="es")
    event = _event(email.payload["attachments"][0]["content"])
    assert str(event["summary"]) == "Consulta en Alamo Skin & Scar Clinic (example)"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_consultation_sooner_than_three_days_says_stop_retinoids_from_today(
        settings, language):
    tomorrow = MONDAY - timedelta(days=1)
    chat = confirmation_text(REFERENCE, MONDAY, settings, language=language, now=tomorrow)
    texted = confirmation_text(REFERENCE, MONDAY, settings, texted=True, language=language,
                               now=tomorrow)
    ics = str(_event(consultation_ics(REFERENCE, MONDAY, settings, language,
                                      now=tomorrow))["description"])
    soon, usual = ((PREPARATION_SOON_ES, PREPARATION_ES) if language == "es"
                   else (PREPARATION_SOON, PREPARATION))
    assert soon in chat and soon in ics
    assert usual not in chat and usual not in ics
    assert ("Desde hoy deje los retinoides" if language == "es"
            else "From today, stop retinoids") in texted
    assert "72 horas" not in texted and "3 days before," not in texted


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_consultation_three_days_or_more_away_says_three_days_before(settings, language):
    early = MONDAY - timedelta(days=3)
    chat = confirmation_text(REFERENCE, MONDAY, settings, language=language, now=early)
    assert (PREPARATION_ES if language == "es" else PREPARATION) in chat
    assert "desde hoy" not in chat.lower() and "from today" not in chat.lower()


def _event(ics: str):
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    return event


def test_the_ics_file_in_spanish(settings):
    event = _event(consultation_ics(REFERENCE, MONDAY, settings, "es"))
    assert str(event["summary"]) == "Consulta en Alamo Skin & Scar Clinic (example)"
    assert event["summary"].params["LANGUAGE"] == "es"
    description = str(event["description"])
    assert description.startswith(f"Referencia {REFERENCE}. Para cambiarla o cancelarla, "
                                   f"llame al {PHONE}.")
    assert PREPARATION_ES in description
    assert event.decoded("dtstart") == MONDAY


def test_the_ics_file_in_english_by_default(settings):
    event = _event(consultation_ics(REFERENCE, MONDAY, settings))
    assert str(event["summary"]) == "Consultation at Alamo Skin & Scar Clinic (example)"
    assert event["description"].params["LANGUAGE"] == "en"
    assert PREPARATION in str(event["description"])


def _visitor_drafts(settings, contact_language: str, language: str | None = None):
    notify = booking_notify(settings, "booked", REFERENCE, MONDAY, language=language)
    # Staff's drafts are on the topic "booked"; the visitor's are the confirmation and reminder.
    return [d for d in notify(contact(contact_language)) if d.topic != "booked"]


def test_a_booking_speaks_the_leads_language_when_the_conversation_names_none(make_settings):
    settings = make_settings(**TWILIO)
    drafts = _visitor_drafts(settings, "es")
    assert [(d.channel, d.topic) for d in drafts] == [
        ("email", "confirmation"), ("sms", "confirmation"), ("sms", "reminder")]
    assert drafts[0].payload["subject"].startswith("Su consulta")
    assert drafts[1].payload["body"].startswith("Listo, su consulta es el 9 de diciembre")
    assert drafts[2].payload["body"].startswith("Recordatorio de")


def test_the_conversations_language_wins_over_the_leads(make_settings):
    settings = make_settings(**TWILIO)
    spanish = _visitor_drafts(settings, "en", language="es")
    assert all("Referencia" in d.payload["body"] for d in spanish)
    english = _visitor_drafts(settings, "es", language="en")
    assert all("Reference" in d.payload["body"] for d in english)


def test_staff_are_still_told_in_english(make_settings):
    settings = make_settings(**TWILIO, STAFF_EMAIL="staff@example.com")
    notify = booking_notify(settings, "booked", REFERENCE, MONDAY, language="es")
    [staff] = [d for d in notify(contact("es")) if d.recipient == "staff@example.com"]
    assert "New consultation booked" in staff.payload["subject"]
    assert "Mon Dec 9, 10:30 AM" in staff.payload["body"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_health_detail_goes_to_the_visitor_by_text_or_email(make_settings, language):
    settings = make_settings(**TWILIO)
    for draft in _visitor_drafts(settings, language):
        body = draft.payload["body"].lower()
        # The lead's band (severe), in either language, never leaves the clinic's records.
        assert "severe" not in body and "grave" not in body and "severo" not in body
