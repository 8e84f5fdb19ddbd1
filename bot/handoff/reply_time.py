"""What a visitor who asks for a person is told about when someone will answer.

Honest either way: within opening hours a reply here is close (HANDOFF_REPLY_MINUTES), outside
them nobody reads the queue until the clinic opens again, so the visitor hears when that is.
"""

from __future__ import annotations

from datetime import datetime

from bot.opening_hours import format_clock
from bot.settings import Settings

WEEK = 7


def when_someone_answers(settings: Settings, now: datetime) -> str:
    """The reply to "I want to talk to a person" at `now` (an aware time)."""
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


def next_opening_text(opening: datetime, local: datetime) -> str:
    """'today at 9 AM', 'tomorrow at 9 AM', 'on Monday at 9 AM' within a week, else
    'on Monday, Dec 28 at 9 AM'; both times in the clinic's zone."""
    days = (opening.date() - local.date()).days
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
