"""The .ics file of a booked consultation (icalendar), and what to prepare for it, in the
visitor's language."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event

from bot.language import language_of
from bot.settings import Settings


def consultation_ics(reference: str, starts_at: datetime, settings: Settings,
                     language: str = "en") -> str:
    """The consultation as an .ics calendar file, with the clinic's address and phone; its
    title and description in `language` ("en" or "es"), marked with iCalendar's LANGUAGE."""
    clinic = settings.clinic
    language = language_of(language)
    spanish = language == "es"
    calendar = Calendar()
    calendar.add("prodid", "-//Clinic intake assistant//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{reference}@clinic-assistant")
    event.add("dtstamp", datetime.now(timezone.utc))
    event.add("dtstart", starts_at.astimezone(timezone.utc))
    event.add("dtend", starts_at.astimezone(timezone.utc)
              + timedelta(minutes=settings.booking.consultation_minutes))
    in_language = {"LANGUAGE": language}
    event.add("summary", f"Consulta en {clinic.name}" if spanish
              else f"Consultation at {clinic.name}", parameters=in_language)
    event.add("location", clinic.address)
    change = (f"Referencia {reference}. Para cambiarla o cancelarla, llame al "
              f"{clinic.phone_display}." if spanish else
              f"Reference {reference}. To change or cancel, call {clinic.phone_display}.")
    event.add("description", f"{change}\n{preparation(language)}", parameters=in_language)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def preparation(language: str = "en") -> str:
    """What to do before the consultation, in full (email, chat, .ics)."""
    return PREPARATION_ES if language_of(language) == "es" else PREPARATION


PREPARATION = (
    "Before your consultation: stop retinoids (such as tretinoin or retinol) and exfoliating "
    "acids 3 days before; don't stop any prescribed medicine, including blood thinners, "
    "without asking your doctor, but tell us about it; arrive with clean skin, no make-up; "
    "bring a list of your medicines; if you have a cold sore or feel unwell, call us."
)
PREPARATION_ES = (
    "Antes de su consulta: 3 días antes deje de usar retinoides (como la tretinoína o el "
    "retinol) y ácidos exfoliantes; no deje de tomar ninguna medicina recetada, tampoco los "
    "anticoagulantes, sin preguntarle a su médico, pero díganos cuáles toma; venga con la piel "
    "limpia, sin maquillaje; traiga una lista de sus medicinas; si le sale un fuego en el labio "
    "o se siente mal, llámenos."
)
