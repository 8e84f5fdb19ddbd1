"""What a visitor who asks for a person is told about when someone will answer.

Honest either way: within opening hours a reply here is close (HANDOFF_REPLY_MINUTES), outside
them nobody reads the queue until the clinic opens again, so the visitor hears when that is.
"""

from __future__ import annotations

from datetime import datetime

from bot.opening_hours import at_clock, format_clock, spanish_day, spanish_weekday, zone_label
from bot.settings import Settings

WEEK = 7


def when_someone_answers(settings: Settings, now: datetime, language: str = "en") -> str:
    """The reply to "I want to talk to a person" at `now` (an aware time), in English or, for
    "es", in Spanish."""
    if language == "es":
        return _when_someone_answers_es(settings, now)
    clinic = settings.clinic
    local = now.astimezone(clinic.timezone)
    if clinic.hours.is_open(local, settings.booking.closed_dates):
        return (
            "I've let the team know you'd like to talk to a person. Someone from the team will "
            "reply here shortly (usually within "
            f"{_minutes(settings.handoff.reply_minutes)}). If you'd rather talk now, call "
            f"{clinic.phone_display}."
        )
    opening = clinic.hours.next_opening(local, settings.booking.closed_dates)
    if opening is None:
        return (
            f"I've let the team know you'd like to talk to a person. The clinic is closed "
            f"now; please call {clinic.phone_display}."
        )
    return (
        "I've let the team know you'd like to talk to a person. The clinic is closed now: the "
        f"team is back {next_opening_text(opening, local)} ({clinic.timezone_label}) and "
        f"will reply here if this chat is still open; you can also call "
        f"{clinic.phone_display} then."
    )


def _when_someone_answers_es(settings: Settings, now: datetime) -> str:
    clinic = settings.clinic
    local = now.astimezone(clinic.timezone)
    told = "Ya le avisé al equipo que quiere hablar con una persona."
    if clinic.hours.is_open(local, settings.booking.closed_dates):
        return (
            f"{told} Alguien del equipo le va a contestar aquí en un momento (normalmente en "
            f"menos de {_minutes_es(settings.handoff.reply_minutes)}). Si prefiere hablar "
            f"ahorita, llame al {clinic.phone_display}."
        )
    opening = clinic.hours.next_opening(local, settings.booking.closed_dates)
    if opening is None:
        return (f"{told} La clínica está cerrada en este momento; por favor llame al "
                f"{clinic.phone_display}.")
    return (
        f"{told} La clínica está cerrada en este momento: el equipo regresa "
        f"{next_opening_text(opening, local, 'es')} ({zone_label(clinic.timezone_label, 'es')})"
        " y le contestará aquí si este chat sigue abierto; también puede llamar al "
        f"{clinic.phone_display} a esa hora."
    )


def next_opening_text(opening: datetime, local: datetime, language: str = "en") -> str:
    """'today at 9 AM', 'tomorrow at 9 AM', 'on Monday at 9 AM' within a week, else
    'on Monday, Dec 28 at 9 AM'; both times in the clinic's zone. In Spanish 'hoy a las
    9:00 a. m.', 'mañana ...', 'el lunes ...', 'el lunes 28 de diciembre ...'."""
    days = (opening.date() - local.date()).days
    if language == "es":
        at = at_clock(opening.time(), "es")
        if days == 0:
            return f"hoy {at}"
        if days == 1:
            return f"mañana {at}"
        if days < WEEK:
            return f"el {spanish_weekday(opening.weekday())} {at}"
        return f"el {spanish_day(opening.date())} {at}"
    at = f"at {format_clock(opening.time())}"
    if days == 0:
        return f"today {at}"
    if days == 1:
        return f"tomorrow {at}"
    if days < WEEK:
        return f"on {opening:%A} {at}"
    return f"on {opening:%A, %b} {opening.day} {at}"


def _minutes(count: int) -> str:
    if count % 60 == 0:
        hours = count // 60
        return "an hour" if hours == 1 else f"{hours} hours"
    return "a minute" if count == 1 else f"{count} minutes"


def _minutes_es(count: int) -> str:
    if count % 60 == 0:
        hours = count // 60
        return "una hora" if hours == 1 else f"{hours} horas"
    return "un minuto" if count == 1 else f"{count} minutos"
