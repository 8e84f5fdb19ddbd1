"""The .ics file of a booked consultation (icalendar), and what to prepare for it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event

from bot.settings import Settings


def consultation_ics(reference: str, starts_at: datetime, settings: Settings) -> str:
    """The consultation as an .ics calendar file, with the clinic's address and phone."""
    clinic = settings.clinic
    calendar = Calendar()
    calendar.add("prodid", "-//Clinic intake assistant//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{reference}@clinic-assistant")
    event.add("dtstamp", datetime.now(timezone.utc))
    event.add("dtstart", starts_at.astimezone(timezone.utc))
    event.add("dtend", starts_at.astimezone(timezone.utc)
              + timedelta(minutes=settings.booking.consultation_minutes))
    event.add("summary", f"Consultation at {clinic.name}")
    event.add("location", clinic.address)
    event.add("description", f"Reference {reference}. To change or cancel, call "
              f"{clinic.phone_display}.\n{PREPARATION}")
    calendar.add_component(event)
    return calendar.to_ical().decode()


PREPARATION = (
    "Before your consultation: stop retinoids (such as tretinoin or retinol) and exfoliating "
    "acids 3 days before; don't stop any prescribed medicine, including blood thinners, "
    "without asking your doctor, but tell us about it; arrive with clean skin, no make-up; "
    "bring a list of your medicines; if you have a cold sore or feel unwell, call us."
)
