"""The .ics file of a booked consultation (icalendar), and what to prepare for it, in the
visitor's language."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event

from bot.language import language_of
from bot.settings import Settings


def consultation_ics(reference: str, starts_at: datetime, settings: Settings,
                     language: str = "en", now: datetime | None = None) -> str:
    """The consultation as an .ics calendar file, with the clinic's address and phone; its
    title and description in `language` ("en" or "es"), marked with iCalendar's LANGUAGE.
    `now` (default: the current time) tells whether the preparation's "3 days before" has
    passed."""
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
    soon = is_soon(starts_at, now or datetime.now(timezone.utc))
    event.add("description", f"{change}\n{preparation(language, soon)}",
              parameters=in_language)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def preparation(language: str = "en", soon: bool = False) -> str:
    """What to do before the consultation, in full (email, chat, .ics). `soon`: it is less
    than `PREPARATION_DAYS` away, so "3 days before" has passed and the advice is "from today"."""
    if language_of(language) == "es":
        return PREPARATION_SOON_ES if soon else PREPARATION_ES
    return PREPARATION_SOON if soon else PREPARATION


def is_soon(starts_at: datetime, now: datetime) -> bool:
    """Too close for the preparation's "3 days before"."""
    return starts_at - now < PREPARATION_DAYS


PREPARATION_DAYS = timedelta(days=3)
_PREPARATION = (
    "Before your consultation: stop retinoids (such as tretinoin or retinol) and exfoliating "
    "acids {when}; don't stop any prescribed medicine, including blood thinners, without "
    "asking your doctor, but tell us about it; arrive with clean skin, no make-up; bring a "
    "list of your medicines; if you have a cold sore or feel unwell, call us."
)
_PREPARATION_ES = (
    "Antes de su consulta: deje de usar retinoides (como la tretinoína o el retinol) y ácidos "
    "exfoliantes {when}; no deje de tomar ninguna medicina recetada, tampoco los "
    "anticoagulantes, sin preguntarle a su médico, pero díganos cuáles toma; venga con la piel "
    "limpia, sin maquillaje; traiga una lista de sus medicinas; si le sale un fuego en el labio "
    "o se siente mal, llámenos."
)
PREPARATION = _PREPARATION.format(when="3 days before")
PREPARATION_SOON = _PREPARATION.format(
    when="from today (3 days before is best: tell us when you last used them)")
PREPARATION_ES = _PREPARATION_ES.format(when="3 días antes")
PREPARATION_SOON_ES = _PREPARATION_ES.format(
    when="desde hoy (lo mejor son 3 días antes: díganos cuándo los usó por última vez)")
